import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { legacySha1 } from '../../src/api/octopush/legacy.js';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';

describe('Octopush legacy API (form-encoded, XML answers)', () => {
  let h: TestHerald;
  let creds: Record<string, string>;
  beforeAll(async () => {
    h = await startTestHerald('sqlite', { balance: 10 });
    creds = { user_login: h.account.credentials.apiLogin, api_key: h.account.credentials.apiKey };
  });
  afterAll(async () => {
    await h.close();
  });
  const post = (path: string, form: Record<string, string>) => h.call('POST', path, { form });
  const tag = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

  it('sends, with names and fields per recipient, and answers in XML', async () => {
    const res = await post('/api/sms', {
      ...creds,
      sms_recipients: '+33600002001,+33600002002,bad',
      recipients_first_names: 'Axelle,Paul',
      sms_fields_1: 'A1,B2',
      sms_text: 'Bonjour {first_name} ({param1}) STOP au XXXXX',
      sms_type: 'FR',
      sms_sender: 'Shop',
      request_mode: 'real',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/xml/);
    expect(tag(res.text, 'error_code')).toBe('000');
    const ticket = tag(res.text, 'ticket')!;
    expect(ticket).toMatch(/^sms_/);
    expect(tag(res.text, 'number_of_sendings')).toBe('2');
    expect(Number(tag(res.text, 'cost'))).toBeCloseTo(0.09, 6);
    expect(res.text).toContain('<recipient>+33600002001</recipient><country_code>FR</country_code>');
    expect(res.text).toContain('<failure><recipient>bad</recipient><error_code>117</error_code></failure>');
    for (const name of ['balance', 'sending_date', 'currency_code', 'successs', 'failures'])
      expect(res.text).toContain(`<${name}>`);
    const bodies = await h.store.db
      .selectFrom('messages')
      .select(['recipient', 'body'])
      .where('campaign_id', '=', ticket)
      .orderBy('recipient')
      .execute();
    expect(bodies.map((b) => b.body)).toEqual([
      'Bonjour Axelle (A1) STOP au 36200',
      'Bonjour Paul (B2) STOP au 36200',
    ]);
  });

  it('simulates, defers, checks request_sha1, and reports errors as XML codes', async () => {
    const before = await h.store.db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    const simu = await post('/api/sms', {
      ...creds,
      sms_recipients: '+33600002003',
      sms_text: 'Hi',
      transactional: '1',
      request_mode: 'simu',
    });
    expect(tag(simu.text, 'error_code')).toBe('000');
    const after = await h.store.db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    expect(Number(after?.n)).toBe(Number(before?.n));

    const at = Math.floor(Date.now() / 1000) + 3600;
    const later = await post('/api/sms', {
      ...creds,
      sms_recipients: '+33600002004',
      sms_text: 'Later',
      transactional: '1',
      sms_mode: '2',
      sending_date: String(at),
    });
    expect(tag(later.text, 'sending_date')).toBe(String(at));
    const c = await h.store.db
      .selectFrom('campaigns')
      .select(['state', 'send_at'])
      .where('id', '=', tag(later.text, 'ticket')!)
      .executeTakeFirstOrThrow();
    expect(c).toEqual({ state: 'Scheduled', send_at: at * 1000 });

    const fields = {
      ...creds,
      sms_recipients: '+33600002005',
      sms_text: 'Signed',
      transactional: '1',
      sms_type: 'XXX',
      request_keys: 'TRY',
    };
    const good = await post('/api/sms', { ...fields, request_sha1: legacySha1(fields, 'TRY') });
    expect(tag(good.text, 'error_code')).toBe('000');
    expect(tag((await post('/api/sms', fields)).text, 'error_code')).toBe('123');
    expect(tag((await post('/api/sms', { ...fields, request_sha1: 'deadbeef' })).text, 'error_code')).toBe(
      '124',
    );

    const errors: Array<[Record<string, string>, string]> = [
      [{ user_login: 'nobody', api_key: 'x', sms_recipients: '+33600002006', sms_text: 'x' }, '101'],
      [{ ...creds, sms_recipients: '+33600002006' }, '107'],
      [{ ...creds, sms_text: 'x', transactional: '1' }, '110'],
      [{ ...creds, sms_recipients: '+33600002006', sms_text: 'Promo' }, '121'],
      [{ ...creds, sms_recipients: 'nope', sms_text: 'x', transactional: '1' }, '117'],
    ];
    for (const [form, code] of errors) {
      const res = await post('/api/sms', form);
      expect(res.status).toBe(200);
      expect(tag(res.text, 'error_code')).toBe(code);
    }
  });

  it('answers the balance with typed balance elements', async () => {
    const res = await post('/api/balance', creds);
    expect(tag(res.text, 'error_code')).toBe('000');
    expect(res.text).toMatch(/<balance type="FR">\d+<\/balance><balance type="XXX">\d+<\/balance>/);
    expect(tag((await post('/api/balance', { user_login: 'x', api_key: 'y' })).text, 'error_code')).toBe(
      '101',
    );
  });
});
