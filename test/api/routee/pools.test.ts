/**
 * Number pools and two-way messaging end to end, through the engine and the operator simulator: the
 * operator gives an account numbers, the account groups them in a pool and sends through it (sender
 * picked by geomatch, sticky and default country; Alphanumeric from the pool's sender id), status
 * callbacks name the pool; a handset's reply is stored, tracked as Inbound and posted to the pool's
 * inbound callback; keyword rules answer, STOP blacklists and is confirmed in the handset's
 * language; a number routed to SMPP hands its messages to the account's receiver bind. On SQLite
 * and PostgreSQL.
 */
import smpp from 'smpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EngineHerald, startEngineHerald } from '../../helpers/engine-herald.js';
import { waitFor } from '../../helpers/process.js';
import { storeCases } from '../../helpers/stores.js';

const ADMIN = 'admin-secret-token-for-pools';

type Session = ReturnType<typeof smpp.connect>;

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`number pools and two-way messaging on ${sc.name}`, () => {
    let e: EngineHerald;
    let token: string;
    let poolId: string;
    const sessions: Session[] = [];
    const admin = (method: string, path: string, json?: unknown) =>
      e.h.call(method, path, {
        headers: { authorization: `Bearer ${ADMIN}` },
        ...(json !== undefined && { json }),
      });
    const routee = (method: string, path: string, json?: unknown) =>
      e.h.call(method, path, { token, ...(json !== undefined && { json }) });
    const hooks = (path: string) => e.hook.received.filter((r) => r.path === path).map((r) => r.body);

    beforeAll(async () => {
      e = await startEngineHerald(sc.name, { config: { adminToken: ADMIN, smppPort: 0 } });
      token = await e.h.token();
    });
    afterAll(async () => {
      for (const s of sessions) s.destroy();
      await e?.close();
    });

    it('gives an account numbers, which it groups in a pool it reads and edits', async () => {
      const id = e.h.account.accountId;
      const gr = await admin('POST', `/admin/accounts/${id}/numbers`, { number: '+306912345678' });
      expect(gr.status, gr.text).toBe(201);
      expect(gr.body).toMatchObject({
        number: '306912345678',
        kind: 'LongCode',
        country: 'GR',
        poolId: null,
      });
      for (const n of ['306912345679', '0033612345678'])
        expect((await admin('POST', `/admin/accounts/${id}/numbers`, { number: n })).status).toBe(201);
      expect((await admin('POST', `/admin/accounts/${id}/numbers`, { number: '38300' })).status).toBe(400);
      const short = await admin('POST', `/admin/accounts/${id}/numbers`, { number: '38300', country: 'fr' });
      expect(short.body).toMatchObject({ number: '38300', kind: 'ShortCode', country: 'FR' });
      // Octopush's reply number and STOP code answer every account: nobody owns them.
      const shared = await admin('POST', `/admin/accounts/${id}/numbers`, { number: '38100', country: 'FR' });
      expect(shared.status).toBe(409);
      const other = await e.h.newAccount({ name: 'other' });
      const taken = await admin('POST', `/admin/accounts/${other.accountId}/numbers`, {
        number: '+306912345678',
      });
      expect(taken.status).toBe(409);

      const created = await routee('POST', '/pools/my', {
        poolName: 'Support',
        smsSettings: {
          alphanumericSenderId: 'Herald',
          inboundSMSCallbackUrl: `${e.hook.url}/pool-inbound`,
          callback: { url: `${e.hook.url}/pool-status`, strategy: 'OnCompletion' },
        },
      });
      expect(created.status, created.text).toBe(200);
      expect(created.body).toMatchObject({
        poolName: 'Support',
        smsSettings: { sticky: true, geomatch: true, transcode: false, alphanumericSenderId: 'Herald' },
        totalNumbers: 0,
      });
      poolId = created.body.poolId;

      // A number that is not the account's: refused, and none of the list moves.
      const refused = await routee('POST', `/pools/my/${poolId}/numbers`, {
        numbers: ['306912345678', '4915112345678'],
      });
      expect(refused.status).toBe(404);
      expect((await routee('GET', `/pools/my/${poolId}/numbers`)).body).toEqual([]);

      const added = await routee('POST', `/pools/my/${poolId}/numbers`, {
        numbers: ['+306912345678', '306912345679', '33612345678'],
      });
      expect(added.status, added.text).toBe(200);
      expect(added.body.map((n: { number: string }) => n.number)).toEqual([
        '306912345678',
        '306912345679',
        '33612345678',
      ]);
      const edited = await routee('PUT', `/pools/my/${poolId}`, { smsSettings: { defaultCountry: 'fr' } });
      expect(edited.body).toMatchObject({
        poolName: 'Support',
        totalNumbers: 3,
        smsSettings: { defaultCountry: 'FR', callback: { strategy: 'OnCompletion' } },
      });
      expect((await routee('GET', '/pools/my')).body.map((p: { poolId: string }) => p.poolId)).toEqual([
        poolId,
      ]);
      const otherToken = await e.h.token(other);
      expect((await e.h.call('GET', `/pools/my/${poolId}`, { token: otherToken })).status).toBe(404);
      expect(
        (await routee('PUT', `/pools/my/${poolId}`, { smsSettings: { defaultCountry: 'XY' } })).status,
      ).toBe(400);
    });

    it('sends from a number of the recipient’s country, sticks to it, falls back to the default country', async () => {
      const send = (json: unknown) => routee('POST', `/pools/my/${poolId}/sms`, json);
      const first = await send({ to: '+306948530920', body: 'Your table is ready' });
      expect(first.status, first.text).toBe(200);
      expect(first.body).toMatchObject({
        status: 'Queued',
        poolId,
        poolName: 'Support',
        poolStrategy: 'Numeric',
        to: '+306948530920',
        body: 'Your table is ready',
        bodyAnalysis: { parts: 1 },
      });
      expect(['306912345678', '306912345679']).toContain(first.body.from);
      for (let i = 0; i < 4; i++)
        expect((await send({ to: '+306948530920', body: `again ${i}` })).body.from).toBe(first.body.from);
      expect((await send({ to: '+33600001001', body: 'Bonjour' })).body.from).toBe('33612345678');
      expect((await send({ to: '+4915112345670', body: 'Hallo' })).body.from).toBe('33612345678');
      const alpha = await send({ to: '+306948530930', body: 'Promo', poolStrategy: 'alphanumeric' });
      expect(alpha.body).toMatchObject({ from: 'Herald', poolStrategy: 'Alphanumeric' });

      expect((await send({ to: '+306948530920', body: 'x', urlShortener: {} })).status).toBe(400);
      expect((await send({ to: '+306948530920', body: 'x', poolStrategy: 'Random' })).status).toBe(400);
      expect((await routee('POST', '/pools/my/nope/sms', { to: '+306948530920', body: 'x' })).status).toBe(
        404,
      );

      await waitFor(
        () => e.smsc.received.some((r) => r.destination === '306948530930' && r.source === 'Herald'),
        10_000,
        'the alphanumeric send',
      );
      expect(e.smsc.received.find((r) => r.destination === '33600001001')).toMatchObject({
        source: '33612345678',
        text: 'Bonjour',
      });
      // OnCompletion: one callback per message, its final status, naming the pool.
      await waitFor(() => hooks('/pool-status').length === 8, 15_000, 'pool status callbacks');
      const cb = hooks('/pool-status').find((b) => b.messageId === alpha.body.trackingId);
      expect(cb).toMatchObject({
        from: 'Herald',
        to: '+306948530930',
        status: { name: 'Delivered' },
        direction: 'Outbound',
        poolName: 'Support',
        poolId,
        poolStrategy: 'Alphanumeric',
      });
    });

    it('stores a reply, tracks it as Inbound and posts it to the pool’s inbound callback', async () => {
      const sender = (
        await e.h.store.db
          .selectFrom('messages')
          .select('sender')
          .where('recipient', '=', '+306948530920')
          .where('pool_id', '=', poolId)
          .executeTakeFirstOrThrow()
      ).sender;
      await e.smsc.sendMo({ from: '+306948530920', to: sender, text: 'Yes, at 8' });
      await waitFor(() => hooks('/pool-inbound').length === 1, 10_000, 'inbound callback');
      const inbound = hooks('/pool-inbound')[0]!;
      expect(inbound).toEqual({
        direction: 'Inbound',
        from: '+306948530920',
        message: 'Yes, at 8',
        parts: 1,
        receivedDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
        messageId: expect.any(String),
        to: sender,
        originatingService: 'Sms',
        price: 0,
      });
      const tracked = await routee('GET', `/sms/tracking/single/${inbound.messageId}`);
      expect(tracked.status).toBe(200);
      expect(tracked.body).toEqual([
        expect.objectContaining({
          messageId: inbound.messageId,
          from: '+306948530920',
          to: sender,
          body: 'Yes, at 8',
          country: 'GR',
          direction: 'Inbound',
          price: 0,
          status: expect.objectContaining({ status: 'Delivered' }),
        }),
      ]);
      const search = async (filters: unknown[]) =>
        (await routee('POST', '/sms/tracking', filters)).body.content.map(
          (c: { messageId: string }) => c.messageId,
        );
      expect(await search([{ fieldName: 'direction', searchTerm: 'Inbound' }])).toEqual([inbound.messageId]);
      expect(
        await search([
          { fieldName: 'direction', searchTerm: 'Inbound' },
          { fieldName: 'from', searchTerm: '+306948530999' },
        ]),
      ).toEqual([]);
      expect(await search([])).not.toContain(inbound.messageId);
      // Another account does not see it.
      const other = await e.h.newAccount({ name: 'another' });
      const seen = await e.h.call('GET', `/sms/tracking/single/${inbound.messageId}`, {
        token: await e.h.token(other),
      });
      expect(seen.status).toBe(404);
    });

    it('answers a keyword, blacklists on STOP and confirms it in the handset’s language', async () => {
      const id = e.h.account.accountId;
      const settings = await admin('PATCH', `/admin/accounts/${id}/settings`, {
        optOutConfirmation: { fr: 'Vous ne recevrez plus nos messages', default: 'No more messages' },
      });
      expect(settings.status, settings.text).toBe(200);
      const rules = await admin('PUT', `/admin/accounts/${id}/numbers/33612345678/keywords`, [
        { keyword: 'info', reply: 'Ouvert de 9h à 18h' },
      ]);
      expect(rules.status, rules.text).toBe(200);
      expect(rules.body.keywords).toEqual([{ keyword: 'INFO', reply: 'Ouvert de 9h à 18h' }]);
      const bad = await admin('PUT', `/admin/accounts/${id}/numbers/33612345678/keywords`, [
        { keyword: 'two words', reply: '' },
      ]);
      expect(bad.status).toBe(400);

      await e.smsc.sendMo({ from: '+33600001001', to: '33612345678', text: 'Info ?' });
      await waitFor(
        () => e.smsc.received.some((r) => r.destination === '33600001001' && r.text === 'Ouvert de 9h à 18h'),
        10_000,
        'keyword reply',
      );
      expect(e.smsc.received.find((r) => r.text === 'Ouvert de 9h à 18h')?.source).toBe('33612345678');

      await e.smsc.sendMo({ from: '+33600001001', to: '33612345678', text: 'stop' });
      await waitFor(
        () => e.smsc.received.some((r) => r.text === 'Vous ne recevrez plus nos messages'),
        10_000,
        'opt-out confirmation',
      );
      const blacklist = await routee('GET', '/contacts/my/blacklist/Sms');
      expect(blacklist.body.map((c: { mobile: string }) => c.mobile)).toContain('+33600001001');
      await waitFor(() => hooks('/pool-inbound').length === 3, 10_000, 'both messages posted');
      expect(hooks('/pool-inbound').map((b) => b.message)).toEqual(['Yes, at 8', 'Info ?', 'stop']);
      const kinds = await e.h.store.db
        .selectFrom('inbound_messages')
        .select(['body', 'kind', 'pool_id'])
        .where('sender', '=', '+33600001001')
        .orderBy('received_at')
        .execute();
      expect(kinds).toEqual([
        { body: 'Info ?', kind: 'keyword', pool_id: poolId },
        { body: 'stop', kind: 'stop', pool_id: poolId },
      ]);
    });

    it('frees a deleted account’s numbers for another account', async () => {
      const leaving = await e.h.newAccount({ name: 'leaving' });
      const staying = await e.h.newAccount({ name: 'staying' });
      const number = { number: '+4915112345671' };
      expect((await admin('POST', `/admin/accounts/${leaving.accountId}/numbers`, number)).status).toBe(201);
      expect((await admin('POST', `/admin/accounts/${staying.accountId}/numbers`, number)).status).toBe(409);
      expect((await admin('DELETE', `/admin/accounts/${leaving.accountId}`)).status).toBe(200);
      expect((await admin('POST', `/admin/accounts/${leaving.accountId}/numbers`, number)).status).toBe(404);
      const given = await admin('POST', `/admin/accounts/${staying.accountId}/numbers`, number);
      expect(given.status).toBe(201);
      expect((await admin('GET', `/admin/accounts/${staying.accountId}/numbers`)).body).toEqual([
        {
          number: '4915112345671',
          kind: 'LongCode',
          country: 'DE',
          poolId: null,
          inboundRoute: 'callback',
          keywords: [],
        },
      ]);
    });

    it('hands a number’s messages to the account’s SMPP receiver bind when it is routed there', async () => {
      const id = e.h.account.accountId;
      const routed = await admin('PUT', `/admin/accounts/${id}/numbers/306912345679/route`, {
        inboundRoute: 'smpp',
      });
      expect(routed.body).toMatchObject({ number: '306912345679', inboundRoute: 'smpp' });
      const before = hooks('/pool-inbound').length;
      // Kept while nothing is bound.
      await e.smsc.sendMo({ from: '+306948530921', to: '306912345679', text: 'Καλημέρα' });
      const long = 'x'.repeat(300);
      await e.smsc.sendMo({ from: '+306948530921', to: '306912345679', text: long });
      await waitFor(
        async () => (await e.h.store.db.selectFrom('smpp_inbound').selectAll().execute()).length === 2,
        10_000,
        'owed to SMPP',
      );

      const s = await new Promise<Session>((resolve, reject) => {
        const c = smpp.connect(
          { url: `smpp://127.0.0.1:${e.h.herald.smppPort}`, auto_enquire_link_period: 0 },
          () => resolve(c),
        );
        c.on('error', reject);
      });
      sessions.push(s);
      const received: smpp.PDU[] = [];
      s.on('deliver_sm', (pdu: smpp.PDU) => {
        received.push(pdu);
        s.send(pdu.response());
      });
      const bindReceiver = s.bind_receiver as (f: unknown, cb: (p: smpp.PDU) => void) => void;
      const bound = await new Promise<smpp.PDU>((resolve) =>
        bindReceiver.call(
          s,
          { system_id: e.h.account.smpp.systemId, password: e.h.account.smpp.password },
          resolve,
        ),
      );
      expect(bound.command_status).toBe(0);
      await waitFor(() => received.length === 2, 10_000, 'deliver_sm');
      const [greek, longOne] = received;
      expect(greek).toMatchObject({
        esm_class: 0,
        source_addr: '306948530921',
        destination_addr: '306912345679',
        data_coding: 8,
      });
      expect((greek!.short_message as { message: string }).message).toBe('Καλημέρα');
      const payload = longOne!.message_payload as unknown;
      const text = Buffer.isBuffer(payload)
        ? payload.toString('latin1')
        : (payload as { message: string }).message;
      expect(text).toBe(long);
      await waitFor(
        async () => (await e.h.store.db.selectFrom('smpp_inbound').selectAll().execute()).length === 0,
        5000,
        'acknowledged',
      );
      expect(hooks('/pool-inbound')).toHaveLength(before);
    });
  });
}
