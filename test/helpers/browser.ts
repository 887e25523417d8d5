/**
 * A real browser for the console's tests: Debian's chromium driven by playwright-core (installed by
 * scripts/install-system-deps.sh), and the console built by Vite into a temporary directory, so the
 * tests run the pages a user gets. Each page's console errors are collected; screenshots go under
 * test-output/console/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM = process.env.HERALD_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = fileURLToPath(new URL('../../test-output/console/', import.meta.url));

/** Builds the console (console/vite.config.ts) into a new directory and returns it. */
export async function buildConsole(): Promise<string> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-console-build-'));
  const { build } = await import('vite');
  process.env.HERALD_CONSOLE_OUT = out;
  try {
    await build({
      configFile: fileURLToPath(new URL('../../console/vite.config.ts', import.meta.url)),
      logLevel: 'warn',
    });
  } finally {
    delete process.env.HERALD_CONSOLE_OUT;
  }
  return out;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
}

/** A new page that records every console error and uncaught exception into `errors`. */
export async function newPage(
  browser: Browser,
  viewport = { width: 1280, height: 800 },
): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  // A step that cannot happen fails at that step (named in the error), not at the test's timeout.
  page.setDefaultTimeout(10_000);
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, errors };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Signs in on the console's form with an account's application credentials. */
export async function signInConsole(
  page: Page,
  url: string,
  credentials: { clientId: string; clientSecret: string },
  path = '/',
): Promise<void> {
  await page.goto(url + path);
  await page.getByLabel('Application id').fill(credentials.clientId);
  await page.getByLabel('Application secret').fill(credentials.clientSecret);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** A browser test's set-up: the console built, a Herald serving it, chromium; one close for all. */
export interface ConsoleBrowser<T> {
  env: T;
  browser: Browser;
  close(): Promise<void>;
}

/** Builds the console, starts `start(consoleDir)` (a Herald serving it) and launches chromium. */
export async function startConsoleBrowser<T extends { close(): Promise<void> }>(
  start: (consoleDir: string) => Promise<T>,
): Promise<ConsoleBrowser<T>> {
  const dir = await buildConsole();
  let env: T | undefined;
  try {
    env = await start(dir);
    const browser = await launchBrowser();
    return {
      env,
      browser,
      async close() {
        await browser.close();
        await env!.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await env?.close();
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
