/**
 * The contacts page in chromium: a user picks a CSV file of 3,000 contacts (two bad numbers, one
 * repeated), watches the import's progress, sees the skipped rows with their reason and the contacts
 * listed, then adds one by hand. No page logs an error.
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

describe.skipIf(!fs.existsSync(CHROMIUM))('console contacts in chromium', () => {
  let c: ConsoleBrowser<TestHerald>;
  beforeAll(async () => {
    c = await startConsoleBrowser((consoleDir) => startTestHerald('sqlite', { config: { consoleDir } }));
  });
  afterAll(async () => c?.close());

  it('imports a CSV file with a progress bar and lists the rows it skipped', async () => {
    const lines = ['mobile,firstName,lastName'];
    for (let i = 0; i < 3000; i++) lines.push(`+3069${String(40000000 + i)},Name${i},Family`);
    lines[101] = 'not-a-number,Bad,Row';
    lines[2001] = '12,Short,Row';
    lines[3000] = lines[5]!; // the same mobile again
    const h = c.env;
    const { page, errors } = await newPage(c.browser);
    await signInConsole(page, h.url, h.account.credentials);
    await page.getByRole('link', { name: 'Contacts' }).click();
    await page.getByRole('heading', { name: 'Contacts', exact: true }).waitFor();
    await page.getByLabel('CSV file', { exact: true }).setInputFiles({
      name: 'contacts.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(lines.join('\n')),
    });
    await page.getByText('contacts.csv: 3000 rows').waitFor();
    await page.getByLabel('Add them to the group (optional)').fill('Winter');
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByRole('progressbar', { name: 'Import progress' }).waitFor();
    await expect
      .poll(() => page.getByTestId('import-state').textContent(), { timeout: 20_000, interval: 200 })
      .toBe('Done: 2997 contacts stored, 3 rows skipped');
    const skipped = await page.getByTestId('import-error').allTextContents();
    expect(skipped).toHaveLength(3);
    expect(skipped[0]).toMatch(/^102not-a-number/);
    expect(skipped[1]).toMatch(/^2002\s*12/);
    expect(skipped[2]).toMatch(/^3001\+306940000004Contact mobile appears/);
    await expect.poll(() => page.getByTestId('contacts-total').textContent()).toBe('2997');
    await screenshot(page, 'contacts-import');

    await page.getByLabel('Mobile', { exact: true }).fill('+33612345678');
    await page.getByLabel('First name').fill('Ada');
    await page.getByRole('button', { name: 'Add contact' }).click();
    await page.getByRole('status').filter({ hasText: 'Added +33612345678' }).waitFor();
    await expect.poll(() => page.getByTestId('contacts-total').textContent()).toBe('2998');
    expect(errors).toEqual([]);
  });
});
