import type { LedgerEntryRow } from '../schema.js';
import type { Queryable } from './queryable.js';

export type LedgerKind = 'topup' | 'charge' | 'refund' | 'adjustment';

export interface LedgerMovement {
  accountId: string;
  amountMicros: number;
  kind: LedgerKind;
  reference?: string | null;
  description?: string | null;
  now: number;
}

/**
 * Takes money from the balance if, and only if, the balance covers it. The single conditional
 * UPDATE is what makes concurrent spends safe on both databases (PostgreSQL re-checks the condition
 * after the row lock; SQLite has one writer). Call inside the transaction that records what was paid
 * for. Returns the balance after, or null when the balance is short (nothing written).
 */
export async function debit(db: Queryable, m: LedgerMovement): Promise<number | null> {
  if (m.amountMicros < 0) throw new Error('debit amount must not be negative');
  const after = await takeFromBalance(db, m.accountId, m.amountMicros);
  if (after === null) return null;
  await insertEntry(db, m, -m.amountMicros, after);
  return after;
}

/**
 * The conditional UPDATE alone (no ledger row): the balance after, or null when it does not cover the
 * amount. For callers that write their ledger rows in bulk; everyone else uses `debit`.
 */
export async function takeFromBalance(
  db: Queryable,
  accountId: string,
  amountMicros: number,
): Promise<number | null> {
  const row = await db
    .updateTable('accounts')
    .set((eb) => ({ balance_micros: eb('balance_micros', '-', amountMicros) }))
    .where('id', '=', accountId)
    .where('balance_micros', '>=', amountMicros)
    .returning('balance_micros')
    .executeTakeFirst();
  return row ? row.balance_micros : null;
}

/** Adds money (top-up or refund). Returns the balance after. */
export async function credit(db: Queryable, m: LedgerMovement): Promise<number> {
  if (m.amountMicros < 0) throw new Error('credit amount must not be negative');
  const row = await db
    .updateTable('accounts')
    .set((eb) => ({ balance_micros: eb('balance_micros', '+', m.amountMicros) }))
    .where('id', '=', m.accountId)
    .returning('balance_micros')
    .executeTakeFirstOrThrow();
  await insertEntry(db, m, m.amountMicros, row.balance_micros);
  return row.balance_micros;
}

async function insertEntry(db: Queryable, m: LedgerMovement, signed: number, after: number): Promise<void> {
  await db
    .insertInto('ledger_entries')
    .values({
      account_id: m.accountId,
      amount_micros: signed,
      balance_after_micros: after,
      kind: m.kind,
      reference: m.reference ?? null,
      description: m.description ?? null,
      created_at: m.now,
    })
    .execute();
}

export async function balanceOf(db: Queryable, accountId: string): Promise<number | undefined> {
  const r = await db
    .selectFrom('accounts')
    .select('balance_micros')
    .where('id', '=', accountId)
    .executeTakeFirst();
  return r?.balance_micros;
}

export interface EntryPageQuery {
  from?: number;
  to?: number;
  offset: number;
  limit: number;
}

export async function listEntries(
  db: Queryable,
  accountId: string,
  q: EntryPageQuery,
): Promise<{ rows: LedgerEntryRow[]; total: number }> {
  let base = db.selectFrom('ledger_entries').where('account_id', '=', accountId);
  if (q.from !== undefined) base = base.where('created_at', '>=', q.from);
  if (q.to !== undefined) base = base.where('created_at', '<=', q.to);
  const rows = await base.selectAll().orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute();
  const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return { rows, total: Number(count?.n ?? 0) };
}

/** Sum of all ledger rows of an account: must always equal the stored balance. */
export async function ledgerSum(db: Queryable, accountId: string): Promise<number> {
  const r = await db
    .selectFrom('ledger_entries')
    .select((eb) => eb.fn.sum<number>('amount_micros').as('s'))
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return Number(r?.s ?? 0);
}

/**
 * Ledger entries of a time range, oldest first, `limit` at a time after the entry (`after`) that ended
 * the previous batch: an export walks the (account_id, created_at) index instead of skipping rows.
 */
export async function ledgerEntriesAfter(
  db: Queryable,
  accountId: string,
  q: { from: number; to: number; after?: { createdAt: number; id: number }; limit: number },
): Promise<LedgerEntryRow[]> {
  let sel = db
    .selectFrom('ledger_entries')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('created_at', '>=', q.from)
    .where('created_at', '<=', q.to);
  if (q.after) {
    const { createdAt, id } = q.after;
    sel = sel.where((eb) =>
      eb.or([
        eb('created_at', '>', createdAt),
        eb.and([eb('created_at', '=', createdAt), eb('id', '>', id)]),
      ]),
    );
  }
  return sel.orderBy('created_at').orderBy('id').limit(q.limit).execute();
}
