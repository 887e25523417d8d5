/** Delivery receipts owed to SMPP client applications (migration 025), with their messages. */
import type { Queryable } from './queryable.js';

/** Receipts owed, several in one statement (a repeated message id is kept once). */
export async function insertPendingReceipts(
  db: Queryable,
  rows: ReadonlyArray<{ receiptId: string; messageId: string; accountId: string; now: number }>,
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('smpp_receipts')
    .values(
      rows.map((r) => ({
        receipt_id: r.receiptId,
        message_id: r.messageId,
        account_id: r.accountId,
        created_at: r.now,
      })),
    )
    .onConflict((oc) => oc.column('receipt_id').doNothing())
    .execute();
}

export interface OwedReceiptRow {
  receiptId: string;
  messageId: string;
  accountId: string;
  status: string;
  detailedStatus: string | null;
  body: string;
  sender: string;
  recipient: string;
  createdAt: number;
  updatedAt: number;
}

/** Receipts owed to these accounts whose messages have reached one of `finals`, oldest first. */
export async function owedFinalReceipts(
  db: Queryable,
  accountIds: readonly string[],
  finals: readonly string[],
  limit: number,
): Promise<OwedReceiptRow[]> {
  if (accountIds.length === 0) return [];
  const rows = await db
    .selectFrom('smpp_receipts as r')
    .innerJoin('messages as m', 'm.id', 'r.message_id')
    .select([
      'r.receipt_id',
      'r.message_id',
      'r.account_id',
      'm.status',
      'm.detailed_status',
      'm.body',
      'm.sender',
      'm.recipient',
      'm.created_at',
      'm.updated_at',
    ])
    .where('r.account_id', 'in', accountIds)
    .where('m.status', 'in', finals)
    .orderBy('r.created_at')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    receiptId: r.receipt_id,
    messageId: r.message_id,
    accountId: r.account_id,
    status: r.status,
    detailedStatus: r.detailed_status,
    body: r.body,
    sender: r.sender,
    recipient: r.recipient,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  }));
}

export async function deletePendingReceipt(db: Queryable, receiptId: string): Promise<void> {
  await db.deleteFrom('smpp_receipts').where('receipt_id', '=', receiptId).execute();
}

/** Forgets receipts whose message's ttl has passed or whose message is gone (retention). */
export async function deleteStaleReceipts(db: Queryable, now: number): Promise<number> {
  const r = await db
    .deleteFrom('smpp_receipts')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('messages as m')
            .select('m.id')
            .whereRef('m.id', '=', 'smpp_receipts.message_id')
            .where('m.expires_at', '>', now),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
