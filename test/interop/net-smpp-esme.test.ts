/**
 * Debian's Perl Net::SMPP as a client application of Herald's SMPP server (test/interop/perl-esme.pl),
 * a third SMPP implementation beside Kannel and the `smpp` package: it binds as transceiver, submits
 * GSM, UCS-2 and a two-part message with SAR TLVs asking for receipts, and gets each receipt back as a
 * deliver_sm with the id it was answered with (Appendix B text, receipted_message_id, message_state
 * DELIVERED), then unbinds cleanly. Herald stores the Greek text as written and the SAR parts as one
 * message.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EngineHerald, startEngineHerald } from '../helpers/engine-herald.js';
import { waitFor } from '../helpers/process.js';

type EsmeEvent = Record<string, string | number | null | undefined> & { event: string };

describe('Net::SMPP as a client application of Herald’s SMPP server', () => {
  let e: EngineHerald;
  beforeAll(async () => {
    e = await startEngineHerald('sqlite', { config: { smppPort: 0 } });
  });
  afterAll(async () => {
    await e?.close();
  });

  it(
    'submits GSM, UCS-2 and SAR-concatenated messages and gets their receipts',
    { timeout: 30_000 },
    async () => {
      const esme = spawn('perl', [path.join(import.meta.dirname, 'perl-esme.pl')], {
        env: {
          ...process.env,
          ESME_HOST: '127.0.0.1',
          ESME_PORT: String(e.h.herald.smppPort),
          ESME_SYSTEM_ID: e.h.account.smpp.systemId,
          ESME_PASSWORD: e.h.account.smpp.password,
          ESME_RECEIPTS: '4',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const events: EsmeEvent[] = [];
      readline.createInterface({ input: esme.stdout! }).on('line', (line) => events.push(JSON.parse(line)));
      const exited = new Promise<number | null>((resolve) => esme.on('exit', (code) => resolve(code)));
      await waitFor(
        () => events.some((x) => x.event === 'unbound' || x.event === 'timeout'),
        25_000,
        'the ESME',
      );
      expect(await exited).toBe(0);

      // Answers come as each submission is stored, not always in order: read them by sequence number.
      const answers = events
        .filter((x) => x.event === 'submit_sm_resp')
        .sort((a, b) => Number(a.seq) - Number(b.seq));
      expect(answers.map((a) => a.status)).toEqual([0, 0, 0, 0]);
      const ids = answers.map((a) => String(a.message_id));
      // The second SAR part is answered with its part's id.
      expect(ids[3]).toBe(`${ids[2]}:2`);
      const receipts = events.filter((x) => x.event === 'deliver_sm');
      expect(receipts).toHaveLength(4);
      // receipted_message_id is a C-octet string: Net::SMPP hands its NUL over with it.
      const receiptedIds = receipts.map((r) => String(r.receipted_message_id).replace(/\0$/, ''));
      for (const [i, r] of receipts.entries()) {
        expect(r).toMatchObject({
          esm_class: 4,
          source: '33612345699',
          destination: 'PerlApp',
          message_state: 2,
        });
        const fields = new RegExp(
          `^id:${receiptedIds[i]} sub:001 dlvrd:001 submit date:\\d{10} done date:\\d{10} stat:DELIVRD err:000 text:[\\x20-\\x7e]*$`,
        );
        expect(String(r.text)).toMatch(fields);
      }
      expect([...receiptedIds].sort()).toEqual([...ids].sort());
      // The Greek message's receipt text is its first characters in plain ASCII (GSM look-alikes, else
      // '?'), never a UCS-2 character's low byte.
      expect(receipts.map((r) => String(r.text).split(' text:')[1]).sort()).toEqual([
        '?EIA ?OY',
        'First half of a long',
        'First half of a long',
        'Hello from Net::SMPP',
      ]);
      expect(events.at(-1)).toEqual({ event: 'unbound', status: 0 });

      const stored = await e.h.store.db
        .selectFrom('messages')
        .select(['id', 'body', 'encoding', 'parts'])
        .where('recipient', '=', '+33612345699')
        .orderBy('created_at')
        .execute();
      expect(stored).toEqual([
        { id: ids[0], body: 'Hello from Net::SMPP', encoding: 'GSM7', parts: 1 },
        { id: ids[1], body: 'Γειά σου', encoding: 'UCS2', parts: 1 },
        {
          id: ids[2],
          body: 'First half of a long message, and its second half.',
          encoding: 'GSM7',
          parts: 1,
        },
      ]);
    },
  );
});
