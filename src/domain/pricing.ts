/** Price list lookup: per service and destination country, falling back to the '*' default row. */
export type Service = 'sms' | 'voice';

export interface PriceEntry {
  service: Service;
  /** ISO 3166-1 alpha-2, or '*' for the default. */
  country: string;
  /** Price of one SMS part, or of one minute of voice, in micro-units. */
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
