/**
 * Octopush's legacy API, still spoken by older clients (npm `octopush`, PyPI `octopush`): form-encoded
 * POST /api/sms, /api/balance and /api/credit with the credentials in the body, answered in XML
 * (`<octopush><error_code>000</error_code>…</octopush>`, every element always present: such clients
 * read only the XML and crash on a missing one). Same services as the v1 API underneath.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fromMicros } from '../../domain/money.js';
import { analysePhone } from '../../domain/phone.js';
import type { Account } from '../../services/account.js';
import type { AccountCache } from '../../services/account-cache.js';
import { balanceMicros } from '../../services/account-finance.js';
import { ApiKeyAuthenticator } from '../../services/authenticate-api-key.js';
import type { ServiceContext } from '../../services/context.js';
import { ServiceError } from '../../services/errors.js';
import { sendOctopushCampaign } from './send.js';
import type { ErrorFamily } from '../server.js';
import { fromServiceError } from './errors.js';
import { sendView } from './views.js';
import { objectBody, str } from './input.js';

function xmlEscape(s: string): string {
  return s.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );
}

function xml(inner: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<octopush>${inner}</octopush>`;
}

function errorXml(code: number): string {
  return xml(`<error_code>${String(code).padStart(3, '0')}</error_code>`);
}

class LegacyError extends Error {
  constructor(readonly code: number) {
    super(`legacy error ${code}`);
  }
}

/** Field letters of `request_keys` and the form fields they stand for (legacy request_sha1). */
const KEY_FIELDS: Record<string, string> = {
  T: 'sms_text',
  R: 'sms_recipients',
  M: 'sms_mode',
  Y: 'sms_type',
  S: 'sms_sender',
  D: 'sending_date',
  a: 'recipients_first_names',
  b: 'recipients_last_names',
  c: 'sms_fields_1',
  d: 'sms_fields_2',
  e: 'sms_fields_3',
  W: 'with_replies',
  N: 'transactional',
  Q: 'request_id',
};

export function legacySha1(fields: Record<string, unknown>, keys: string): string {
  let text = '';
  for (const k of keys) {
    const name = KEY_FIELDS[k];
    const v = name ? fields[name] : undefined;
    if (v !== undefined && v !== null) text += String(v);
  }
  return createHash('sha1').update(text, 'utf8').digest('hex');
}

async function legacyAccount(keys: ApiKeyAuthenticator, o: Record<string, unknown>): Promise<Account> {
  const login = str(o, 'user_login');
  const key = str(o, 'api_key');
  if (!login || !key) throw new LegacyError(108);
  const account = await keys.authenticate(login, key);
  if (!account) throw new LegacyError(101);
  return account;
}

const list = (v: string | undefined) =>
  v === undefined || v === '' ? [] : v.split(',').map((x) => x.trim());

export const legacyFamily: ErrorFamily = {
  owns: (path) => path.startsWith('/api/'),
  render(err) {
    let code = 500;
    if (err instanceof LegacyError) code = err.code;
    else if (err instanceof ServiceError) code = fromServiceError(err).code;
    else if ((err as { statusCode?: number }).statusCode === 400) code = 100;
    return { status: 200, body: errorXml(code), contentType: 'application/xml; charset=utf-8' };
  },
  notFound() {
    return { status: 404, body: errorXml(500), contentType: 'application/xml; charset=utf-8' };
  },
};

