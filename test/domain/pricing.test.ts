// The price list: a price per service and destination country, else the service's '*' default row,
// else nothing (the message is refused as unpriced).
import { describe, expect, it } from 'vitest';
import { isService, PriceList } from '../../src/domain/pricing.js';

describe('price list', () => {
  const list = new PriceList([
    { service: 'sms', country: 'GR', priceMicros: 45_000 },
    { service: 'sms', country: '*', priceMicros: 60_000 },
    { service: 'voice', country: 'FR', priceMicros: 120_000 },
    { service: 'sms_low_cost', country: 'FR', priceMicros: 30_000 },
  ]);

  it('prices by service and country first', () => {
    expect(list.priceOf('sms', 'GR')).toBe(45_000);
    expect(list.priceOf('voice', 'FR')).toBe(120_000);
    expect(list.priceOf('sms_low_cost', 'FR')).toBe(30_000);
  });

  it("falls back to the service's default row, never another service's", () => {
    expect(list.priceOf('sms', 'DE')).toBe(60_000);
    expect(list.priceOf('voice', 'GR')).toBeNull();
    expect(list.priceOf('sms_low_cost', 'GR')).toBeNull();
    expect(list.priceOf('vocal_sms', 'FR')).toBeNull();
  });

  it('keeps the entries it was built from, and a free price is a price', () => {
    expect(list.entries).toHaveLength(4);
    expect(new PriceList([{ service: 'sms', country: 'GR', priceMicros: 0 }]).priceOf('sms', 'GR')).toBe(0);
  });

  it('knows its services', () => {
    for (const s of ['sms', 'sms_low_cost', 'voice', 'vocal_sms']) expect(isService(s), s).toBe(true);
    for (const s of ['SMS', 'mms', '', '*']) expect(isService(s), s).toBe(false);
  });
});
