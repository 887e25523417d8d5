import type { PriceEntry, Service } from '../../domain/pricing.js';
import type { Queryable } from './queryable.js';

export async function listPrices(db: Queryable): Promise<PriceEntry[]> {
  const rows = await db.selectFrom('prices').selectAll().orderBy('service').orderBy('country').execute();
  return rows.map((r) => ({
    service: r.service as Service,
    country: r.country,
    priceMicros: r.price_micros,
  }));
}

export async function upsertPrice(db: Queryable, e: PriceEntry, now: number): Promise<void> {
  await db
    .insertInto('prices')
    .values({ service: e.service, country: e.country, price_micros: e.priceMicros, updated_at: now })
    .onConflict((oc) =>
      oc.columns(['service', 'country']).doUpdateSet({ price_micros: e.priceMicros, updated_at: now }),
    )
    .execute();
}

export async function deletePrice(db: Queryable, service: Service, country: string): Promise<boolean> {
  const r = await db
    .deleteFrom('prices')
    .where('service', '=', service)
    .where('country', '=', country)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
