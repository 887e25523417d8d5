/** Routee's account resources: the balance, transactions (with their one action) and the price list. */
import { mccOfCountry } from '../../domain/mcc.js';
import { type Currency, fromMicros } from '../../domain/money.js';
import type { CountryPrice, LedgerEntry } from '../../services/account-finance.js';
import type { Service } from '../../domain/pricing.js';

const TRANSACTION_TYPE: Record<string, string> = {
  topup: 'Topup',
  charge: 'Charge',
  refund: 'Refund',
  adjustment: 'Adjustment',
};

export function balanceView(b: { balanceMicros: number; currency: Currency }) {
  return { balance: fromMicros(b.balanceMicros), currency: b.currency };
}

export function transactionView(e: LedgerEntry) {
  const date = new Date(e.createdAt).toISOString();
  const amount = fromMicros(e.amountMicros);
  const before = fromMicros(e.balanceAfterMicros - e.amountMicros);
  const after = fromMicros(e.balanceAfterMicros);
  const type = TRANSACTION_TYPE[e.kind] ?? e.kind;
  return {
    id: e.id,
    source: e.reference ?? e.description ?? e.kind,
    transactionType: type,
    amount,
    status: 'Completed',
    balanceBefore: before,
    balanceAfter: after,
    date,
    actions: [
      { id: e.id, type, amount, date, balanceBefore: before, balanceAfter: after, status: 'Completed' },
    ],
  };
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
export function priceTableView(t: {
  services: Array<{ service: Service; prices: CountryPrice[] }>;
  currency: Currency;
}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { service, prices } of t.services) {
    out[service] = prices.map((p) => ({
      mcc: mccOfCountry(p.iso) ?? '',
      country: countryName(p.iso),
      iso: p.iso,
      networks: [{ network: 'All networks', mnc: '', price: fromMicros(p.priceMicros) }],
    }));
  }
  out.currency = t.currency;
  return out;
}
