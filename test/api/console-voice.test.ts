/**
 * The console's voice routes: a prompt is spoken into a WAV file a browser plays (8 kHz 16-bit PCM,
 * the audio a phone will hear, not silence); bad language or empty text is refused by field; a voice
 * campaign is created from the form's JSON and listed with the account's campaigns, changed while
 * Scheduled (text, recipients, start) and withdrawn, and is another account's to see nowhere. On SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleSession, type ConsoleSession } from '../helpers/console-session.js';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';
import { storeCases } from '../helpers/stores.js';

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`console voice on ${sc.name}`, () => {
    let h: TestHerald;
    let s: ConsoleSession;
    beforeAll(async () => {
      h = await startTestHerald(sc.name, { balance: 10 });
      s = await consoleSession(h);
    });
    afterAll(async () => h?.close());

    it('speaks a prompt into a playable WAV file', async () => {
      expect((await s.call('GET', '/voice/languages')).body).toContain('fr-FR');
      const res = await fetch(`${h.url}/console/api/voice/prompt`, {
        method: 'POST',
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
        body: JSON.stringify({
          text: 'Bonjour [~firstName], votre commande est prête.',
          language: 'fr-FR',
          gender: 'female',
        }),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('audio/wav');
      const wav = Buffer.from(await res.arrayBuffer());
      expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
      expect(wav.toString('ascii', 8, 16)).toBe('WAVEfmt ');
      expect(wav.readUInt16LE(20)).toBe(1); // PCM
      expect(wav.readUInt32LE(24)).toBe(8000);
      expect(wav.readUInt16LE(34)).toBe(16);
      const samples = (wav.length - 44) / 2;
      expect(wav.readUInt32LE(40)).toBe(samples * 2);
      expect(samples / 8000).toBeGreaterThan(1); // more than a second of speech
      let sum = 0;
      for (let i = 44; i < wav.length; i += 2) sum += wav.readInt16LE(i) ** 2;
      expect(Math.sqrt(sum / samples)).toBeGreaterThan(200); // not silence

      const bad = await s.call('POST', '/voice/prompt', { text: 'hi', language: 'xx-XX', gender: 'female' });
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body.error.fields)).toEqual(['language']);
      const empty = await s.call('POST', '/voice/prompt', { text: '  ', language: 'en-GB', gender: 'male' });
      expect(empty.status).toBe(400);
      expect(empty.body.error.fields).toEqual({ text: 'may not be empty' });
    });

    it('creates a voice campaign that the campaign list shows', async () => {
      const created = await s.call('POST', '/voice/campaigns', {
        name: 'Pickup reminder',
        from: '33612345678',
        to: ['+33612345679', '+33612345680'],
        message: { text: 'Your order is ready.', language: 'en-GB', gender: 'male' },
        scheduledDate: new Date(Date.now() + 3_600_000).toISOString(),
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body.state).toBe('Scheduled');
      const list = await s.call('GET', '/campaigns');
      expect(list.body.items[0]).toMatchObject({
        id: created.body.id,
        kind: 'voice',
        total: 2,
        name: 'Pickup reminder',
      });
      const noText = await s.call('POST', '/voice/campaigns', {
        from: '33612345678',
        to: ['+33612345679'],
        message: { text: 'x', language: 'en-GB', gender: 'robot' },
      });
      expect(noText.status).toBe(400);
      // While Scheduled its text and start change, planned again; the detail shows the new text.
      const later = new Date(Date.now() + 7_200_000).toISOString();
      const changed = await s.call('PUT', `/voice/campaigns/${created.body.id}`, {
        name: 'Pickup reminder',
        from: '33612345678',
        to: ['+33612345679', '+33612345680', '+33612345681'],
        message: { text: 'Your order is ready at the front desk.', language: 'en-GB', gender: 'female' },
        scheduledDate: later,
      });
      expect(changed.status, JSON.stringify(changed.body)).toBe(200);
      const detail = (await s.call('GET', `/campaigns/${created.body.id}`)).body;
      expect(detail).toMatchObject({ kind: 'voice', total: 3, scheduledAt: later });
      expect(detail.voice).toEqual({
        message: { text: 'Your order is ready at the front desk.', language: 'en-GB', gender: 'female' },
        fileURL: null,
        collectDtmfDigits: false,
      });
      expect((await s.call('DELETE', `/campaigns/${created.body.id}`)).status).toBe(204);
      const gone = await s.call('PUT', `/voice/campaigns/${created.body.id}`, {
        from: '33612345678',
        to: ['+33612345679'],
        message: { text: 'x', language: 'en-GB', gender: 'male' },
      });
      expect(gone.status).toBe(404);
      const other = await consoleSession(h, await h.newAccount({ name: 'other' }));
      expect((await other.call('GET', '/campaigns')).body.total).toBe(0);
      expect((await other.call('GET', `/campaigns/${created.body.id}`)).status).toBe(404);
    });
  });
}
