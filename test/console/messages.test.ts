/**
 * The messages page in chromium: a user searches by number, opens a two-part message and reads its
 * timeline — accepted, each part sent to the operator with its id, then Delivered with the receipt's
 * detail — as the operator simulator answers. No page logs an error.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EngineHerald, startEngineHerald } from '../helpers/engine-herald.js';
import {
  CHROMIUM,
  type ConsoleBrowser,
  newPage,
  screenshot,
  signInConsole,
  startConsoleBrowser,
} from '../helpers/browser.js';

describe.skipIf(!fs.existsSync(CHROMIUM))('console messages in chromium', () => {
  let c: ConsoleBrowser<EngineHerald>;
  beforeAll(async () => {
    c = await startConsoleBrowser((consoleDir) => startEngineHerald('sqlite', { config: { consoleDir } }));
  });
  afterAll(async () => c?.close());

  it('finds a message by number and shows its timeline to Delivered', async () => {
    const { h } = c.env;
    const token = await h.token();
    for (const [to, body] of [
      ['+33612345678', 'short one'],
      ['+306948000001', 'a longer message '.repeat(12)],
    ] as const)
      expect((await h.call('POST', '/sms', { token, json: { from: 'Herald', to, body } })).status).toBe(200);

    const { page, errors } = await newPage(c.browser);
    await signInConsole(page, h.url, h.account.credentials);
    await page.getByRole('link', { name: 'Messages' }).click();
    await page.getByRole('heading', { name: 'Messages' }).waitFor();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(2);
    await page.getByLabel('Number').fill('+3069');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    await screenshot(page, 'messages');
    await page.getByRole('link', { name: '+306948000001' }).click();
    await page.getByRole('heading', { name: 'Message to +306948000001' }).waitFor();
    await expect
      .poll(() => page.getByTestId('message-status').textContent(), { timeout: 15_000, interval: 250 })
      .toBe('Delivered');
    const timeline = page.getByTestId('timeline');
    await expect.poll(() => timeline.locator('li').count(), { timeout: 10_000 }).toBe(5);
    const text = await timeline.textContent();
    expect(text).toContain('Accepted by Herald');
    expect(text).toMatch(/Sent — Sent to the operator \(part 1\)operator id \S+ on op1/);
    expect(text).toMatch(/Delivered — Final status \(part 2\)/);
    expect(await page.locator('tbody tr').count()).toBe(2); // the parts table
    await screenshot(page, 'message-timeline');
    expect(errors).toEqual([]);
  });
});
