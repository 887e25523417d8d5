import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../dialect.js';

/**
 * Status updates of messages that stay in their page (PostgreSQL). The ttl sweep found open messages
 * through `messages_open`, a partial index whose condition names `status`: every status update of a
 * message was then a new row version plus an entry in each of the table's indexes. The sweep now walks
 * forward behind a mark (src/engine/sms/ttl-sweep.ts) over `messages_expiry`, an index on expires_at
 * alone, and the table leaves room in its pages (fill factor 50) for the new versions. SQLite kept
 * `messages_open` until migration 009.
 *
 * The mark starts just before the earliest expiry of a message still open; when every message is
 * closed, at the time of the migration (every message stored later expires after it); in a new
 * database, at 0.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('engine_marks')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .execute();
  const r = await sql<{ earliest: number | string | null; any: number | string | null }>`
    SELECT (SELECT min(expires_at) FROM messages WHERE status IN ('Queued', 'Sent')) AS earliest,
           (SELECT min(expires_at) FROM messages) AS any`.execute(db);
  const { earliest = null, any = null } = r.rows[0] ?? {};
  const mark = earliest !== null ? Number(earliest) - 1 : any !== null ? Date.now() : 0;
  await sql`INSERT INTO engine_marks (name, value) VALUES ('ttl_swept_until', ${mark})`.execute(db);
  if (dialect !== 'postgres') return;
  await sql`CREATE INDEX messages_expiry ON messages (expires_at)`.execute(db);
  await sql`DROP INDEX messages_open`.execute(db);
  await sql`ALTER TABLE messages SET (fillfactor = 50)`.execute(db);
}
