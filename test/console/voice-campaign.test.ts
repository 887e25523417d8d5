/**
 * The new voice campaign form in chromium: the user writes the message, hears it (the page plays the
 * WAV Herald spoke: more than a second of 8 kHz audio), starts the calls, and the campaign page
 * watches the bundled callee simulator answer until the campaign is Finished with the call
 * Completed; a scheduled one has its spoken text changed on its page and is withdrawn. No page logs
 * an error.
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

/** What the test reads of the page's audio element (the DOM's types are not the tests'). */
interface AudioElement {
  readyState: number;
  duration: number;
  error: { message: string } | null;
  addEventListener(event: string, listener: () => void): void;
}

describe.skipIf(!fs.existsSync(CHROMIUM))('console voice campaign in chromium', () => {
  let c: ConsoleBrowser<EngineHerald>;
  beforeAll(async () => {
    c = await startConsoleBrowser((consoleDir) => startEngineHerald('sqlite', { config: { consoleDir } }));
  });
  afterAll(async () => c?.close());

  it(
    'previews the spoken message, starts the calls and watches them finish',
    { timeout: 60_000 },
    async () => {
      const { h } = c.env;
      const { page, errors } = await newPage(c.browser);
      await signInConsole(page, h.url, h.account.credentials, '/console/campaigns');
      await page.getByRole('link', { name: 'New voice campaign' }).click();
      await page.getByRole('heading', { name: 'New voice campaign' }).waitFor();
      await page.getByLabel('Campaign name (optional)').fill('Pickup reminder');
      await page.getByLabel('Caller number').fill('33612345678');
      await page.getByLabel('Recipients’ numbers').fill('+33612345679');
      await page.getByLabel('What is said').fill('Hello, your order is ready for pickup.');
      await page.getByLabel('Language').selectOption('en-GB');
      await page.getByRole('radio', { name: 'male', exact: true }).check();
      await page.getByRole('button', { name: 'Hear the message' }).click();
      const audio = page.getByTestId('prompt-audio');
      await audio.waitFor();
      // The page plays what Herald spoke (its Content-Security-Policy lets media come from blob: URLs).
      const duration = await audio.evaluate(
        (el: AudioElement) =>
          new Promise<number>((resolve, reject) => {
            if (el.readyState >= 1) return resolve(el.duration);
            el.addEventListener('loadedmetadata', () => resolve(el.duration));
            el.addEventListener('error', () => reject(new Error(el.error?.message ?? 'audio error')));
          }),
      );
      expect(duration).toBeGreaterThan(1);
      expect(duration).toBeLessThan(10);
      await screenshot(page, 'new-voice-campaign');

      // Quiet hours off so that the call goes out whatever the hour of the test.
      await page.getByLabel('Respect quiet hours').uncheck();
      await page.getByRole('button', { name: 'Start calling' }).click();
      await page.getByRole('heading', { name: 'Pickup reminder' }).waitFor();
      await expect
        .poll(() => page.getByTestId('campaign-state').textContent(), { timeout: 30_000, interval: 250 })
        .toBe('Finished');
      expect(await page.getByTestId('status-Completed').textContent()).toBe('1');
      await screenshot(page, 'voice-campaign-finished');

      // A scheduled one: its spoken text changed on its page, then withdrawn.
      await page.goto(`${h.url}/console/campaigns/new-voice`);
      await page.getByLabel('Campaign name (optional)').fill('Opening hours');
      await page.getByLabel('Caller number').fill('33612345678');
      await page.getByLabel('Recipients’ numbers').fill('+33612345679');
      await page.getByLabel('What is said').fill('We open at nine.');
      const inTwoDays = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 16);
      await page.getByLabel('Schedule (optional; now when empty)').fill(inTwoDays);
      await page.getByRole('button', { name: 'Schedule calls' }).click();
      await page.getByRole('heading', { name: 'Opening hours' }).waitFor();
      await page.getByLabel('What is said').fill('We open at ten.');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
      const campaignId = decodeURIComponent(page.url().split('/').pop()!);
      const stored = await h.store.db
        .selectFrom('campaigns')
        .select(['state', 'request'])
        .where('id', '=', campaignId)
        .executeTakeFirstOrThrow();
      expect(stored.state).toBe('Scheduled');
      expect(JSON.parse(stored.request).plan.message.text).toBe('We open at ten.');
      page.once('dialog', (d) => void d.accept());
      await page.getByRole('button', { name: 'Withdraw campaign' }).click();
      await page.getByRole('heading', { name: 'Campaigns' }).waitFor();
      expect(errors).toEqual([]);
    },
  );
});
