/**
 * The operator's price list (console operator page, CLI): one price per service and country, '*' the
 * default of a service. Checked here once; the in-memory price book is refreshed after each change.
 */
import { isService, type PriceEntry, type Service, SERVICES } from '../domain/pricing.js';
import { toMicros } from '../domain/money.js';
import { deletePrice, listPrices, upsertPrice } from '../store/repositories/prices.js';
import type { ServiceContext } from './context.js';
import { ServiceError, validationError } from './errors.js';

/** Every price, by service then country. */
export async function priceList(ctx: ServiceContext): Promise<PriceEntry[]> {
  return listPrices(ctx.store.db);
}

/** A service and a country ('*' or ISO alpha-2, any case) checked; the country in upper case. */
function readKey(service: unknown, country: unknown): { service: Service; country: string } {
  const problems: Record<string, string> = {};
  const iso = typeof country === 'string' ? country.trim().toUpperCase() : '';
  if (typeof service !== 'string' || !isService(service))
    problems.service = `must be one of ${SERVICES.join(', ')}`;
  if (!/^([A-Z]{2}|\*)$/.test(iso)) problems.country = 'must be an ISO 3166-1 alpha-2 code or *';
  if (Object.keys(problems).length > 0) throw validationError(problems);
  return { service: service as Service, country: iso };
}

/** Sets a price in currency units (at most 1,000,000; six decimals kept). */
export async function setPrice(
  ctx: ServiceContext,
  input: { service: unknown; country: unknown; price: unknown },
): Promise<PriceEntry> {
  const price =
    typeof input.price === 'string' && input.price.trim() !== '' ? Number(input.price) : input.price;
  const key = readKey(input.service, input.country);
  if (typeof price !== 'number' || !Number.isFinite(price) || price < 0 || price > 1_000_000)
    throw validationError({ price: 'must be a number from 0 to 1000000' });
  const entry = { ...key, priceMicros: toMicros(price) };
  await upsertPrice(ctx.store.db, entry, ctx.clock());
  ctx.prices.invalidate();
  return entry;
}

/** Removes a price (the service's default then applies); not-found when there was none. */
export async function removePrice(
  ctx: ServiceContext,
  input: { service: unknown; country: unknown },
): Promise<void> {
  const key = readKey(input.service, input.country);
  if (!(await deletePrice(ctx.store.db, key.service, key.country)))
    throw new ServiceError('not-found', 'No price for this service and country');
  ctx.prices.invalidate();
}
