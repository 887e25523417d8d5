/**
 * Many rows into one PostgreSQL table with one short, prepared statement: each column goes in as one
 * array parameter and `unnest` turns the arrays back into rows. A multi-row VALUES insert built by
 * the query builder cost the API thread more CPU than the rest of accepting a batch of messages
 * (compiling 26 placeholders per row), and the server parsed and planned each new text afresh.
 */
import { CompiledQuery } from 'kysely';
import { PREPARED } from './pg-prepared.js';
import type { Queryable } from './repositories/queryable.js';

type PgType = 'text' | 'integer' | 'bigint';

/** The columns the hot paths insert, with their PostgreSQL types (unnest needs each array's type). */
// prettier-ignore
const COLUMN_TYPES: Record<UnnestTable, Record<string, PgType>> = {
  messages: {
    id: 'text', account_id: 'text', campaign_id: 'text', sender: 'text', recipient: 'text', country: 'text',
    body: 'text', label: 'text', flash: 'integer', status: 'text', detailed_status: 'text', parts: 'integer',
    characters: 'integer', encoding: 'text', transcoded: 'integer', price_micros: 'bigint', callback_url: 'text',
    callback_strategy: 'text', ttl_minutes: 'integer', expires_at: 'bigint', send_at: 'bigint',
    created_at: 'bigint', updated_at: 'bigint', campaign_seq: 'integer', reminder_of: 'text',
    restrictions: 'text', pool_id: 'text', pool_strategy: 'text',
  },
  message_parts: {
    sms_id: 'text', message_id: 'text', account_id: 'text', part_index: 'integer', status: 'text',
    detailed_status: 'text', price_micros: 'bigint', smsc_id: 'text', link_id: 'text', attempts: 'integer',
    next_attempt_at: 'bigint', updated_at: 'bigint', queue_state: 'text',
  },
  ledger_entries: {
    account_id: 'text', amount_micros: 'bigint', balance_after_micros: 'bigint', kind: 'text', reference: 'text',
    description: 'text', created_at: 'bigint',
  },
};

export type UnnestTable = 'messages' | 'message_parts' | 'ledger_entries';

const texts = new Map<string, string>();

/** `unnest($n::type[], …)` over the columns, numbering parameters from `first`. */
export function unnestOf(table: UnnestTable, columns: readonly string[], first = 1): string {
  const types = COLUMN_TYPES[table];
  const arrays = columns.map((c, i) => {
    const type = types[c];
    if (!type) throw new Error(`no PostgreSQL type known for ${table}.${c}`);
    return `$${first + i}::${type}[]`;
  });
  return `unnest(${arrays.join(', ')})`;
}

/** The parameters of `unnestOf`: one array per column. */
export function unnestParams(
  columns: readonly string[],
  rows: ReadonlyArray<Record<string, unknown>>,
): unknown[][] {
  return columns.map((c) => rows.map((r) => r[c] ?? null));
}

function insertText(table: UnnestTable, columns: readonly string[]): string {
  const key = `${table}|${columns.join(',')}`;
  let text = texts.get(key);
  if (text === undefined) {
    text = `${PREPARED}INSERT INTO ${table} (${columns.join(', ')}) SELECT * FROM ${unnestOf(table, columns)}`;
    texts.set(key, text);
  }
  return text;
}

/** Inserts the rows (every row has every column named), 5,000 per statement. */
export async function insertUnnest(
  db: Queryable,
  table: UnnestTable,
  columns: readonly string[],
  rows: ReadonlyArray<Record<string, unknown>>,
): Promise<void> {
  const text = insertText(table, columns);
  for (let i = 0; i < rows.length; i += 5000)
    await db.executeQuery(CompiledQuery.raw(text, unnestParams(columns, rows.slice(i, i + 5000))));
}
