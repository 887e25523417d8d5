/**
 * Campaign pages in chromium, as a user works them: the new-campaign form counts parts and shows the
 * encoding as the text is typed (the domain's analysis, bundled), marks characters outside GSM and
 * offers the transcoded text, previews cost and send time per country, sends; the campaign's page
 * then watches it reach Finished. A scheduled campaign is changed and withdrawn. No page logs an error.
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

describe.skipIf(!fs.existsSync(CHROMIUM))('console campaigns in chromium', () => {
  let c: ConsoleBrowser<EngineHerald>;
  beforeAll(async () => {
    c = await startConsoleBrowser((consoleDir) =>
      startEngineHerald('sqlite', { balance: 10, config: { consoleDir } }),
    );
  });
  afterAll(async () => c?.close());

  it('composes a campaign with a live part counter, previews it, sends it and watches it finish', async () => {
    const { h } = c.env;
    const { page, errors } = await newPage(c.browser);
    await signInConsole(page, h.url, h.account.credentials);
    await page.getByRole('link', { name: 'Campaigns' }).click();
    await page.getByRole('heading', { name: 'Campaigns' }).waitFor();
    await page.getByText('No campaign yet').waitFor();
    await page.getByRole('link', { name: 'New SMS campaign' }).click();
    await page.getByRole('heading', { name: 'New SMS campaign' }).waitFor();

    await page.getByLabel('Campaign name (optional)').fill('Winter sale');
    await page.getByLabel('Recipients’ numbers').fill('+306948000001, +306948000002\n+33612345678');
    const text = page.getByLabel('Text', { exact: true });
    await text.fill('a'.repeat(160));
    expect(await page.getByTestId('parts').textContent()).toBe('1');
    expect(await page.getByTestId('encoding').textContent()).toBe('GSM 7-bit');
    await text.press('End');
    await text.pressSequentially('b');
    expect(await page.getByTestId('parts').textContent()).toBe('2'); // 161 septets: two parts of 153
    // A curly quote is outside GSM: Unicode, marked, and a transcoded text is offered.
    await text.fill('Winter sale – 20% off: “today only” ' + 'x'.repeat(40));
    expect(await page.getByTestId('encoding').textContent()).toBe('Unicode (UCS-2)');
    expect(await page.getByTestId('unsupported').textContent()).toBe('– “ ”');
    expect(await page.getByTestId('highlighted').locator('mark').allTextContents()).toEqual(['–', '“', '”']);
    expect(await page.getByTestId('parts').textContent()).toBe('2');
    expect(await page.getByTestId('transcoded-parts').textContent()).toBe('1');
    expect(await page.getByTestId('transcoded').textContent()).toContain(
      'Winter sale - 20% off: "today only"',
    );
    await page.getByLabel('Send it transcoded').check();
    // Quiet hours are respected by default; this test sends whatever the time of day.
    await page.getByLabel(/Respect quiet hours/).uncheck();

    await page.getByRole('button', { name: 'Preview cost' }).click();
    await page.getByRole('heading', { name: 'Preview' }).waitFor();
    expect(await page.getByTestId('preview-recipients').textContent()).toBe('3');
    expect(await page.getByTestId('preview-cost').textContent()).toBe('0.129'); // 2 × 0.042 + 0.045
    expect(await page.getByTestId('preview-GR').locator('td').first().textContent()).toBe('2');
    expect(await page.getByTestId('preview-FR').locator('td').last().textContent()).toBe('at the start');
    await screenshot(page, 'new-campaign');

    await page.getByRole('button', { name: 'Send campaign' }).click();
    await page.getByRole('heading', { name: 'Winter sale' }).waitFor();
    await expect
      .poll(() => page.getByTestId('campaign-state').textContent(), { timeout: 20_000, interval: 250 })
      .toBe('Finished');
    expect(await page.getByTestId('status-Delivered').textContent()).toBe('3');
    expect(await page.getByTestId('campaign-final').textContent()).toBe('3');
    expect(await page.getByRole('img', { name: 'Messages done over time' }).locator('canvas').count()).toBe(
      1,
    );
    await screenshot(page, 'campaign-finished');
    // What the phones got: the transcoded text, in one part each.
    expect(c.env.smsc.received.filter((m) => m.text.startsWith('Winter sale - 20% off')).length).toBe(3);

    await page.getByRole('link', { name: '← Campaigns' }).click();
    const row = page.locator('tbody tr').first();
    await expect.poll(() => row.textContent()).toMatch(/Winter sale.*Finished.*100%/);
    await screenshot(page, 'campaigns');
    expect(errors).toEqual([]);
  });

  it('schedules a campaign, changes its text and withdraws it', async () => {
    const { h } = c.env;
    const { page, errors } = await newPage(c.browser);
    await signInConsole(page, h.url, h.account.credentials, '/console/campaigns/new');
    await page.getByLabel('Campaign name (optional)').fill('Tomorrow');
    await page.getByLabel('Recipients’ numbers').fill('+33612345678');
    await page.getByLabel('Text', { exact: true }).fill('See you tomorrow');
    const tomorrow = new Date(Date.now() + 24 * 3600_000);
    const local = new Date(tomorrow.getTime() - tomorrow.getTimezoneOffset() * 60_000)
      .toISOString()
      .slice(0, 16);
    await page.getByLabel('Schedule (optional; now when empty)').fill(local);
    await page.getByRole('button', { name: 'Schedule campaign' }).click();
    await page.getByRole('heading', { name: 'Tomorrow' }).waitFor();
    expect(await page.getByTestId('campaign-state').textContent()).toBe('Scheduled');
    await page.getByLabel('Text', { exact: true }).fill('See you tomorrow at 10');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    await expect.poll(() => page.locator('.body-text').first().textContent()).toBe('See you tomorrow at 10');
    await screenshot(page, 'campaign-scheduled');
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Withdraw campaign' }).click();
    await page.getByRole('heading', { name: 'Campaigns' }).waitFor();
    await expect.poll(() => page.locator('tbody').textContent()).not.toContain('Tomorrow');
    expect(errors).toEqual([]);
  });
});
