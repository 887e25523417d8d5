/**
 * The console's account routes: what the account is (credentials' public halves, balance, scopes),
 * its application settings (callback defaults, quiet hours, STOP keywords, transcode) with the
 * server defaults that apply when unset, replacing its application secret or Octopush key (shown
 * once), its prices per country, and its ledger as pages or as a CSV download.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import { DEFAULT_QUIET_WINDOWS, formatQuietWindow } from '../../domain/quiet-hours.js';
import { DEFAULT_STOP_KEYWORDS } from '../../domain/opt-out.js';
import { fromMicros } from '../../domain/money.js';
import { rotateCredential, type RotatedCredential } from '../../services/account-credentials.js';
import {
  getBalance,
  ledgerCsv,
  listPriceTable,
  listTransactions,
  MAX_LEDGER_EXPORT_DAYS,
} from '../../services/account-finance.js';
import { changeAccountSettings, readAccountSettings } from '../../services/account-settings.js';
import type { ServiceContext } from '../../services/context.js';
import { smppSystemId } from '../../services/smpp-credentials.js';
import { validationError } from '../../services/errors.js';
import { isoTime, type PageQuery, pageQuery, pageView } from './schemas.js';

// Unions as type lists, not anyOf: the server's Ajv coerces within an anyOf branch (null into [null]).
const callbackSetting = {
  type: ['object', 'null'],
  additionalProperties: false,
  required: ['url'],
  properties: {
    url: { type: 'string', maxLength: 2048 },
    strategy: { type: 'string', enum: ['OnChange', 'OnCompletion'] },
  },
} as const;

const stringListOrNull = (maxItems: number, maxLength: number) =>
  ({ type: ['array', 'null'], maxItems, items: { type: 'string', maxLength } }) as const;

const rangeQuery = {
  from: { type: 'string', format: 'date-time', description: 'ISO 8601' },
  to: { type: 'string', format: 'date-time', description: 'ISO 8601' },
} as const;

const DAY = 86_400_000;

/** A range from the query: both ends ISO 8601, by default the 30 days up to now. */
function rangeOf(q: { from?: string; to?: string }, now: number): { from: number; to: number } {
  const to = q.to ? Date.parse(q.to) : now;
  const from = q.from ? Date.parse(q.from) : to - 30 * DAY;
  return { from, to };
}

export interface AccountHooks {
  /** The account's settings or secrets changed: forget what is cached of it (and of its tokens). */
  onAccountChanged(accountId: string): void;
  onTokensRevoked(accountId: string): void;
}

