/**
 * The console in a real browser (chromium): a user signs in with the account's application
 * credentials, sees the overview (balance, today's messages reaching Delivered as the operator
 * simulator answers, the link bound, the per-minute chart), a wrong secret is refused with a message,
 * the page works at a phone's width, and signing out brings the form back. No page logs an error.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EngineHerald, startEngineHerald } from '../helpers/engine-herald.js';
import {
  CHROMIUM,
  type ConsoleBrowser,
  newPage,
  screenshot,
  startConsoleBrowser,
} from '../helpers/browser.js';

describe.skipIf(!fs.existsSync(CHROMIUM))('console overview in chromium', () => {
  let c: ConsoleBrowser<EngineHerald>;
  beforeAll(async () => {
    c = await startConsoleBrowser((consoleDir) =>
      startEngineHerald('sqlite', { balance: 10, config: { consoleDir } }),
    );
  });
  afterAll(async () => c?.close());

  it('signs in, watches today’s messages get delivered, signs out', async () => {
    const { h } = c.env;
    const token = await h.token();
    for (const to of ['+306948000001', '+306948000002', '+33612345678'])
      expect(
        (await h.call('POST', '/sms', { token, json: { from: 'Herald', to, body: 'hello' } })).status,
      ).toBe(200);

    const { page, errors } = await newPage(c.browser);
    await page.goto(h.url + '/');
    await page.getByLabel('Application id').fill(h.account.credentials.clientId);
    await page.getByLabel('Application secret').fill('wrong secret');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Wrong application id or secret');
    // The refusal is a 401 the page handled; the browser logs that one failed request, nothing else.
    expect(errors).toEqual([
      'Failed to load resource: the server responded with a status of 401 (Unauthorized)',
    ]);
    errors.length = 0;

    await page.getByLabel('Application secret').fill(h.account.credentials.clientSecret);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    expect(await page.getByTestId('balance').textContent()).toMatch(/9\.87/); // 10 − 0.042 − 0.042 − 0.045
    // The overview refreshes by itself as receipts arrive: all three reach Delivered.
    await expect
      .poll(() => page.getByTestId('today-Delivered').textContent(), { timeout: 15_000, interval: 250 })
      .toBe('3');
    expect(await page.getByTestId('today-total').textContent()).toBe('3');
    await expect.poll(() => page.locator('.links').textContent(), { timeout: 10_000 }).toMatch(/bound\s*op1/);
    expect(
      await page
        .getByRole('img', { name: /per minute/ })
        .locator('canvas')
        .count(),
    ).toBe(1);
    await screenshot(page, 'overview-laptop');

    // A reload keeps the session (cookie), and the page at a phone's width.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    // Evaluated in the page (a string: this file is typed for Node, not the DOM).
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'overview-phone');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Application id').waitFor();
    await page.reload();
    await page.getByLabel('Application id').waitFor(); // signed out for good
    expect(errors).toEqual([]);
  });
});
