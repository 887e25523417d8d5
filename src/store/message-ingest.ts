/**
 * The hot write path: charge an accepted message and store it with its parts, durably, before the
 * API answers. Requests that arrive together are committed together (group commit): one transaction
 * per batch instead of one per message, which is what a commit costs most of.
 *
 * Every record is still all-or-nothing on its own: its debit is a conditional UPDATE; when the
 * balance is short, nothing of that record is written and the others in the batch are unaffected.
 *
 * SQLite runs the batch with raw prepared statements while holding Kysely's single connection, so no
 * other query can interleave; PostgreSQL runs it as one Kysely transaction.
 */
import { MESSAGE_COLUMNS, positionalInsert } from './bulk-write.js';
import { GroupCommit } from './group-commit.js';
import { CompiledQuery } from 'kysely';
import { PREPARED } from './pg-prepared.js';
import { insertUnnest, unnestOf, unnestParams } from './pg-unnest.js';
import type { Store } from './database.js';
import {
  enqueueCallbacks,
  outboxRowValues,
  SQLITE_OUTBOX_INSERT_ONE,
  type OutboxEntry,
} from './repositories/callback-outbox.js';
import { takeFromBalance } from './repositories/ledger.js';
import type { MessagePartRow, MessageRow, NewMessagePart } from './schema.js';

export interface IngestRecord {
  accountId: string;
  amountMicros: number;
  ledgerDescription: string;
  now: number;
  /** Every column present. */
  message: MessageRow;
  parts: Array<Pick<MessagePartRow, (typeof PART_COLUMNS)[number]>>;
  /** Callbacks to send about this acceptance (the Queued status), written with it. */
  callbacks?: OutboxEntry[];
}

export type IngestOutcome = 'stored' | 'insufficient-balance';

export interface MessageIngest {
  accept(record: IngestRecord): Promise<IngestOutcome>;
  /** Waits until everything accepted so far is committed. */
  flush(): Promise<void>;
}

type BatchWriter = (records: IngestRecord[]) => Promise<IngestOutcome[]>;

export function createMessageIngest(store: Store, maxBatch = 500): MessageIngest {
  const commits = new GroupCommit<IngestRecord, IngestOutcome>({
    maxBatch,
    delayMs: 0,
    write: store.dialect === 'sqlite' ? sqliteBatchWriter(store) : postgresBatchWriter(store),
    onBatchFailure: 'one-by-one',
  });
  return {
    accept: (record) => commits.submit(record),
    flush: () => commits.drain(),
  };
}

// prettier-ignore
const PART_COLUMNS = [
  'sms_id', 'message_id', 'account_id', 'part_index', 'status', 'detailed_status', 'price_micros', 'smsc_id',
  'link_id', 'attempts', 'next_attempt_at', 'updated_at',
] as const satisfies ReadonlyArray<keyof NewMessagePart>;

const LEDGER_COLUMNS = [
  'account_id',
  'amount_micros',
  'balance_after_micros',
  'kind',
  'reference',
  'description',
  'created_at',
] as const;

/** The ledger row that charges an accepted message. */
function chargeRow(r: IngestRecord, balanceAfter: number): Record<(typeof LEDGER_COLUMNS)[number], unknown> {
  return {
    account_id: r.accountId,
    amount_micros: -r.amountMicros,
    balance_after_micros: balanceAfter,
    kind: 'charge',
    reference: r.message.id,
    description: r.ledgerDescription,
    created_at: r.now,
  };
}

function sqliteBatchWriter(store: Store): BatchWriter {
  const sqlite = store.sqlite!;
  const debit = sqlite.prepare(
    'UPDATE accounts SET balance_micros = balance_micros - ? WHERE id = ? AND balance_micros >= ? RETURNING balance_micros',
  );
  const ledger = positionalInsert(sqlite, 'ledger_entries', LEDGER_COLUMNS);
  const message = positionalInsert(sqlite, 'messages', MESSAGE_COLUMNS);
  const part = positionalInsert(sqlite, 'message_parts', PART_COLUMNS);
  const callback = sqlite.prepare(SQLITE_OUTBOX_INSERT_ONE);
  const store_ = (r: IngestRecord, balanceAfter: number) => {
    ledger(chargeRow(r, balanceAfter));
    message(r.message);
    for (const p of r.parts) part(p);
    for (const c of r.callbacks ?? [])
      callback.run(outboxRowValues(c, JSON.stringify(c.payload), r.now, r.now));
  };
  const writeAll = sqlite.transaction((records: IngestRecord[]) => {
    const outcomes = new Array<IngestOutcome>(records.length);
    for (const [accountId, indexes] of groupByAccount(records)) {
      // One conditional debit for the account's whole share of the batch; when the balance does not
      // cover all of it, fall back to one conditional debit per message (first come, first served).
      const total = indexes.reduce((sum, i) => sum + records[i]!.amountMicros, 0);
      const row = debit.get(total, accountId, total) as { balance_micros: number } | undefined;
      if (row) {
        let balance = row.balance_micros + total;
        for (const i of indexes) {
          balance -= records[i]!.amountMicros;
          store_(records[i]!, balance);
          outcomes[i] = 'stored';
        }
        continue;
      }
      for (const i of indexes) {
        const r = records[i]!;
        const one = debit.get(r.amountMicros, r.accountId, r.amountMicros) as
          { balance_micros: number } | undefined;
        if (one) store_(r, one.balance_micros);
        outcomes[i] = one ? 'stored' : 'insufficient-balance';
      }
    }
    return outcomes;
  });
  // Holding Kysely's connection keeps its queries and transactions out while the batch runs.
  // The write lock first (awaited, the event loop keeps serving), then Kysely's connection.
  const lock = store.writeLock;
  const write = (records: IngestRecord[]) =>
    store.db.connection().execute(async () => writeAll.immediate(records));
  return (records) => (lock ? lock.run(() => write(records)) : write(records));
}

