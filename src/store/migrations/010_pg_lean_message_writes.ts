import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../dialect.js';

/**
 * PostgreSQL: accepted messages are written without foreign-key checks, and parts without a unique
 * index on `sms_id`.
 *
 * Each foreign key cost a trigger event per inserted row and a `SELECT … FOR KEY SHARE` of the
 * referenced row at the end of the statement: for a batch of 20 accepted messages (ledger row,
 * message, part) 0.30 ms of the 1.06 ms the statement took, 15 µs of server time per message
 * (pgbench, one client, the accepted-message statement on Herald's schema). Herald writes these rows
 * only together with what they reference: a message and its parts and ledger row in one statement,
 * for the account that was just debited in it; no code path deletes an account, and a withdrawn
 * campaign deletes its parts before its messages. The cascades were never used.
 *
 * Nothing looks parts up by `sms_id` (ids are UUIDv7 with 74 random bits per millisecond); its
 * unique index was an entry written at acceptance and again at every part update that is not
 * heap-only (the `Sent` with its operator id).
 *
 * SQLite keeps both: its foreign-key checks are in-process index probes (within noise, 19–20 µs per
 * message with and without them), and dropping a constraint there means rebuilding the table.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`ALTER TABLE message_parts DROP CONSTRAINT IF EXISTS message_parts_message_id_fkey`.execute(db);
  await sql`ALTER TABLE messages DROP CONSTRAINT IF EXISTS messages_account_id_fkey`.execute(db);
  await sql`ALTER TABLE ledger_entries DROP CONSTRAINT IF EXISTS ledger_entries_account_id_fkey`.execute(db);
  await sql`ALTER TABLE message_parts DROP CONSTRAINT IF EXISTS message_parts_sms_id_key`.execute(db);
}
