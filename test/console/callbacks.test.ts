/**
 * The callbacks page in chromium: a receiver that answers 500 makes Herald give up on a callback; the
 * page lists it with its attempts and last error; the user mends the receiver, presses Replay, and
 * the callback is delivered and leaves the list. No page logs an error.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EngineHerald, startEngineHerald } from '../helpers/engine-herald.js';
import { waitFor } from '../helpers/process.js';
import {
  CHROMIUM,
  type ConsoleBrowser,
  newPage,
  screenshot,
  signInConsole,
  startConsoleBrowser,
} from '../helpers/browser.js';

describe.skipIf(!fs.existsSync(CHROMIUM))('console callbacks in chromium', () => {
  let c: ConsoleBrowser<EngineHerald>;
  beforeAll(async () => {
    c = await startConsoleBrowser((consoleDir) => startEngineHerald('sqlite', { config: { consoleDir } }));
  });
  afterAll(async () => c?.close());

  it('shows a callback given up on and replays it once the receiver is mended', async () => {
    const { h, hook } = c.env;
    hook.respond = 500;
    const token = await h.token();
    const sent = await h.call('POST', '/sms', {
      token,
      json: {
        from: 'Herald',
        to: '+33612345678',
        body: 'hello',
        callback: { url: `${hook.url}/receipts`, strategy: 'OnCompletion' },
      },
    });
    expect(sent.status).toBe(200);
    await waitFor(() => hook.received.length === 6, 15_000, 'six failed attempts');

    const { page, errors } = await newPage(c.browser);
    await signInConsole(page, h.url, h.account.credentials, '/console/callbacks');
    await page.getByRole('heading', { name: 'Callbacks' }).waitFor();
    const item = page.locator('.callbacks li').first();
    await expect.poll(() => item.textContent(), { timeout: 10_000 }).toContain('Given up');
    expect(await item.textContent()).toContain(`${hook.url}/receipts`);
    expect(await item.textContent()).toContain('6 attempt(s)');
    expect(await item.locator('.error').textContent()).toMatch(/500/);
    await item.getByText('What it carries').click();
    expect(await item.locator('pre').textContent()).toContain(sent.body.trackingId);
    await screenshot(page, 'callbacks');

    hook.respond = 200;
    await item.getByRole('button', { name: 'Replay' }).click();
    await page.getByRole('status').filter({ hasText: '1 callback sent again' }).waitFor();
    await waitFor(() => hook.received.length === 7, 10_000, 'replayed callback');
    await expect.poll(() => page.getByText('No failing callback.').count(), { timeout: 10_000 }).toBe(1);
    expect(errors).toEqual([]);
  });
});