export function consoleAccountRoutes(
  ctx: ServiceContext,
  auth: preHandlerAsyncHookHandler,
  hooks: AccountHooks,
) {
  return async (app: FastifyInstance): Promise<void> => {
    const tags = ['Account'];

    app.get(
      '/console/api/account',
      { preHandler: auth, schema: { tags, summary: 'The account, its balance and settings' } },
      async (request) => {
        const a = request.account;
        const [settings, balance, smpp] = await Promise.all([
          readAccountSettings(ctx, a.id),
          getBalance(ctx, a),
          smppSystemId(ctx, a.id),
        ]);
        return {
          id: a.id,
          name: a.name,
          applicationId: a.client_id,
          octopushLogin: a.api_login,
          smppSystemId: smpp ?? null,
          scopes: a.scopes.split(' ').filter(Boolean),
          balance: fromMicros(balance.balanceMicros),
          currency: balance.currency.code,
          createdAt: isoTime(a.created_at),
          settings: {
            callback: settings.callback ?? null,
            campaignCallback: settings.campaignCallback ?? null,
            transcode: settings.transcode ?? null,
            quietHours: settings.quietHours ?? null,
            stopKeywords: settings.stopKeywords ?? null,
          },
          defaults: {
            quietHours: DEFAULT_QUIET_WINDOWS.map(formatQuietWindow),
            stopKeywords: [...DEFAULT_STOP_KEYWORDS],
            transcode: false,
          },
        };
      },
    );

    app.patch<{ Body: Record<string, unknown> }>(
      '/console/api/account/settings',
      {
        preHandler: auth,
        schema: {
          tags,
          summary: 'Change settings; null puts a setting back to the server default',
          body: {
            type: 'object',
            additionalProperties: false,
            properties: {
              callback: callbackSetting,
              campaignCallback: callbackSetting,
              transcode: { type: ['boolean', 'null'] },
              quietHours: stringListOrNull(24, 11),
              stopKeywords: stringListOrNull(50, 30),
            },
          },
        },
      },
      async (request) => {
        const settings = await changeAccountSettings(ctx, request.account.id, request.body);
        hooks.onAccountChanged(request.account.id);
        return settings;
      },
    );

    app.post<{ Body: { credential: RotatedCredential } }>(
      '/console/api/account/credentials/rotate',
      {
        preHandler: auth,
        schema: {
          tags,
          summary:
            'Replace the application secret (its access tokens are revoked), the Octopush API key or the SMPP password; the new one is in this answer only',
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['credential'],
            properties: {
              credential: { type: 'string', enum: ['applicationSecret', 'octopushKey', 'smppPassword'] },
            },
          },
        },
      },
      async (request) => {
        const rotated = await rotateCredential(ctx, request.account, request.body.credential);
        hooks.onAccountChanged(request.account.id);
        if (rotated.revokedTokens > 0 || rotated.credential === 'applicationSecret')
          hooks.onTokensRevoked(request.account.id);
        return rotated;
      },
    );

    app.get(
      '/console/api/account/prices',
      {
        preHandler: auth,
        schema: { tags, summary: 'What the account pays per country: SMS part, voice minute' },
      },
      async (request) => {
        const table = await listPriceTable(ctx, request.account, {});
        return {
          currency: table.currency.code,
          services: table.services.map((s) => ({
            service: s.service,
            prices: s.prices.map((p) => ({ country: p.iso, price: fromMicros(p.priceMicros) })),
          })),
        };
      },
    );

    app.get<{ Querystring: PageQuery & { from?: string; to?: string } }>(
      '/console/api/account/ledger',
      {
        preHandler: auth,
        schema: {
          tags,
          summary: 'The ledger, newest first',
          querystring: { ...pageQuery, properties: { ...pageQuery.properties, ...rangeQuery } },
        },
      },
      async (request) => {
        const { from, to, ...q } = request.query;
        const range = {
          ...(from !== undefined && { from: Date.parse(from) }),
          ...(to !== undefined && { to: Date.parse(to) }),
        };
        const p = await listTransactions(ctx, request.account, range, q);
        return pageView(
          p.items.map((e) => ({
            id: e.id,
            kind: e.kind,
            amount: fromMicros(e.amountMicros),
            balanceAfter: fromMicros(e.balanceAfterMicros),
            reference: e.reference,
            description: e.description,
            createdAt: isoTime(e.createdAt),
          })),
          p.total,
          q,
        );
      },
    );

    app.get<{ Querystring: { from?: string; to?: string } }>(
      '/console/api/account/ledger.csv',
      {
        preHandler: auth,
        schema: {
          tags,
          summary: `The ledger of a range (at most ${MAX_LEDGER_EXPORT_DAYS} days; the last 30 by default) as CSV, oldest first`,
          querystring: { type: 'object', additionalProperties: false, properties: rangeQuery },
        },
      },
      async (request, reply) => {
        const range = rangeOf(request.query, ctx.clock());
        if (Number.isNaN(range.from) || Number.isNaN(range.to))
          throw validationError({ from: 'must be an ISO 8601 time' });
        const lines = ledgerCsv(ctx, request.account, range);
        // The range is checked when the first line (the header) is asked for: before any byte is sent.
        const first = await lines.next();
        async function* all() {
          if (!first.done) yield first.value;
          yield* lines;
        }
        const day = (t: number) => new Date(t).toISOString().slice(0, 10);
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header(
            'content-disposition',
            `attachment; filename="ledger-${day(range.from)}-${day(range.to)}.csv"`,
          )
          .send(Readable.from(all()));
      },
    );
  };
}
