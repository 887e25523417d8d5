import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../dialect.js';

/**
 * Claims as one row per batch (PostgreSQL). A node's claim no longer writes each part it takes (a
 * lease in claimed_by/lease_until: one new row version and WAL record per part, and a row lock):
 * it writes one `part_leases` row holding the ids of the parts taken, which the other nodes read
 * past while it lives, and deletes it once every part in it has its outcome committed. SQLite has
 * one node and keeps its claims in memory: no table. The parts' own lease columns are written by
 * neither any more and go.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema.alterTable('message_parts').dropColumn('claimed_by').execute();
  await db.schema.alterTable('message_parts').dropColumn('lease_until').execute();
  if (dialect !== 'postgres') return;
  await sql`CREATE TABLE part_leases (
      id bigserial PRIMARY KEY,
      node_id text NOT NULL,
      lease_until bigint NOT NULL,
      part_ids bigint[] NOT NULL)`.execute(db);
  // Parts leased the earlier way by nodes still running the previous version are claimable at once
  // by this one: upgrade every node of a cluster together (a part in flight may be sent twice).
}
