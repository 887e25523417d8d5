/** Price list lookup: per service and destination country, falling back to the '*' default row. */

/**
 * What is priced: an SMS part (`sms`, premium), a low-cost SMS part (`sms_low_cost`, Octopush), a
 * minute of voice call (`voice`), one voice message (`vocal_sms`, Octopush, billed once answered).
 */
export const SERVICES = ['sms', 'sms_low_cost', 'voice', 'vocal_sms'] as const;
export type Service = (typeof SERVICES)[number];

export function isService(s: string): s is Service {
  return (SERVICES as readonly string[]).includes(s);
}

export interface PriceEntry {
  service: Service;
  /** ISO 3166-1 alpha-2, or '*' for the default. */
  country: string;
  /** Price of one SMS part, one minute of voice or one voice message, in micro-units. */
  priceMicros: number;
}

export class PriceList {
  private readonly byKey = new Map<string, number>();

  constructor(readonly entries: readonly PriceEntry[]) {
    for (const e of entries) this.byKey.set(`${e.service}:${e.country}`, e.priceMicros);
  }

  /** Price in micro-units, or null when neither the country nor a default is listed. */
  priceOf(service: Service, country: string): number | null {
    return this.byKey.get(`${service}:${country}`) ?? this.byKey.get(`${service}:*`) ?? null;
  }
}
