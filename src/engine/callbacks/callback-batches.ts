/**
 * Callback batches: the callbacks of one flush that the node's own sender delivers from memory,
 * written as one row instead of one outbox row each.
 *
 * A flush that reports final statuses on completion (each part's only callback) writes, in its
 * transaction, one `callback_batches` row: the parts, the time the callbacks report and a lease. The
 * sender delivers them from memory; a callback that fails (or would outlive the lease) is written to
 * the outbox as a row of its own, with its attempt counted, and retried from there. Once every
 * callback of a batch was answered 200 or moved to the outbox, a later flush deletes the row.
 *
 * If the node dies first, the lease runs out and any node's sender turns the row back into outbox
 * rows, due at once, each callback built again from the database exactly as the flush built it (the
 * same facts, the part's final status, the batch's time): at least once, as before — a callback
 * answered before the crash may be delivered again.
 *
 * Why: an outbox row written and deleted per callback was a tenth of the gateway's CPU per message in
 * the PostgreSQL dispatch benchmark (two index entries and a payload per row, then a delete).
 */
import type { Store } from '../../store/database.js';
import {
  anyExpiredCallbackBatch,
  partFactsWithStatus,
  takeExpiredCallbackBatches,
} from '../../store/callback-batches.js';
import { enqueueCallbacks, type OutboxEntry } from '../../store/repositories/callback-outbox.js';
import type { CallbackRenderers } from '../../domain/callback-events.js';
import { smsCallbackEntry } from '../sms/part-facts.js';

/**
 * Turns batches whose lease ran out into outbox rows, due now; resolves with the number of
 * callbacks written. Each batch is taken by one node (deleted in the same transaction).
 */
export async function expandExpiredCallbackBatches(
  store: Store,
  renderers: Pick<CallbackRenderers, 'partStatus'>,
  now: number,
  limit = 20,
): Promise<number> {
  if (!(await anyExpiredCallbackBatch(store.db, now))) return 0;
  return store.db.transaction().execute(async (trx) => {
    const atOfPart = await takeExpiredCallbackBatches(trx, store.dialect, now, limit);
    if (atOfPart.size === 0) return 0;
    const entries: OutboxEntry[] = [];
    for (const f of await partFactsWithStatus(trx, [...atOfPart.keys()])) {
      if (f.callback_url === null) continue;
      const at = atOfPart.get(Number(f.id))!;
      entries.push(smsCallbackEntry(renderers, f, f.callback_url, f.status, f.detailed_status, at));
    }
    await enqueueCallbacks(trx, entries, now);
    return entries.length;
  });
}
