/** Mobile-originated messages owed to SMPP client applications (migration 027), with their texts. */
import type { Queryable } from './queryable.js';

export async function insertOwedInbound(db: Queryable, inboundId: string, accountId: string, now: number) {
  await db
    .insertInto('smpp_inbound')
    .values({ inbound_id: inboundId, account_id: accountId, created_at: now })
    .execute();
}

export interface OwedInboundRow {
  id: string;
  accountId: string;
  sender: string;
  recipient: string;
  body: string;
  receivedAt: number;
}

/** Messages owed to these accounts, oldest first. */
export async function owedInbound(
  db: Queryable,
  accountIds: readonly string[],
  limit: number,
): Promise<OwedInboundRow[]> {
  if (accountIds.length === 0) return [];
  const rows = await db
    .selectFrom('smpp_inbound as o')
    .innerJoin('inbound_messages as i', 'i.id', 'o.inbound_id')
    .select(['o.inbound_id', 'o.account_id', 'i.sender', 'i.recipient', 'i.body', 'i.received_at'])
    .where('o.account_id', 'in', accountIds)
    .orderBy('o.created_at')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.inbound_id,
    accountId: r.account_id,
    sender: r.sender,
    recipient: r.recipient,
    body: r.body,
    receivedAt: Number(r.received_at),
  }));
}

export async function deleteOwedInbound(db: Queryable, inboundId: string): Promise<void> {
  await db.deleteFrom('smpp_inbound').where('inbound_id', '=', inboundId).execute();
}

/** Forgets messages no receiver took before `before` (they stay in tracking). */
export async function deleteStaleInbound(db: Queryable, before: number): Promise<number> {
  const r = await db.deleteFrom('smpp_inbound').where('created_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}
