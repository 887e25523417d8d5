/** Parts of concatenated SMPP submissions waiting for their set (migration 026). */
import type { Queryable } from './queryable.js';

export interface StoredSegment {
  seq: number;
  total: number;
  messageId: string;
  body: string;
  /** This part asked for a receipt. */
  receipt: boolean;
}

export async function segmentsOfSet(
  db: Queryable,
  accountId: string,
  setKey: string,
): Promise<StoredSegment[]> {
  const rows = await db
    .selectFrom('smpp_segments')
    .select(['seq', 'total', 'message_id', 'body', 'receipt'])
    .where('account_id', '=', accountId)
    .where('set_key', '=', setKey)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    seq: Number(r.seq),
    total: Number(r.total),
    messageId: r.message_id,
    body: r.body,
    receipt: Number(r.receipt) === 1,
  }));
}

/** Keeps a part (a repeated part keeps its first copy). */
export async function insertSegment(
  db: Queryable,
  s: {
    accountId: string;
    setKey: string;
    seq: number;
    total: number;
    messageId: string;
    body: string;
    receipt: boolean;
    now: number;
  },
): Promise<void> {
  await db
    .insertInto('smpp_segments')
    .values({
      account_id: s.accountId,
      set_key: s.setKey,
      seq: s.seq,
      total: s.total,
      message_id: s.messageId,
      body: s.body,
      receipt: s.receipt ? 1 : 0,
      created_at: s.now,
    })
    .onConflict((oc) => oc.columns(['account_id', 'set_key', 'seq']).doNothing())
    .execute();
}

export async function deleteSet(db: Queryable, accountId: string, setKey: string): Promise<void> {
  await db
    .deleteFrom('smpp_segments')
    .where('account_id', '=', accountId)
    .where('set_key', '=', setKey)
    .execute();
}

export async function deleteSegmentsBefore(db: Queryable, before: number): Promise<number> {
  const r = await db.deleteFrom('smpp_segments').where('created_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}