export function legacyOctopushRoutes(ctx: ServiceContext, accounts: AccountCache) {
  // The legacy API reads the credentials on every request, as it always did (no kept lookups).
  const credentials = new ApiKeyAuthenticator(ctx, accounts, 0);
  return async (app: FastifyInstance): Promise<void> => {
    const send = (reply: FastifyReply, body: string) =>
      reply.status(200).type('application/xml; charset=utf-8').send(body);

    app.post('/api/sms', async (request: FastifyRequest, reply) => {
      const o = objectBody(request.body);
      if (Object.keys(o).length === 0) throw new LegacyError(100);
      const account = await legacyAccount(credentials, o);
      const keys = str(o, 'request_keys');
      if (keys) {
        const sha1 = str(o, 'request_sha1');
        if (!sha1) throw new LegacyError(123);
        if (sha1.toLowerCase() !== legacySha1(o, keys)) throw new LegacyError(124);
      }
      const numbers = list(str(o, 'sms_recipients'));
      const firsts = list(str(o, 'recipients_first_names'));
      const lasts = list(str(o, 'recipients_last_names'));
      const params = [1, 2, 3].map((i) => list(str(o, `sms_fields_${i}`)));
      const mode = str(o, 'sms_mode') ?? '1';
      const when = str(o, 'sending_date') ?? str(o, 'sending_time');
      const type = (str(o, 'sms_type') ?? 'FR').toUpperCase();
      const result = sendView(
        await sendOctopushCampaign(ctx, account, {
          text: str(o, 'sms_text'),
          recipients: numbers.map((n, i) => ({
            phone_number: n,
            fields: {
              ...(firsts[i] && { first_name: firsts[i] }),
              ...(lasts[i] && { last_name: lasts[i] }),
              ...(params[0]![i] && { param1: params[0]![i] }),
              ...(params[1]![i] && { param2: params[1]![i] }),
              ...(params[2]![i] && { param3: params[2]![i] }),
            },
          })),
          sender: str(o, 'sms_sender'),
          sendAt: mode === '2' && when && /^\d+$/.test(when) ? Number(when) * 1000 : undefined,
          purpose: str(o, 'transactional') === '1' ? 'alert' : 'wholesale',
          type: type === 'XXX' ? 'sms_low_cost' : 'sms_premium',
          withReplies: str(o, 'with_replies') === '1',
          simulation: (str(o, 'request_mode') ?? 'real').toLowerCase() === 'simu',
          requestId: str(o, 'request_id') || undefined,
          autoOptimizeText: true,
          listName: undefined,
          recipientTracking: false,
        }),
      );
      // Per-recipient outcome, as the legacy answer lists it.
      const successes: string[] = [];
      const failures: string[] = [];
      for (const n of numbers) {
        const p = analysePhone(n, ctx.timezones);
        if (!p) {
          failures.push(
            `<failure><recipient>${xmlEscape(n)}</recipient><error_code>117</error_code></failure>`,
          );
          continue;
        }
        const price = (await ctx.prices.priceOf(type === 'XXX' ? 'sms_low_cost' : 'sms', p.country)) ?? 0;
        successes.push(
          `<success><recipient>${xmlEscape(p.e164)}</recipient><country_code>${p.country}</country_code><cost>${fromMicros(price)}</cost></success>`,
        );
      }
      const sendingDate = mode === '2' && when ? when : String(Math.floor(ctx.clock() / 1000));
      return send(
        reply,
        xml(
          `<error_code>000</error_code><cost>${result.total_cost}</cost><balance>${result.residual_credit}</balance>` +
            `<ticket>${result.sms_ticket}</ticket><sending_date>${xmlEscape(sendingDate)}</sending_date>` +
            `<number_of_sendings>${result.number_of_sms_needed}</number_of_sendings><currency_code>€</currency_code>` +
            `<successs>${successes.join('')}</successs><failures>${failures.join('')}</failures>`,
        ),
      );
    });

    const balance = async (request: FastifyRequest, reply: FastifyReply) => {
      const o = objectBody(request.body);
      const account = await legacyAccount(credentials, o);
      const micros = await balanceMicros(ctx, account.id);
      const count = async (service: 'sms' | 'sms_low_cost') => {
        const price = (await ctx.prices.priceOf(service, 'FR')) ?? 0;
        return price > 0 ? Math.floor(micros / price) : 0;
      };
      return send(
        reply,
        xml(
          `<error_code>000</error_code><balance type="FR">${await count('sms')}</balance>` +
            `<balance type="XXX">${await count('sms_low_cost')}</balance>` +
            `<credit>${fromMicros(micros)}</credit>`,
        ),
      );
    };
    app.post('/api/balance', balance);
    app.post('/api/credit', balance);
  };
}
