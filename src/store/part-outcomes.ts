/**
 * The state writer's statements on parts and messages (src/engine/sms/state-writer.ts decides what
 * happens; these write it), each named once. They run inside the writer's flush transaction, most
 * of them without the query builder (src/store/raw-sql.ts says why): Sent for a batch of submits,
 * retries and failures, expiry, opted-out parts, final statuses from receipts, the facts callbacks
 * need, and message statuses. A part already final is never changed again.
 */
import { FINAL_SMS_STATUSES } from '../domain/sms-callback.js';
import { padForIn } from './in-list.js';
import { type ChangeFacts, FACT_COLUMNS, FACT_TABLES } from './part-facts.js';
import { PREPARED } from './pg-prepared.js';
import { placeholders, type RawSql } from './raw-sql.js';
import type { Queryable } from './repositories/queryable.js';

/** A status with its detailed status: what a group of rows is written with, in one statement. */
export interface Outcome {
  status: string;
  detailedStatus: string | null;
}

/** A submitted part: its id, the operator's id for it (normalised) and the link it went by. */
export interface SubmittedPart {
  partId: number;
  smscId: string;
  linkId: string;
}

/** A part's status is not final yet (the statuses are constants, written into the SQL). */
const NOT_FINAL = `status NOT IN (${[...FINAL_SMS_STATUSES].map((s) => `'${s}'`).join(', ')})`;

/**
 * PostgreSQL's Sent of a batch (see markSent), numbered parameters written out: $1–$3 are the parts'
 * ids, operator ids and links, $4 the time; the final variant adds the status and detailed status of
 * the receipt in the same flush.
 */
const PG_SENT_FROM = `FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(id, smsc_id, link_id)
  WHERE p.id = u.id AND p.queue_state = 'ready'
  RETURNING p.id`;
const PG_MARK_SENT = `${PREPARED}UPDATE message_parts p
   SET status = 'Sent', queue_state = 'done', submitted_at = $4, updated_at = $4, smsc_id = u.smsc_id,
       link_id = u.link_id
  ${PG_SENT_FROM}`;
const PG_MARK_SENT_FINAL = `${PREPARED}UPDATE message_parts p
   SET status = $5, detailed_status = $6, final_at = $4, queue_state = 'done', submitted_at = $4,
       updated_at = $4, smsc_id = u.smsc_id, link_id = u.link_id
  ${PG_SENT_FROM}`;

export class PartOutcomeStatements {
  constructor(private readonly raw: RawSql) {}

  /**
   * One statement for a batch of submits, each part with its own operator id; with `final`, the
   * parts' final status from their receipt in the same batch is written too. SQLite: CASE over the
   * ids (an IN list padded to a power of two, so that a few texts stay prepared). PostgreSQL: the
   * ids, operator ids and links as three array parameters of one fixed, prepared text — no text of
   * a thousand placeholders for the server to parse and plan on every flush. Answers the parts
   * written (those still waiting for their submit).
   */
  markSent(
    db: Queryable,
    parts: readonly SubmittedPart[],
    now: number,
    final: Outcome | null,
  ): Promise<Array<{ id: number }>> {
    if (this.raw.dialect === 'postgres') {
      const arrays = [parts.map((e) => e.partId), parts.map((e) => e.smscId), parts.map((e) => e.linkId)];
      return final
        ? this.raw.all<{ id: number }>(db, PG_MARK_SENT_FINAL, [
            ...arrays,
            now,
            final.status,
            final.detailedStatus,
          ])
        : this.raw.all<{ id: number }>(db, PG_MARK_SENT, [...arrays, now]);
    }
    const chunk = padForIn(parts);
    const whenThen = ' WHEN ? THEN ?'.repeat(chunk.length);
    const status = final ? `status = ?, detailed_status = ?, final_at = ?` : `status = 'Sent'`;
    return this.raw.all<{ id: number }>(
      db,
      `UPDATE message_parts
          SET ${status}, queue_state = 'done', submitted_at = ?, updated_at = ?,
              smsc_id = CASE id${whenThen} END, link_id = CASE id${whenThen} END
        WHERE id IN (${placeholders(chunk.length)}) AND queue_state = 'ready'
       RETURNING id`,
      [
        ...(final ? [final.status, final.detailedStatus, now] : []),
        now,
        now,
        ...chunk.flatMap((e) => [e.partId, e.smscId]),
        ...chunk.flatMap((e) => [e.partId, e.linkId]),
        ...chunk.map((e) => e.partId),
      ],
    );
  }

  /** A part to be tried again at `nextAttemptAt` (one more failed try counted). */
  async retry(db: Queryable, partId: number, nextAttemptAt: number, reason: string): Promise<void> {
    await db
      .updateTable('message_parts')
      .set((eb) => ({
        queue_state: 'ready',
        next_attempt_at: nextAttemptAt,
        attempts: eb('attempts', '+', 1),
        error: reason,
      }))
      .where('id', '=', partId)
      .where('queue_state', '=', 'ready')
      .execute();
  }

