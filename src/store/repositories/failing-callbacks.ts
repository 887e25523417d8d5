/**
 * Callbacks that are failing, as the console lists them and as a replay sends them again: rows of the
 * outbox given up on (`failed`) or retried after a failed attempt (`pending`, attempts > 0), read
 * through the partial index callback_outbox_account (migration 020). A replay makes a row due now
 * with a fresh count of attempts; the callback sender's poller takes it from there.
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../schema.js';
import type { Queryable } from './queryable.js';

export interface FailingCallbackRow {
  id: number;
  kind: string;
  order_key: string;
  url: string;
  payload: string;
  state: string;
  attempts: number;
  last_error: string | null;
  next_attempt_at: number;
  created_at: number;
  updated_at: number;
}

/** The rows of a campaign: its own callbacks and those of its messages or calls. */
export interface CallbackScope {
  campaignId?: string;
  /** Only those given up on. */
  failedOnly?: boolean;
}

// Written as in the index's predicate, so that the planner uses it.
const failing = sql<SqlBool>`(state = 'failed' OR attempts > 0)`;

function scoped(eb: ExpressionBuilder<Database, 'callback_outbox'>, accountId: string, s: CallbackScope) {
  const conds: Expression<SqlBool>[] = [eb('account_id', '=', accountId), failing];
  if (s.failedOnly) conds.push(eb('state', '=', 'failed'));
  if (s.campaignId !== undefined) {
    const id = s.campaignId;
    conds.push(
      eb.or([
        eb('order_key', '=', `campaign:${id}`),
        eb('order_key', 'in', eb.selectFrom('messages').select('messages.id').where('campaign_id', '=', id)),
        eb(
          'order_key',
          'in',
          eb.selectFrom('voice_calls').select('voice_calls.id').where('campaign_id', '=', id),
        ),
      ]),
    );
  }
  return eb.and(conds);
}

export async function failingCallbacksPage(
  db: Queryable,
  accountId: string,
  scope: CallbackScope,
  offset: number,
  limit: number,
): Promise<{ rows: FailingCallbackRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    db
      .selectFrom('callback_outbox')
      .select([
        'id',
        'kind',
        'order_key',
        'url',
        'payload',
        'state',
        'attempts',
        'last_error',
        'next_attempt_at',
        'created_at',
        'updated_at',
      ])
      .where((eb) => scoped(eb, accountId, scope))
      .orderBy('id', 'desc')
      .offset(offset)
      .limit(limit)
      .execute(),
    db
      .selectFrom('callback_outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where((eb) => scoped(eb, accountId, scope))
      .executeTakeFirstOrThrow(),
  ]);
  return {
    rows: rows.map((r) => ({ ...r, id: Number(r.id), attempts: Number(r.attempts) })),
    total: Number(count.n),
  };
}

/**
 * Makes the account's failing callbacks due now, with their attempts counted afresh: the given ids,
 * or every one in the scope. Returns how many were replayed.
 */
export async function replayCallbacks(
  db: Queryable,
  accountId: string,
  which: { ids: readonly number[] } | { scope: CallbackScope },
  now: number,
): Promise<number> {
  if ('ids' in which && which.ids.length === 0) return 0;
  const r = await db
    .updateTable('callback_outbox')
    .set({ state: 'pending', attempts: 0, next_attempt_at: now, updated_at: now })
    .where((eb) =>
      'ids' in which
        ? eb.and([scoped(eb, accountId, {}), eb('id', 'in', [...which.ids])])
        : scoped(eb, accountId, which.scope),
    )
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
