/**
 * The Routee reports API: volume and price per day and country, for a period (optionally one
 * country or one network) or for a campaign, under the `report` scope. Two families of paths name the
 * same reports: the older `volPrice` ones and the `breakdown` ones of Routee's current documents.
 */
import type { FastifyInstance } from 'fastify';
import { reportQuery } from './schemas.js';
import { countryOfMcc } from '../../domain/mcc.js';
import type { ServiceContext } from '../../services/context.js';
import {
  type ReportFilter,
  type ReportScope,
  volumePriceReport,
} from '../../services/volume-price-report.js';
import { utcDay } from '../../domain/dates.js';
import { type RouteeAuth, requireScope } from './auth.js';
import { Fields, parseDateValue } from './input.js';
import { volumePriceView } from './report-views.js';

const ZONELESS = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?$/;

/**
 * A report date as clients send it: ISO 8601 with or without a zone (UTC then), a plain day, or Unix
 * seconds; the .NET SDK sends a JSON-serialised DateTime, quotes included, which are dropped.
 */
export function parseReportDate(v: unknown): number | null {
  if (typeof v !== 'string') return parseDateValue(v);
  const s = v.trim().replace(/^"(.*)"$/, '$1');
  if (ZONELESS.test(s)) {
    const t = Date.parse(s.length === 10 ? `${s}T00:00:00Z` : `${s}Z`);
    return Number.isNaN(t) ? null : t;
  }
  return parseDateValue(s);
}

type Query = Record<string, unknown>;

function reportDate(f: Fields, q: Query, key: string): number | undefined {
  const v = q[key];
  if (v === undefined || v === null || v === '') {
    f.problems[key] = 'may not be empty';
    return undefined;
  }
  const t = parseReportDate(v);
  if (t === null) f.problems[key] = 'must be a date (YYYY-MM-DD, YYYY-MM-DDThh:mm:ss[TZD] or Unix seconds)';
  return t ?? undefined;
}

/** startDate and endDate (both required) as whole UTC days, the days they fall in included. */
function readPeriod(f: Fields, q: Query): ReportScope | undefined {
  const start = reportDate(f, q, 'startDate');
  const end = reportDate(f, q, 'endDate');
  if (start === undefined || end === undefined) return undefined;
  return {
    kind: 'period',
    fromDay: utcDay(start),
    toDay: utcDay(end),
    fields: { from: 'startDate', to: 'endDate' },
  };
}

function readMcc(f: Fields): string | undefined {
  const mcc = f.string('mcc', { required: true });
  if (mcc === undefined) return undefined;
  if (!/^\d{3}$/.test(mcc.trim())) {
    f.problems.mcc = 'must be a mobile country code (3 digits)';
    return undefined;
  }
  return mcc.trim();
}

function readMnc(f: Fields): string | undefined {
  const mnc = f.string('mnc', { required: true });
  if (mnc === undefined) return undefined;
  if (!/^\d{2,3}$/.test(mnc.trim())) {
    f.problems.mnc = 'must be a mobile network code (2 or 3 digits)';
    return undefined;
  }
  return mnc.trim();
}

export function reportRoutes(ctx: ServiceContext, auth: RouteeAuth) {
  return async (app: FastifyInstance): Promise<void> => {
    const report = requireScope(auth, ['report']);

    const periodReport =
      (filterOf: (f: Fields) => ReportFilter | undefined) =>
      async (request: { query: unknown; account: Parameters<typeof volumePriceReport>[1] }) => {
        const q = (request.query ?? {}) as Query;
        const f = new Fields(q);
        const scope = readPeriod(f, q);
        const filter = filterOf(f);
        f.done();
        const rows = await volumePriceReport(ctx, request.account, scope!, filter ?? {});
        return rows.map(volumePriceView);
      };

    const all = periodReport(() => ({}));
    const perMcc = periodReport((f) => {
      const mcc = readMcc(f);
      if (mcc === undefined) return undefined;
      const country = countryOfMcc(mcc);
      if (country === undefined)
        f.problems.mcc = 'is not the mobile country code of a country Herald sends to';
      return country === undefined ? undefined : { country };
    });
    const perCountry = periodReport((f) => {
      const code = f.string('countryCode') ?? f.string('country');
      if (code === undefined) {
        f.problems.countryCode = 'may not be empty';
        return undefined;
      }
      if (!/^[A-Za-z]{2}$/.test(code.trim())) {
        f.problems.countryCode = 'must be an ISO 3166 country code (2 letters)';
        return undefined;
      }
      return { country: code.trim().toUpperCase() };
    });
    const perMccMnc = periodReport((f) => {
      const mcc = readMcc(f);
      const mnc = readMnc(f);
      return mcc !== undefined && mnc !== undefined ? { network: { mcc, mnc } } : undefined;
    });
    const perCampaign = async (request: {
      query: unknown;
      account: Parameters<typeof volumePriceReport>[1];
    }) => {
      const f = new Fields((request.query ?? {}) as Query);
      const campaignId = f.string('campaignId', { required: true });
      f.done();
      const rows = await volumePriceReport(ctx, request.account, {
        kind: 'campaign',
        campaignId: campaignId!,
      });
      return rows.map(volumePriceView);
    };

    for (const family of ['volPrice', 'breakdown']) {
      const schema = (summary: string) => ({ tags: ['Reports'], summary, querystring: reportQuery });
      app.get(`/reports/my/${family}`, { preHandler: report, schema: schema('Per day and country') }, all);
      app.get(
        `/reports/my/${family}/perMccMnc`,
        { preHandler: report, schema: schema('Of one network (mcc and mnc)') },
        perMccMnc,
      );
      app.get(
        `/reports/my/${family}/perCampaign`,
        { preHandler: report, schema: schema('Of one campaign') },
        perCampaign,
      );
    }
    app.get(
      '/reports/my/volPrice/perMcc',
      {
        preHandler: report,
        schema: { tags: ['Reports'], summary: 'Of one country (mcc)', querystring: reportQuery },
      },
      perMcc,
    );
    app.get(
      '/reports/my/breakdown/perCountry',
      {
        preHandler: report,
        schema: { tags: ['Reports'], summary: 'Of one country (countryCode)', querystring: reportQuery },
      },
      perCountry,
    );
  };
}
