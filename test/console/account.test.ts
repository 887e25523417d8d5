/**
 * The account page in chromium: the user sets default callbacks, quiet hours and opt-out words (a
 * wrong window is shown under its field), finds them again after a reload, downloads the ledger as
 * CSV, looks up a country's price, and replaces the application secret: the new one is shown once,
 * works for OAuth, and the old one no longer does. No page logs an error beyond the refusal caused.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';
import {
  CHROMIUM,
  type ConsoleBrowser,
  newPage,
  screenshot,
  signInConsole,
  startConsoleBrowser,
} from '../helpers/browser.js';

describe.skipIf(!fs.existsSync(CHROMIUM))('console account page in chromium', () => {
  let c: ConsoleBrowser<TestHerald>;
  beforeAll(async () => {
    c = await startConsoleBrowser((consoleDir) =>
      startTestHerald('sqlite', { balance: 12, config: { consoleDir } }),
    );
  });
  afterAll(async () => c?.close());

  it('changes defaults, exports the ledger, and replaces the application secret', async () => {
    const h = c.env;
    const { page, errors } = await newPage(c.browser);
    await signInConsole(page, h.url, h.account.credentials, '/console/account');
    await page.getByRole('heading', { name: 'Account: test' }).waitFor();
    expect(await page.getByTestId('balance').textContent()).toBe('12 EUR');

    await page
      .getByRole('group', { name: 'Message callback' })
      .getByLabel('URL (empty: none)')
      .fill('https://hooks.example.com/sms');
    await page.getByLabel('Quiet hours').fill('22:00-08:00, 25:00-26:00');
    await page.getByLabel('Opt-out words').fill('STOP, ARRET');
    await page.getByRole('button', { name: 'Save defaults' }).click();
    await page.locator('small.error').filter({ hasText: 'HH:MM-HH:MM' }).waitFor();
    await page.getByLabel('Quiet hours').fill('22:00-08:00');
    await page.getByRole('button', { name: 'Save defaults' }).click();
    await page.getByRole('status').filter({ hasText: 'Settings saved' }).waitFor();

    await page.reload();
    await page.getByRole('heading', { name: 'Account: test' }).waitFor();
    expect(await page.getByLabel('Quiet hours').inputValue()).toBe('22:00-08:00');
    expect(await page.getByLabel('Opt-out words').inputValue()).toBe('STOP, ARRET');
    expect(
      await page
        .getByRole('group', { name: 'Message callback' })
        .getByLabel('URL (empty: none)')
        .inputValue(),
    ).toBe('https://hooks.example.com/sms');

    // The ledger: the opening top-up, and its CSV.
    await page.locator('table.ledger').getByText('opening balance').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^ledger-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv$/);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('date,kind,amount,balanceAfter,currency,reference,description');
    expect(csv).toContain(',topup,12,12,EUR,,opening balance');

    await page.getByLabel('Country', { exact: true }).fill('fr');
    expect(await page.getByTestId('account-price-FR').textContent()).toContain('0.045');
    await screenshot(page, 'account');

    await page.getByRole('button', { name: 'Replace application secret…' }).click();
    await page
      .getByRole('alertdialog')
      .getByRole('button', { name: 'Replace the application secret' })
      .click();
    const secret = (await page.getByTestId('new-secret').textContent())!;
    expect(secret).toMatch(/^[\w-]{32}$/);
    await expect(h.token()).rejects.toThrow(/401/);
    const renewed = { ...h.account, credentials: { ...h.account.credentials, clientSecret: secret } };
    expect(await h.token(renewed)).toMatch(/^[0-9a-f-]{36}$/);
    expect(errors).toEqual([
      'Failed to load resource: the server responded with a status of 400 (Bad Request)',
    ]);
  });
});
