/** An account's money: its balance, its ledger entries, and the prices it pays, per service and country. */
import { countryOfMcc, knownCountries } from '../domain/mcc.js';
import { csvLine } from '../domain/csv-write.js';
import { type Currency, currencyOf, fromMicros } from '../domain/money.js';
import type { Service } from '../domain/pricing.js';
import { balanceOf, ledgerEntriesAfter, listEntries } from '../store/repositories/ledger.js';
import type { AccountRow } from '../store/schema.js';
import type { ServiceContext } from './context.js';
import { ServiceError, validationError } from './errors.js';
import { type Page, type PageRequest, pageOf } from './paging.js';

export async function getBalance(
  ctx: ServiceContext,
  account: AccountRow,
): Promise<{ balanceMicros: number; currency: Currency }> {
  const micros = await balanceOf(ctx.store.db, account.id);
  if (micros === undefined) throw new ServiceError('account-not-found', 'Account not found');
  return { balanceMicros: micros, currency: currencyOf(account.currency) };
}

/** The balance in micro-units of the account's currency (0 for an account without a ledger). */
export async function balanceMicros(ctx: ServiceContext, accountId: string): Promise<number> {
  return (await balanceOf(ctx.store.db, accountId)) ?? 0;
}

/** One movement of the account's ledger. */
export interface LedgerEntry {
  id: string;
  kind: string;
  /** What it paid for or came from (a message, a campaign), else its description. */
  reference: string | null;
  description: string | null;
  /** Signed: a charge is negative. */
  amountMicros: number;
  balanceAfterMicros: number;
  createdAt: number;
}

export async function listTransactions(
  ctx: ServiceContext,
  account: AccountRow,
  range: { from?: number; to?: number },
  page: PageRequest,
): Promise<Page<LedgerEntry>> {
  const { rows, total } = await listEntries(ctx.store.db, account.id, {
    ...range,
    offset: page.page * page.size,
    limit: page.size,
  });
  const entries = rows.map((r) => ({
    id: String(r.id),
    kind: r.kind,
    reference: r.reference,
    description: r.description,
    amountMicros: r.amount_micros,
    balanceAfterMicros: r.balance_after_micros,
    createdAt: r.created_at,
  }));
  return pageOf(entries, total, page);
}

/** The account's price of a service in a country (one price for every network). */
export interface CountryPrice {
  iso: string;
  priceMicros: number;
}

/** The price list per service, for one country (by MCC) or all, in the account's currency. */
export async function listPriceTable(
  ctx: ServiceContext,
  account: AccountRow,
  filter: { mcc?: string; service?: string },
): Promise<{ services: Array<{ service: Service; prices: CountryPrice[] }>; currency: Currency }> {
  const list = await ctx.prices.current();
  const wanted = filter.service?.toLowerCase();
  const services: Service[] = wanted === 'sms' || wanted === 'voice' ? [wanted] : ['sms', 'voice'];
  const onlyCountry = filter.mcc ? countryOfMcc(filter.mcc) : undefined;
  const countries = onlyCountry ? [onlyCountry] : filter.mcc ? [] : knownCountries();
  return {
    services: services.map((service) => ({
      service,
      prices: countries.flatMap((iso) => {
        const price = list.priceOf(service, iso);
        return price === null ? [] : [{ iso, priceMicros: price }];
      }),
    })),
    currency: currencyOf(account.currency),
  };
}

/** The longest range one ledger export covers. */
export const MAX_LEDGER_EXPORT_DAYS = 366;
const EXPORT_BATCH = 1000;

/**
 * The account's ledger between two times as CSV lines (a header first), oldest first, read in
 * batches along the index so that an export of any size holds one batch in memory.
 */
export async function* ledgerCsv(
  ctx: ServiceContext,
  account: AccountRow,
  range: { from: number; to: number },
): AsyncGenerator<string> {
  if (!(range.to >= range.from)) throw validationError({ to: 'must not be before from' });
  if (range.to - range.from > MAX_LEDGER_EXPORT_DAYS * 86_400_000)
    throw validationError({ from: `the range may cover at most ${MAX_LEDGER_EXPORT_DAYS} days` });
  const currency = currencyOf(account.currency);
  yield csvLine(['date', 'kind', 'amount', 'balanceAfter', 'currency', 'reference', 'description']);
  let after: { createdAt: number; id: number } | undefined;
  for (;;) {
    const rows = await ledgerEntriesAfter(ctx.store.db, account.id, {
      ...range,
      ...(after && { after }),
      limit: EXPORT_BATCH,
    });
    let chunk = '';
    for (const r of rows)
      chunk += csvLine([
        new Date(Number(r.created_at)).toISOString(),
        r.kind,
        fromMicros(Number(r.amount_micros)),
        fromMicros(Number(r.balance_after_micros)),
        currency.code,
        r.reference,
        r.description,
      ]);
    if (chunk) yield chunk;
    if (rows.length < EXPORT_BATCH) return;
    const last = rows[rows.length - 1]!;
    after = { createdAt: Number(last.created_at), id: Number(last.id) };
  }
}
