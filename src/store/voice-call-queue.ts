/**
 * The voice dispatcher's statements on the voice_calls queue, each named once: calls due are `ready`
 * (or `scheduled` until their time comes) and taken by one node as `inflight`; a call's progress and
 * its end are written with the callbacks and refunds of the same transaction by the caller. Queries
 * repeat the states of the partial index voice_calls_due so that SQLite uses it.
 */
import type { Dialect } from './dialect.js';
import { literalList } from './literal-list.js';
import type { Queryable } from './repositories/queryable.js';
import type { VoiceCallRow } from './schema.js';

/** The states the partial index voice_calls_due covers. */
const DUE_STATES = ['ready', 'scheduled', 'inflight'];

/**
 * The calls left in progress by this node (one SQLite node owns everything; on PostgreSQL only
 * this node's calls are its to settle).
 */
export function inflightCallsOf(db: Queryable, dialect: Dialect, nodeId: string): Promise<VoiceCallRow[]> {
  let q = db.selectFrom('voice_calls').selectAll().where('queue_state', '=', 'inflight');
  if (dialect === 'postgres') q = q.where('claimed_by', '=', nodeId);
  return q.execute();
}

/** Scheduled calls whose time has come become ready. */
export async function releaseScheduledCalls(db: Queryable, now: number): Promise<void> {
  await db
    .updateTable('voice_calls')
    .set({ queue_state: 'ready' })
    .where('queue_state', 'in', literalList(DUE_STATES))
    .where('queue_state', '=', 'scheduled')
    .where('next_attempt_at', '<=', now)
    .execute();
}

/** Takes up to `room` ready calls, oldest first, for this node. */
export async function claimReadyCalls(
  db: Queryable,
  nodeId: string,
  now: number,
  room: number,
): Promise<VoiceCallRow[]> {
  const due = await db
    .selectFrom('voice_calls')
    .select('id')
    .where('queue_state', 'in', literalList(DUE_STATES))
    .where('queue_state', '=', 'ready')
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at')
    .orderBy('seq')
    .limit(room)
    .execute();
  if (due.length === 0) return [];
  return db
    .updateTable('voice_calls')
    .set({ queue_state: 'inflight', claimed_by: nodeId, updated_at: now })
    .where(
      'id',
      'in',
      due.map((d) => d.id),
    )
    .where('queue_state', '=', 'ready')
    .returningAll()
    .execute();
}

/** A claimed call goes back to the queue (no trunk had room after all). */
export async function requeueCall(db: Queryable, id: string): Promise<void> {
  await db
    .updateTable('voice_calls')
    .set({ queue_state: 'ready', claimed_by: null })
    .where('id', '=', id)
    .execute();
}

/** A call's new status and history (answered now when it is InProgress). */
export async function recordCallProgress(
  db: Queryable,
  id: string,
  status: string,
  history: string,
  now: number,
): Promise<void> {
  await db
    .updateTable('voice_calls')
    .set({ status, history, updated_at: now, ...(status === 'InProgress' && { answered_at: now }) })
    .where('id', '=', id)
    .execute();
}

/** A call's end: its final status, what it cost and how it went; it leaves the queue. */
export async function recordCallEnd(db: Queryable, done: VoiceCallRow): Promise<void> {
  await db
    .updateTable('voice_calls')
    .set({
      status: done.status,
      history: done.history,
      queue_state: 'done',
      claimed_by: null,
      price_micros: done.price_micros,
      duration_ms: done.duration_ms,
      digits: done.digits,
      sip_status: done.sip_status,
      answered_at: done.answered_at,
      ended_at: done.ended_at,
      updated_at: done.updated_at,
    })
    .where('id', '=', done.id)
    .execute();
}

/** What placing a campaign's calls needs from its row: what it was asked, its name, its account's. */
export function campaignOfCalls(
  db: Queryable,
  campaignId: string,
): Promise<{ request: string; name: string | null; account_name: string }> {
  return db
    .selectFrom('campaigns as c')
    .innerJoin('accounts as a', 'a.id', 'c.account_id')
    .select(['c.request', 'c.name', 'a.name as account_name'])
    .where('c.id', '=', campaignId)
    .executeTakeFirstOrThrow();
}