/** Record indexes per account, in arrival order. */
function groupByAccount(records: IngestRecord[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  records.forEach((r, i) => {
    const list = groups.get(r.accountId);
    if (list) list.push(i);
    else groups.set(r.accountId, [i]);
  });
  return groups;
}

/**
 * PostgreSQL: a batch of one account without callbacks to write (the usual case) is one statement —
 * the conditional debit and the three inserts as data-modifying CTEs, which insert nothing when the
 * debit finds the balance short — so one round trip instead of six (BEGIN, debit, three inserts,
 * COMMIT). Other batches, and a batch the balance does not cover, take the transaction below.
 */
const ONE_STATEMENT_INGEST = `${PREPARED}WITH debit AS (
    UPDATE accounts SET balance_micros = balance_micros - $1::bigint
     WHERE id = $2 AND balance_micros >= $1::bigint RETURNING balance_micros),
  ledger AS (
    INSERT INTO ledger_entries (account_id, amount_micros, balance_after_micros, kind, reference, description, created_at)
    SELECT $2, -l.amount, d.balance_micros + $1::bigint - l.paid, 'charge', l.reference, l.description, l.created_at
      FROM debit d, unnest($3::bigint[], $4::bigint[], $5::text[], $6::text[], $7::bigint[])
        AS l(amount, paid, reference, description, created_at)),
  inserted_messages AS (
    INSERT INTO messages (${MESSAGE_COLUMNS.join(', ')})
    SELECT u.* FROM debit, ${unnestOf('messages', MESSAGE_COLUMNS, 8)} AS u),
  inserted_parts AS (
    INSERT INTO message_parts (${PART_COLUMNS.join(', ')})
    SELECT u.* FROM debit, ${unnestOf('message_parts', PART_COLUMNS, 8 + MESSAGE_COLUMNS.length)} AS u)
  SELECT balance_micros FROM debit`;

async function ingestInOneStatement(store: Store, records: IngestRecord[]): Promise<boolean> {
  const total = records.reduce((sum, r) => sum + r.amountMicros, 0);
  let paid = 0;
  const { rows } = await store.db.executeQuery<{ balance_micros: number }>(
    CompiledQuery.raw(ONE_STATEMENT_INGEST, [
      total,
      records[0]!.accountId,
      records.map((r) => r.amountMicros),
      records.map((r) => (paid += r.amountMicros)),
      records.map((r) => r.message.id),
      records.map((r) => r.ledgerDescription),
      records.map((r) => r.now),
      ...unnestParams(
        MESSAGE_COLUMNS,
        records.map((r) => r.message),
      ),
      ...unnestParams(
        PART_COLUMNS,
        records.flatMap((r) => r.parts),
      ),
    ]),
  );
  return rows.length === 1;
}

function postgresBatchWriter(store: Store): BatchWriter {
  const inTransaction = transactionBatchWriter(store);
  return async (records) => {
    const first = records[0]!.accountId;
    const simple = records.every((r) => r.accountId === first && !r.callbacks?.length);
    if (simple && (await ingestInOneStatement(store, records))) return records.map(() => 'stored');
    return inTransaction(records);
  };
}

function transactionBatchWriter(store: Store): BatchWriter {
  return (records) =>
    store.db.transaction().execute(async (trx) => {
      const outcomes = new Array<IngestOutcome>(records.length);
      const ledger: Array<{ r: IngestRecord; after: number }> = [];
      const debit = (accountId: string, amount: number) => takeFromBalance(trx, accountId, amount);
      // Accounts in one order in every batch: batches of several nodes written at once never wait
      // on each other's rows in opposite orders (a deadlock).
      const groups = [...groupByAccount(records)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      for (const [accountId, indexes] of groups) {
        // Same policy as SQLite: one debit for the account's share, per message when it falls short.
        const total = indexes.reduce((sum, i) => sum + records[i]!.amountMicros, 0);
        const after = await debit(accountId, total);
        if (after !== null) {
          let balance = after + total;
          for (const i of indexes) {
            balance -= records[i]!.amountMicros;
            ledger.push({ r: records[i]!, after: balance });
            outcomes[i] = 'stored';
          }
          continue;
        }
        for (const i of indexes) {
          const one = await debit(accountId, records[i]!.amountMicros);
          if (one !== null) ledger.push({ r: records[i]!, after: one });
          outcomes[i] = one !== null ? 'stored' : 'insufficient-balance';
        }
      }
      await insertUnnest(
        trx,
        'ledger_entries',
        LEDGER_COLUMNS,
        ledger.map(({ r, after }) => chargeRow(r, after)),
      );
      await insertUnnest(
        trx,
        'messages',
        MESSAGE_COLUMNS,
        ledger.map((l) => l.r.message),
      );
      await insertUnnest(
        trx,
        'message_parts',
        PART_COLUMNS,
        ledger.flatMap((l) => l.r.parts),
      );
      const callbacks = ledger.flatMap((l) => l.r.callbacks ?? []);
      if (callbacks.length > 0) await enqueueCallbacks(trx, callbacks, records[0]!.now);
      return outcomes;
    });
}
