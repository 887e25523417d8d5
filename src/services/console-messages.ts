/**
 * The console's messages: a search of the account's messages (time range, status, number, label,
 * campaign; newest first, pages with "more" rather than a count) and one message's timeline — when it
 * was accepted, each part's submission to the operator, its operator id and its final status with the
 * receipt's detail.
 */
import { findMessageWithParts } from '../store/repositories/messages.js';
import { messagesPage, type MessageQuery } from '../store/repositories/console-messages.js';
import type { AccountRow, MessagePartRow, MessageRow } from '../store/schema.js';
import type { ServiceContext } from './context.js';
import { ServiceError, validationError } from './errors.js';
import type { PageRequest } from './paging.js';

/** A stored message as the console's views read it. */
export type MessageRecord = MessageRow;

export interface MessageSearch {
  from?: number;
  to?: number;
  status?: string;
  /** Digits of the number (a + and separators are ignored): recipients starting with them. */
  number?: string;
  label?: string;
  campaignId?: string;
}

const DAY = 86_400_000;
/** The widest range one search may cover (the index is walked through it at worst). */
export const MAX_SEARCH_DAYS = 92;

export async function searchMessages(
  ctx: ServiceContext,
  account: AccountRow,
  s: MessageSearch,
  page: PageRequest,
): Promise<{ items: MessageRow[]; more: boolean }> {
  const to = s.to ?? ctx.clock() + 60_000;
  const from = s.from ?? to - 7 * DAY;
  if (from >= to) throw validationError({ from: 'must be before to' });
  if (to - from > MAX_SEARCH_DAYS * DAY)
    throw validationError({ from: `at most ${MAX_SEARCH_DAYS} days before to` });
  const q: MessageQuery = { from, to };
  if (s.status) q.status = s.status;
  if (s.label) q.label = s.label;
  if (s.campaignId) q.campaignId = s.campaignId;
  if (s.number !== undefined) {
    const digits = s.number.replace(/[\s().-]/g, '').replace(/^\+/, '');
    if (!/^\d*$/.test(digits)) throw validationError({ number: 'digits only, with an optional +' });
    if (digits) q.recipientPrefix = `+${digits}`;
  }
  const { rows, more } = await messagesPage(ctx.store.db, account.id, q, page.page * page.size, page.size);
  return { items: rows, more };
}

export interface TimelineEvent {
  at: number;
  what: 'accepted' | 'submitted' | 'final' | 'updated';
  part: number | null;
  status: string;
  detail: string | null;
}

export interface MessageTimeline {
  message: MessageRow;
  parts: MessagePartRow[];
  events: TimelineEvent[];
}

export async function messageTimeline(
  ctx: ServiceContext,
  account: AccountRow,
  id: string,
): Promise<MessageTimeline> {
  const found = await findMessageWithParts(ctx.store.db, account.id, id);
  if (!found) throw new ServiceError('message-not-found', 'No such message');
  const { message, parts } = found;
  const events: TimelineEvent[] = [
    { at: message.created_at, what: 'accepted', part: null, status: 'Queued', detail: null },
  ];
  for (const p of parts) {
    const n = p.part_index + 1;
    if (p.submitted_at !== null)
      events.push({
        at: p.submitted_at,
        what: 'submitted',
        part: n,
        status: 'Sent',
        detail: p.smsc_id ? `operator id ${p.smsc_id}${p.link_id ? ` on ${p.link_id}` : ''}` : null,
      });
    if (p.final_at !== null)
      events.push({
        at: p.final_at,
        what: 'final',
        part: n,
        status: p.status,
        detail: p.detailed_status ?? p.error,
      });
    else if (p.status !== 'Queued' && p.status !== 'Sent')
      events.push({
        at: p.updated_at,
        what: 'updated',
        part: n,
        status: p.status,
        detail: p.detailed_status ?? p.error,
      });
  }
  events.sort((a, b) => a.at - b.at || (a.part ?? 0) - (b.part ?? 0));
  return { message, parts, events };
}
