/**
 * The operator pages in chromium: sign in with the admin token (a wrong one is refused on the form),
 * watch the bound link carry traffic, edit it (window and rate; the password is not retyped and the
 * SMSC accepts the new bind), disable and enable it while the SMSC sees the binds go and come back;
 * change the bundled callee's trunk and turn it off and on;
 * create an account and see its credentials once, top it up, disable it; set a price. The pages log
 * no error beyond the two refusals the user caused.
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
  startConsoleBrowser,
} from '../helpers/browser.js';

const ADMIN = 'browser-admin-token-42';

describe.skipIf(!fs.existsSync(CHROMIUM))('console operator pages in chromium', () => {
  let c: ConsoleBrowser<EngineHerald>;
  beforeAll(async () => {
    c = await startConsoleBrowser((consoleDir) =>
      startEngineHerald('sqlite', { config: { consoleDir, adminToken: ADMIN } }),
    );
  });
  afterAll(async () => c?.close());

  it('edits, disables and enables a link as operator, then manages accounts and prices', async () => {
    const { h, smsc } = c.env;
    const { page, errors } = await newPage(c.browser);
    await page.goto(`${h.url}/console/`);
    await page.getByRole('link', { name: 'Operator sign-in' }).click();
    await page.getByLabel('Admin token').fill('not-the-token');
    await page.getByRole('button', { name: 'Sign in as operator' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong admin token' }).waitFor();
    await page.getByLabel('Admin token').fill(ADMIN);
    await page.getByRole('button', { name: 'Sign in as operator' }).click();
    await page.getByRole('heading', { name: 'Links and trunks' }).waitFor();

    // The configured link is bound and carries what the API sends.
    const row = page.getByTestId('link-op1');
    await expect.poll(() => row.locator('.badge').textContent(), { timeout: 10_000 }).toBe('bound');
    expect(await row.textContent()).toContain('configuration file');
    expect(await row.textContent()).toContain('0/50');
    const token = await h.token();
    for (let i = 0; i < 20; i++) {
      const r = await h.call('POST', '/sms', {
        token,
        json: { from: 'Herald', to: `+3361234${String(5600 + i)}`, body: `hello ${i}` },
      });
      expect(r.status).toBe(200);
    }
    await expect.poll(() => row.locator('td').nth(4).textContent(), { timeout: 10_000 }).toBe('20');

    // Edit: a smaller window and a rate; the password field stays empty.
    await row.getByRole('button', { name: 'Edit op1' }).click();
    const form = page.getByRole('form', { name: 'Edit link op1' });
    expect(await form.getByLabel('Password').inputValue()).toBe('');
    await form.getByLabel('Window').fill('0');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.locator('small.error').filter({ hasText: 'must be an integer from 1' }).waitFor();
    await form.getByLabel('Window').fill('8');
    await form.getByLabel('Parts per second').fill('100');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Link op1 saved' }).waitFor();
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('0/8');
    await expect.poll(() => row.locator('.badge').textContent(), { timeout: 10_000 }).toBe('bound');
    expect(await row.textContent()).toContain('added here');
    expect(smsc.boundSessions).toBe(1);

    await row.getByRole('button', { name: 'Disable op1' }).click();
    await expect.poll(() => row.locator('.badge').textContent(), { timeout: 10_000 }).toBe('disabled');
    await waitFor(() => smsc.boundSessions === 0, 5000, 'unbound');
    await row.getByRole('button', { name: 'Enable op1' }).click();
    await expect.poll(() => row.locator('.badge').textContent(), { timeout: 10_000 }).toBe('bound');
    expect(smsc.boundSessions).toBe(1);

    // The bundled callee's trunk: a larger limit, then off and on again.
    const trunk = page.getByTestId('trunk-callee-sim');
    await expect.poll(() => trunk.locator('.badge').textContent(), { timeout: 10_000 }).toBe('active');
    await trunk.getByRole('button', { name: 'Edit callee-sim' }).click();
    const trunkForm = page.getByRole('form', { name: 'Edit trunk callee-sim' });
    await trunkForm.getByLabel('Calls at once').fill('20');
    await trunkForm.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Trunk callee-sim saved' }).waitFor();
    await expect.poll(() => trunk.textContent(), { timeout: 10_000 }).toContain('0/20');
    await trunk.getByRole('button', { name: 'Disable callee-sim' }).click();
    await expect.poll(() => trunk.locator('.badge').textContent(), { timeout: 10_000 }).toBe('disabled');
    await trunk.getByRole('button', { name: 'Enable callee-sim' }).click();
    await expect.poll(() => trunk.locator('.badge').textContent(), { timeout: 10_000 }).toBe('active');
    await screenshot(page, 'operator-links');

    // Accounts: create one, see its credentials once, top it up, disable it.
    await page.getByRole('link', { name: 'Accounts' }).click();
    await page.getByLabel('Name').fill('Corner Bakery');
    await page.getByLabel('Opening balance').fill('3');
    await page.getByRole('button', { name: 'Create account' }).click();
    const creds = page.getByRole('region', { name: 'New credentials' });
    await creds.waitFor();
    const secret = (await creds.locator('dd code').nth(1).textContent())!;
    expect(secret).toMatch(/^[\w-]{32}$/);
    const bakery = page.getByTestId('account-Corner Bakery');
    await expect.poll(() => bakery.locator('.balance').textContent()).toBe('3 EUR');
    await bakery.getByLabel('Top-up amount for Corner Bakery').fill('2.5');
    await bakery.getByRole('button', { name: 'Top up' }).click();
    await page.getByRole('status').filter({ hasText: 'balance now 5.5 EUR' }).waitFor();
    await expect.poll(() => bakery.locator('.balance').textContent()).toBe('5.5 EUR');
    // SMPP credentials are shown once with the others.
    expect(await creds.locator('dd code').nth(4).textContent()).toMatch(/^h[a-z0-9]{11}$/);
    expect(await creds.locator('dd code').nth(5).textContent()).toMatch(/^\S{8}$/);
    // Numbers: give one, refuse a short code without its country, take it back.
    await bakery.getByLabel('New number for Corner Bakery').fill('+306912345678');
    await bakery.getByRole('button', { name: 'Give number' }).click();
    await page.getByRole('status').filter({ hasText: 'Corner Bakery has number +306912345678' }).waitFor();
    await expect.poll(() => bakery.locator('.number code').allTextContents()).toEqual(['306912345678']);
    await bakery.getByLabel('New number for Corner Bakery').fill('38300');
    await bakery.getByRole('button', { name: 'Give number' }).click();
    await page.getByRole('alert').filter({ hasText: 'country' }).waitFor();
    await bakery.getByLabel('Short code country for Corner Bakery').fill('fr');
    await bakery.getByRole('button', { name: 'Give number' }).click();
    await expect
      .poll(() => bakery.locator('.number code').allTextContents())
      .toEqual(['306912345678', '38300']);
    await bakery.getByRole('button', { name: 'Take 306912345678 back' }).click();
    await expect.poll(() => bakery.locator('.number code').allTextContents()).toEqual(['38300']);
    await bakery.getByRole('button', { name: 'Disable' }).click();
    await expect.poll(() => bakery.locator('.badge').textContent()).toBe('disabled');
    await page.getByLabel('Find an account').fill('bakery');
    await expect.poll(() => page.locator('table.accounts tbody tr').count()).toBe(1);
    await screenshot(page, 'operator-accounts');

    // Prices: set one and see it listed.
    await page.getByRole('link', { name: 'Prices' }).click();
    await page.getByLabel('Service').selectOption('sms');
    await page.getByLabel('Country', { exact: true }).fill('fr');
    await page.getByRole('spinbutton', { name: 'Price' }).fill('0.051');
    await page.getByRole('button', { name: 'Set price' }).click();
    await page.getByRole('status').filter({ hasText: 'sms FR = 0.051' }).waitFor();
    await expect.poll(() => page.getByTestId('price-sms-FR').textContent()).toContain('0.051');
    await screenshot(page, 'operator-prices');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Admin token').waitFor();
    // The browser logs the three refusals the user caused (wrong token, window 0, a short code
    // without its country), nothing else.
    expect(errors).toEqual([
      'Failed to load resource: the server responded with a status of 401 (Unauthorized)',
      'Failed to load resource: the server responded with a status of 400 (Bad Request)',
      'Failed to load resource: the server responded with a status of 400 (Bad Request)',
    ]);
  });
});
