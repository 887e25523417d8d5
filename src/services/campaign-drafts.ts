/**
 * Campaign drafts: a campaign checked and priced but kept unsent (nothing sent, nothing charged) under
 * the id its face gave it, with the face's own request stored as it wrote it; confirming it sends the
 * campaign under the same id, through the send the face passes in, from the request kept; a draft is
 * dropped, a sent campaign withdrawn. Octopush's list campaigns (create → send) are drafts.
 */
import type { Account } from './account.js';
import { findCampaign, newCampaignRow } from './campaign-lifecycle.js';
import { deleteCampaign } from './campaigns.js';
import type { ServiceContext } from './context.js';
import { failure } from './errors.js';
import { deleteCampaignRow, insertCampaign } from '../store/repositories/campaigns.js';

const DRAFT = 'Draft';

/** A draft's state as its faces report it. */
export type DraftState = 'draft' | 'failed' | 'sent';

export interface CampaignDraft {
  id: string;
  sender: string;
  body: string;
  /** The face's request, kept to send the campaign when the draft is confirmed. */
  request: unknown;
  /** When it is to go (undefined: when confirmed). */
  scheduledAt: number | undefined;
  costMicros: number;
  recipients: number;
}

export async function saveDraft(ctx: ServiceContext, account: Account, d: CampaignDraft): Promise<void> {
  const now = ctx.clock();
  await insertCampaign(
    ctx.store.db,
    newCampaignRow({
      id: d.id,
      accountId: account.id,
      type: 'Sms',
      name: null,
      state: DRAFT,
      sender: d.sender,
      body: d.body,
      request: JSON.stringify(d.request),
      analysis: '{}',
      scheduledAt: d.scheduledAt ?? null,
      sendAt: d.scheduledAt ?? now,
      costMicros: d.costMicros,
      total: d.recipients,
      callback: null,
      campaignCallback: null,
      createdAt: now,
      now,
    }),
  );
}

export async function draftStatus(
  ctx: ServiceContext,
  account: Account,
  id: string,
): Promise<{ recipients: number; costMicros: number; state: DraftState }> {
  const row = await findCampaign(ctx.store.db, account.id, id);
  const state: DraftState = row.state === DRAFT ? 'draft' : row.state === 'Failed' ? 'failed' : 'sent';
  return { recipients: row.total_messages, costMicros: row.cost_micros, state };
}

/**
 * Sends a draft: `send` gets the request kept with it and sends the campaign under the same id. When
 * `send` fails, the draft stays as it was. Returns when the campaign goes.
 */
export async function confirmDraft(
  ctx: ServiceContext,
  account: Account,
  id: string,
  send: (request: unknown) => Promise<unknown>,
): Promise<{ sendAt: number }> {
  const row = await findCampaign(ctx.store.db, account.id, id);
  if (row.state !== DRAFT) throw failure('campaign-already-sent', `The campaign ${id} was already sent.`);
  await deleteCampaignRow(ctx.store.db, account.id, id, DRAFT);
  try {
    await send(JSON.parse(row.request) as unknown);
  } catch (err) {
    // Not sent: the draft stays as it was.
    await insertCampaign(ctx.store.db, row);
    throw err;
  }
  const sent = await findCampaign(ctx.store.db, account.id, id);
  return { sendAt: sent.send_at };
}

/** Drops a draft, or withdraws the campaign it became (while it is Scheduled). */
export async function cancelDraft(ctx: ServiceContext, account: Account, id: string): Promise<void> {
  const row = await findCampaign(ctx.store.db, account.id, id);
  if (row.state === DRAFT) await deleteCampaignRow(ctx.store.db, account.id, id);
  else await deleteCampaign(ctx, account, id);
}
