/** The durable callback outbox: rows written in the same transaction as the change they report. */
import type { Queryable } from './queryable.js';

export interface OutboxEntry {
  accountId: string;
  kind: string;
  /** Callbacks sharing a key are delivered in order (e.g. one SMS part's statuses). */
  orderKey: string;
  url: string;
  payload: unknown;
}

export async function enqueueCallbacks(db: Queryable, entries: OutboxEntry[], now: number): Promise<void> {
  for (let i = 0; i < entries.length; i += 500) {
    await db
      .insertInto('callback_outbox')
      .values(
        entries.slice(i, i + 500).map((e) => ({
          account_id: e.accountId,
          kind: e.kind,
          order_key: e.orderKey,
          url: e.url,
          payload: JSON.stringify(e.payload),
          next_attempt_at: now,
          last_error: null,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
  }
}
