/**
 * The console on a phone and from a keyboard, in chromium: the user signs in with the keyboard alone
 * (Tab, typing, Enter), then every page, the operator's included, fits a 390-pixel-wide screen (no
 * sideways scrolling of the page; wide tables scroll in their own box) and logs no error.
 */
import { assignNumber, setKeywordRules } from '../../src/services/numbers.js';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';
import {
  CHROMIUM,
  type ConsoleBrowser,
  newPage,
  screenshot,
  startConsoleBrowser,
} from '../helpers/browser.js';

const ADMIN = 'phone-admin-token-77';
const PHONE = { width: 390, height: 844 };

const ACCOUNT_PAGES: Array<[string, string]> = [
  ['overview', '/console/'],
  ['campaigns', '/console/campaigns'],
  ['new-campaign', '/console/campaigns/new'],
  ['new-voice-campaign', '/console/campaigns/new-voice'],
  ['messages', '/console/messages'],
  ['contacts', '/console/contacts'],
  ['callbacks', '/console/callbacks'],
  ['replies', '/console/replies'],
  ['account', '/console/account'],
];
const OPERATOR_PAGES: Array<[string, string]> = [
  ['operator-links', '/console/operator/links'],
  ['operator-accounts', '/console/operator/accounts'],
  ['operator-prices', '/console/operator/prices'],
];

describe.skipIf(!fs.existsSync(CHROMIUM))('console on a phone and from a keyboard', () => {
  let c: ConsoleBrowser<TestHerald>;
  beforeAll(async () => {
    c = await startConsoleBrowser((consoleDir) =>
      startTestHerald('sqlite', { config: { consoleDir, adminToken: ADMIN } }),
    );
  });
  afterAll(async () => c?.close());

  it('signs in from the keyboard and fits every page on a phone', { timeout: 60_000 }, async () => {
    const h = c.env;
    // A number with a keyword rule, so that the replies page shows its form.
    await assignNumber(h.herald.ctx, h.account.accountId, { number: '+306912345678' });
    await setKeywordRules(h.herald.ctx, h.account.accountId, '306912345678', [
      { keyword: 'HOURS', reply: 'Open every day from 9:00 to 18:00, Sundays from 10:00' },
    ]);
    const { page, errors } = await newPage(c.browser, PHONE);
    await page.goto(`${h.url}/console/`);
    await page.getByLabel('Application id').waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.type(h.account.credentials.clientId);
    await page.keyboard.press('Tab');
    await page.keyboard.type(h.account.credentials.clientSecret);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    const fits = async (name: string, path: string) => {
      await page.goto(`${h.url}${path}`);
      await page.locator('h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      // Run in the page (the DOM's names are the page's, not the tests').
      const { scroll, width } = (await page.evaluate(
        '({ scroll: document.documentElement.scrollWidth, width: window.innerWidth })',
      )) as { scroll: number; width: number };
      await screenshot(page, `phone-${name}`);
      expect(scroll, `${name} is ${scroll}px wide on a ${width}px screen`).toBeLessThanOrEqual(width);
    };
    for (const [name, path] of ACCOUNT_PAGES) await fits(name, path);

    await page.goto(`${h.url}/console/operator`);
    await page.getByLabel('Admin token').fill(ADMIN);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Links and trunks' }).waitFor();
    for (const [name, path] of OPERATOR_PAGES) await fits(name, path);
    expect(errors).toEqual([]);
  });
});
