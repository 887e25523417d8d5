/**
 * Money is kept in integer micro-units (1 EUR = 1,000,000) so that sums, reservations and refunds
 * never drift through floating point.
 */
export const MICROS_PER_UNIT = 1_000_000;

export function toMicros(amount: number): number {
  return Math.round(amount * MICROS_PER_UNIT);
}

export function fromMicros(micros: number): number {
  return Math.round(micros) / MICROS_PER_UNIT;
}

export interface Currency {
  code: string;
  name: string;
  sign: string;
}

const CURRENCIES: Record<string, Currency> = {
  EUR: { code: 'EUR', name: 'Euro', sign: '€' },
  USD: { code: 'USD', name: 'US Dollar', sign: '$' },
  GBP: { code: 'GBP', name: 'British Pound', sign: '£' },
};

export function currencyOf(code: string): Currency {
  return CURRENCIES[code] ?? { code, name: code, sign: code };
}
