/**
 * The price list, read from the store and kept in memory. Reloaded after every local change and at
 * most `maxAgeMs` after a change made by another node.
 */
import { PriceList, type Service } from '../domain/pricing.js';
import type { Store } from '../store/database.js';
import { listPrices } from '../store/repositories/prices.js';

export class PriceBook {
  private list: PriceList | undefined;
  private loadedAt = 0;

  constructor(
    private readonly store: Store,
    private readonly clock: () => number,
    private readonly maxAgeMs = 10_000,
  ) {}

  async current(): Promise<PriceList> {
    const now = this.clock();
    if (!this.list || now - this.loadedAt > this.maxAgeMs) {
      this.list = new PriceList(await listPrices(this.store.db));
      this.loadedAt = now;
    }
    return this.list;
  }

  invalidate(): void {
    this.list = undefined;
  }

  async priceOf(service: Service, country: string): Promise<number | null> {
    return (await this.current()).priceOf(service, country);
  }
}
