/**
 * The contacts page in chromium: a user picks a CSV file of 3,000 contacts (two bad numbers, one
 * repeated), watches the import's progress, sees the skipped rows with their reason and the contacts
 * listed, then adds one by hand; then finds contacts by number and name, declares a label and
 * edits a contact with it, creates a group, puts two ticked contacts in it and narrows the list to
 * it, blacklists one for SMS, and deletes one. No page logs an error.
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

    // Find by number prefix and by name.
    const list = page.getByRole('region', { name: /contacts$/ });
    await list.getByLabel('Search').fill('+336');
    await expect.poll(() => list.getByTestId('contacts-total').textContent()).toBe('1');
    await list.getByLabel('Search').fill('name299'); // Name299, Name2990…Name2998 (2999's row was replaced)
    await expect.poll(() => list.getByTestId('contacts-total').textContent()).toBe('10');

    // A label, then a contact edited with it.
    await page.getByLabel('New label').fill('shoeSize');
    await page.getByLabel('Label type').selectOption('Number');
    await page.getByRole('button', { name: 'Declare label' }).click();
    await page.getByRole('status').filter({ hasText: 'Label shoeSize declared' }).waitFor();
    await list.getByLabel('Search').fill('ada');
    await expect.poll(() => list.getByTestId('contacts-total').textContent()).toBe('1');
    await list.getByRole('button', { name: 'Edit +33612345678' }).click();
    const edit = page.getByRole('form', { name: 'Edit +33612345678' });
    await edit.getByLabel('Last name').fill('Lovelace');
    await edit.getByLabel('shoeSize (Number)').fill('38');
    await edit.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved +33612345678' }).waitFor();
    await expect.poll(() => list.getByTestId('contact-+33612345678').textContent()).toContain('Ada Lovelace');

    // A group, two ticked contacts put in it, the list narrowed to it.
    await page.getByLabel('New group').fill('Vip');
    await page.getByRole('button', { name: 'Create group' }).click();
    await page.getByTestId('group-Vip').waitFor();
    await list.getByLabel('Search').fill('+30694000000');
    await expect.poll(() => list.getByTestId('contacts-total').textContent()).toBe('10');
    await list.getByLabel('Select +306940000001').check();
    await list.getByLabel('Select +306940000002').check();
    const act = page.getByRole('group', { name: 'Act on the selected contacts' });
    await act.getByLabel('Group').selectOption('Vip');
    await act.getByRole('button', { name: 'Add to group' }).click();
    await page.getByRole('status').filter({ hasText: 'Added 2 to Vip (2 contacts)' }).waitFor();
    await expect.poll(() => page.getByTestId('group-Vip').textContent()).toContain('(2)');
    await list.getByLabel('Search').fill('');
    await list.getByLabel('In group').selectOption('Vip');
    await expect.poll(() => list.getByTestId('contacts-total').textContent()).toBe('2');

    // Blacklisted for SMS, then found by that.
    await list.getByLabel('Select +306940000001').check();
    await act.getByLabel('Blacklist').selectOption('Sms');
    await act.getByRole('button', { name: 'Blacklist', exact: true }).click();
    await page.getByRole('status').filter({ hasText: '1 blacklisted for Sms' }).waitFor();
    await list.getByLabel('In group').selectOption('All');
    await list.getByLabel('Blacklisted for').selectOption('Sms');
    await expect.poll(() => list.getByTestId('contacts-total').textContent()).toBe('1');
    expect(await list.getByTestId('contact-+306940000001').textContent()).toContain('Sms');
    await screenshot(page, 'contacts-edit');

    await list.getByRole('button', { name: 'Delete +306940000001' }).click();
    await page.getByRole('status').filter({ hasText: 'Deleted +306940000001' }).waitFor();
    await expect.poll(() => list.getByTestId('contacts-total').textContent()).toBe('0');
    expect(errors).toEqual([]);
  });
});
