/**
 * The console's message search: an account's messages newest first within a time range, optionally
 * of one status, recipient prefix, label or campaign. It walks the index
 * messages_account_created (account, created_at) and asks one row more than a page to know whether
 * another page follows, so no count runs over a large history.
 */
import type { MessageRow } from '../schema.js';
import type { Queryable } from './queryable.js';

export interface MessageQuery {
  from: number;
  to: number;
  status?: string;
  /** Recipients starting with this: `+` and digits only (the service makes it so; no LIKE wildcard). */
  recipientPrefix?: string;
  label?: string;
  campaignId?: string;
}

export async function messagesPage(
  db: Queryable,
  accountId: string,
  q: MessageQuery,
  offset: number,
  limit: number,
): Promise<{ rows: MessageRow[]; more: boolean }> {
  let sel = db
    .selectFrom('messages')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('created_at', '>=', q.from)
    .where('created_at', '<', q.to);
  if (q.status !== undefined) sel = sel.where('status', '=', q.status);
  if (q.label !== undefined) sel = sel.where('label', '=', q.label);
  if (q.campaignId !== undefined) sel = sel.where('campaign_id', '=', q.campaignId);
  if (q.recipientPrefix !== undefined) {
    if (!/^\+\d*$/.test(q.recipientPrefix)) throw new Error('recipient prefix must be + and digits');
    sel = sel.where('recipient', 'like', `${q.recipientPrefix}%`);
  }
  const rows = await sel
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .offset(offset)
    .limit(limit + 1)
    .execute();
  return { rows: rows.slice(0, limit), more: rows.length > limit };
}
