/**
 * The replies page in chromium: the account's number (given by the operator) is listed; the user
 * creates a pool with a reply callback and moves the number into it, adds a keyword rule and saves
 * it; a handset writes the keyword and a plain reply; the page lists both (the keyword one as
 * answered), the answer goes out from that number and both reach the pool's callback; deleting the
 * pool leaves the number in none. No page logs an error.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignNumber } from '../../src/services/numbers.js';
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

describe.skipIf(!fs.existsSync(CHROMIUM))('console replies in chromium', () => {
  let c: ConsoleBrowser<EngineHerald>;
  beforeAll(async () => {
    c = await startConsoleBrowser((consoleDir) => startEngineHerald('sqlite', { config: { consoleDir } }));
  });
  afterAll(async () => c?.close());

  it('lists numbers and received messages and saves a keyword rule that answers', async () => {
    const { h, smsc } = c.env;
    const ctx = h.herald.ctx;
    const accountId = h.account.accountId;
    await assignNumber(ctx, accountId, { number: '+306912345678' });

    const { page, errors } = await newPage(c.browser);
    await signInConsole(page, h.url, h.account.credentials, '/console/replies');
    await page.getByRole('heading', { name: 'Replies' }).waitFor();
    const card = page.getByTestId('number-306912345678');
    await expect.poll(() => card.textContent()).toContain('In no pool');
    expect(await page.getByText('No message received yet.').count()).toBe(1);

    // A pool, created here, and the number moved into it.
    await page.getByLabel('Pool name').fill('Front desk');
    await page.getByLabel('Alphanumeric sender id').fill('Herald');
    await page.getByLabel('Reply callback URL').fill(`${c.env.hook.url}/replies`);
    await page.getByRole('button', { name: 'Create pool' }).click();
    await page.getByRole('status').filter({ hasText: 'Pool Front desk created' }).waitFor();
    await card.getByLabel('Pool').selectOption({ label: 'Front desk' });
    await expect.poll(() => card.textContent()).toContain('In pool Front desk');
    await expect.poll(() => page.getByTestId('pool-Front desk').textContent()).toContain('1 number');

    await card.getByRole('button', { name: 'Add a keyword' }).click();
    await card.getByLabel('Keyword', { exact: true }).fill('hours');
    await card.getByLabel('Reply', { exact: true }).fill('Open 9:00-18:00, Monday to Saturday');
    await card.getByRole('button', { name: 'Save rules' }).click();
    await card.getByRole('status').filter({ hasText: 'Keyword rules saved' }).waitFor();
    expect(await card.getByLabel('Keyword', { exact: true }).inputValue()).toBe('HOURS');

    await smsc.sendMo({ from: '+306948530920', to: '306912345678', text: 'Hours?' });
    await smsc.sendMo({ from: '+306948530920', to: '306912345678', text: 'See you tonight' });
    const rows = page.locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(2);
    expect(await rows.nth(0).textContent()).toContain('See you tonight');
    expect(await rows.nth(1).textContent()).toContain('Keyword answered');
    await waitFor(
      () =>
        smsc.received.some(
          (r) => r.source === '306912345678' && r.text === 'Open 9:00-18:00, Monday to Saturday',
        ),
      10_000,
      'the keyword’s answer',
    );
    // Both reached the pool's reply callback.
    await waitFor(
      () => c.env.hook.received.filter((r) => r.path === '/replies').length === 2,
      10_000,
      'callbacks',
    );
    expect(c.env.hook.received.filter((r) => r.path === '/replies').map((r) => r.body.message)).toEqual([
      'Hours?',
      'See you tonight',
    ]);
    await screenshot(page, 'replies');
    // Deleting the pool leaves the number the account's, in no pool.
    await page.getByTestId('pool-Front desk').getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('status').filter({ hasText: 'Pool Front desk deleted' }).waitFor();
    await expect.poll(() => card.textContent()).toContain('In no pool');
    expect(errors).toEqual([]);
  });
});
