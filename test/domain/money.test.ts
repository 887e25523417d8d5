// Money in integer micro-units (1 EUR = 1,000,000): conversions both ways, rounded to the micro, and
// the currencies accounts are shown in (unknown codes shown as themselves).
import { describe, expect, it } from 'vitest';
import { currencyOf, fromMicros, MICROS_PER_UNIT, toMicros } from '../../src/domain/money.js';

describe('micro-units', () => {
  it('converts amounts to micros and back, rounding to the micro', () => {
    expect(MICROS_PER_UNIT).toBe(1_000_000);
    expect(toMicros(0.045)).toBe(45_000);
    expect(toMicros(12)).toBe(12_000_000);
    expect(toMicros(0.1 + 0.2)).toBe(300_000);
    expect(toMicros(0.0000004)).toBe(0);
    expect(toMicros(0.0000006)).toBe(1);
    expect(fromMicros(45_000)).toBe(0.045);
    expect(fromMicros(12_000_000)).toBe(12);
    expect(fromMicros(1_666.6)).toBe(0.001667);
    expect(fromMicros(-2_500_000)).toBe(-2.5);
  });
});

describe('currencies', () => {
  it('knows EUR, USD and GBP by code, name and sign', () => {
    expect(currencyOf('EUR')).toEqual({ code: 'EUR', name: 'Euro', sign: '€' });
    expect(currencyOf('USD')).toEqual({ code: 'USD', name: 'US Dollar', sign: '$' });
    expect(currencyOf('GBP')).toEqual({ code: 'GBP', name: 'British Pound', sign: '£' });
  });

  it('shows any other code as itself', () => {
    expect(currencyOf('CHF')).toEqual({ code: 'CHF', name: 'CHF', sign: 'CHF' });
  });
});
