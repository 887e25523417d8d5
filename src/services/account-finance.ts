/** Balance, transactions and prices of an account, in the shapes the Routee account API uses. */
import { countryOfMcc, knownCountries, mccOfCountry } from '../domain/mcc.js';
import { currencyOf, fromMicros } from '../domain/money.js';
import type { Service } from '../domain/pricing.js';
import { balanceOf, listEntries } from '../store/repositories/ledger.js';
import type { AccountRow } from '../store/schema.js';
import type { ServiceContext } from './context.js';
import { ServiceError } from './errors.js';
import { type PageRequest, pageOf } from './paging.js';

export async function getBalance(ctx: ServiceContext, account: AccountRow) {
  const micros = await balanceOf(ctx.store.db, account.id);
  if (micros === undefined) throw new ServiceError('account-not-found', 'Account not found');
  return { balance: fromMicros(micros), currency: currencyOf(account.currency) };
}

/** The balance in micro-units of the account's currency (0 for an account without a ledger). */
export async function balanceMicros(ctx: ServiceContext, accountId: string): Promise<number> {
  return (await balanceOf(ctx.store.db, accountId)) ?? 0;
}

const TRANSACTION_TYPE: Record<string, string> = {
  topup: 'Topup',
  charge: 'Charge',
  refund: 'Refund',
  adjustment: 'Adjustment',
};

export async function listTransactions(
  ctx: ServiceContext,
  account: AccountRow,
  range: { from?: number; to?: number },
  page: PageRequest,
) {
  const { rows, total } = await listEntries(ctx.store.db, account.id, {
    ...range,
    offset: page.page * page.size,
    limit: page.size,
  });
  const content = rows.map((r) => {
    const date = new Date(r.created_at).toISOString();
    const amount = fromMicros(r.amount_micros);
    const before = fromMicros(r.balance_after_micros - r.amount_micros);
    const after = fromMicros(r.balance_after_micros);
    return {
      id: String(r.id),
      source: r.reference ?? r.description ?? r.kind,
      transactionType: TRANSACTION_TYPE[r.kind] ?? r.kind,
      amount,
      status: 'Completed',
      balanceBefore: before,
      balanceAfter: after,
      date,
      actions: [
        {
          id: String(r.id),
          type: TRANSACTION_TYPE[r.kind] ?? r.kind,
          amount,
          date,
          balanceBefore: before,
          balanceAfter: after,
          status: 'Completed',
        },
      ],
    };
  });
  return pageOf(content, total, page);
}

const countryNames = new Intl.DisplayNames(['en'], { type: 'region' });

function countryName(iso: string): string {
  try {
    return countryNames.of(iso) ?? iso;
  } catch {
    return iso;
  }
}

/** GET /system/prices: per service, one entry per country (a single "All networks" network). */
export async function listPriceTable(
  ctx: ServiceContext,
  account: AccountRow,
  filter: { mcc?: string; service?: string },
) {
  const list = await ctx.prices.current();
  const wanted = filter.service?.toLowerCase();
  const services: Service[] = wanted === 'sms' || wanted === 'voice' ? [wanted] : ['sms', 'voice'];
  const onlyCountry = filter.mcc ? countryOfMcc(filter.mcc) : undefined;
  const countries = onlyCountry ? [onlyCountry] : filter.mcc ? [] : knownCountries();
  const out: Record<string, unknown> = {};
  for (const service of services) {
    out[service] = countries.flatMap((iso) => {
      const price = list.priceOf(service, iso);
      if (price === null) return [];
      return [
        {
          mcc: mccOfCountry(iso) ?? '',
          country: countryName(iso),
          iso,
          networks: [{ network: 'All networks', mnc: '', price: fromMicros(price) }],
        },
      ];
    });
  }
  out.currency = currencyOf(account.currency);
  return out;
}