  /** A part that failed for good; false when it was done already. */
  async fail(
    db: Queryable,
    partId: number,
    detailedStatus: string,
    error: string,
    now: number,
  ): Promise<boolean> {
    const r = await db
      .updateTable('message_parts')
      .set({
        status: 'Failed',
        detailed_status: detailedStatus,
        queue_state: 'done',
        error,
        final_at: now,
        updated_at: now,
      })
      .where('id', '=', partId)
      .where('queue_state', '!=', 'done')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** The parts of these messages still open (Queued or Sent). */
  openPartsOf(
    db: Queryable,
    messageIds: readonly string[],
  ): Promise<Array<{ id: number; submitted_at: number | null; attempts: number }>> {
    return db
      .selectFrom('message_parts')
      .select(['id', 'submitted_at', 'attempts'])
      .where('message_id', 'in', messageIds)
      .where('status', 'in', ['Queued', 'Sent'])
      .execute();
  }

  /** Parts past their message's ttl, ended with `status` / Expired. */
  async expire(db: Queryable, partIds: readonly number[], status: string, now: number): Promise<void> {
    await db
      .updateTable('message_parts')
      .set({ status, detailed_status: 'Expired', queue_state: 'done', final_at: now, updated_at: now })
      .where('id', 'in', partIds)
      .execute();
  }

  /** Scheduled parts not to be sent (Unsent, with `error`); answers those that were still scheduled. */
  async unsendScheduled(
    db: Queryable,
    partIds: readonly number[],
    error: string,
    now: number,
  ): Promise<number[]> {
    const done = await db
      .updateTable('message_parts')
      .set({
        status: 'Unsent',
        detailed_status: null,
        queue_state: 'done',
        error,
        final_at: now,
        updated_at: now,
      })
      .where('id', 'in', partIds)
      .where('queue_state', '=', 'scheduled')
      .returning('id')
      .execute();
    return done.map((r) => Number(r.id));
  }

  /** The parts with any of these operator ids, newest first, with their callback facts: one read. */
  partsBySmscId(
    db: Queryable,
    smscIds: readonly string[],
  ): Promise<Array<ChangeFacts & { smsc_id: string | null }>> {
    const ids = this.raw.in('p.smsc_id', smscIds);
    return this.raw.all<ChangeFacts & { smsc_id: string | null }>(
      db,
      `${PREPARED}SELECT p.smsc_id, ${FACT_COLUMNS} ${FACT_TABLES} WHERE ${ids.sql} ORDER BY p.id DESC`,
      ids.params,
    );
  }

  /** Final status of parts not final yet (at most 500 ids); answers the parts written. */
  finalize(
    db: Queryable,
    partIds: readonly number[],
    outcome: Outcome,
    now: number,
  ): Promise<Array<{ id: number }>> {
    const ids = this.raw.in('id', partIds);
    return this.raw.all<{ id: number }>(
      db,
      `${PREPARED}UPDATE message_parts SET status = ?, detailed_status = ?, queue_state = 'done', final_at = ?, updated_at = ?
        WHERE ${ids.sql} AND ${NOT_FINAL} RETURNING id`,
      [outcome.status, outcome.detailedStatus, now, now, ...ids.params],
    );
  }

  /** The names and signing keys of accounts, for their callbacks. */
  accountsForCallbacks(
    db: Queryable,
    accountIds: readonly string[],
  ): Promise<Array<{ id: string; name: string; signing_key: string }>> {
    const ids = this.raw.in('id', accountIds);
    return this.raw.all<{ id: string; name: string; signing_key: string }>(
      db,
      `${PREPARED}SELECT id, name, client_secret_hash AS signing_key FROM accounts WHERE ${ids.sql}`,
      ids.params,
    );
  }

  poolNames(db: Queryable, poolIds: readonly string[]): Promise<Array<{ id: string; name: string }>> {
    return this.namesIn(db, 'number_pools', poolIds);
  }

  campaignNames(db: Queryable, campaignIds: readonly string[]): Promise<Array<{ id: string; name: string }>> {
    return this.namesIn(db, 'campaigns', campaignIds);
  }

  /** The names of rows of a table that has them, by id. */
  private namesIn(
    db: Queryable,
    table: 'number_pools' | 'campaigns',
    rowIds: readonly string[],
  ): Promise<Array<{ id: string; name: string }>> {
    const ids = this.raw.in('id', rowIds);
    return this.raw.all<{ id: string; name: string }>(
      db,
      `${PREPARED}SELECT id, name FROM ${table} WHERE ${ids.sql}`,
      ids.params,
    );
  }

  /** The callback facts of parts (at most 500 ids). */
  factsOf(db: Queryable, partIds: readonly number[]): Promise<ChangeFacts[]> {
    const ids = this.raw.in('p.id', partIds);
    return this.raw.all<ChangeFacts>(
      db,
      `${PREPARED}SELECT ${FACT_COLUMNS} ${FACT_TABLES} WHERE ${ids.sql}`,
      ids.params,
    );
  }

  /** Every part's status of these messages (at most 500 ids). */
  partStatusesOf(
    db: Queryable,
    messageIds: readonly string[],
  ): Promise<Array<{ message_id: string; status: string; detailed_status: string | null }>> {
    return db
      .selectFrom('message_parts')
      .select(['message_id', 'status', 'detailed_status'])
      .where('message_id', 'in', padForIn(messageIds))
      .execute();
  }

  /** Messages' status (at most 500 ids). */
  async setMessagesStatus(
    db: Queryable,
    messageIds: readonly string[],
    outcome: Outcome,
    now: number,
  ): Promise<void> {
    const ids = this.raw.in('id', messageIds);
    await this.raw.run(
      db,
      `${PREPARED}UPDATE messages SET status = ?, detailed_status = ?, updated_at = ? WHERE ${ids.sql}`,
      [outcome.status, outcome.detailedStatus, now, ...ids.params],
    );
  }
}
