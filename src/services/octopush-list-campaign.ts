/**
 * Octopush campaigns on a contact list, in two steps: `create` checks and prices the campaign and
 * keeps it as a draft (nothing sent, nothing charged); `send` confirms it, which plans it again from
 * the list as it is then and sends (or schedules) it under the same ticket; `cancel` drops a draft or
 * withdraws a scheduled campaign.
 */
import type { AccountRow, CampaignRow } from '../store/schema.js';
import { deleteCampaign } from './campaigns.js';
import type { ServiceContext } from './context.js';
import { campaignNotFound, failure } from './errors.js';
import { groupNotFound } from './groups.js';
import { type OctopushSend, type OctopushSendResult, sendOctopushCampaign } from './octopush-send.js';

const DRAFT = 'Draft';

async function findTicket(ctx: ServiceContext, account: AccountRow, ticket: string): Promise<CampaignRow> {
  const row = await ctx.store.db
    .selectFrom('campaigns')
    .selectAll()
    .where('account_id', '=', account.id)
    .where('id', '=', ticket)
    .executeTakeFirst();
  if (!row) throw campaignNotFound(ticket);
  return row;
}

/** A list campaign's state as its faces report it. */
export type ListCampaignState = 'draft' | 'failed' | 'sent';

export async function createListCampaign(
  ctx: ServiceContext,
  account: AccountRow,
  input: OctopushSend,
): Promise<OctopushSendResult> {
  const list = input.lists?.[0];
  if (!list) throw groupNotFound('');
  const exists = await ctx.store.db
    .selectFrom('contact_groups')
    .select('name')
    .where('account_id', '=', account.id)
    .where('name', '=', list)
    .executeTakeFirst();
  if (!exists) throw groupNotFound(list);
  const priced = await sendOctopushCampaign(ctx, account, { ...input, simulation: true });
  const now = ctx.clock();
  await ctx.store.db
    .insertInto('campaigns')
    .values({
      id: priced.ticket,
      account_id: account.id,
      type: 'Sms',
      name: null,
      state: DRAFT,
      sender: input.sender ?? '',
      body: input.text ?? '',
      request: JSON.stringify({ ...input, simulation: false }),
      analysis: '{}',
      scheduled_at: input.sendAt ?? null,
      send_at: input.sendAt ?? now,
      cost_micros: priced.costMicros,
      total_messages: priced.contacts,
      callback_url: null,
      callback_strategy: null,
      campaign_callback_url: null,
      campaign_callback_strategy: null,
      reported_fifths: 0,
      ended_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return priced;
}

export async function listCampaignStatus(ctx: ServiceContext, account: AccountRow, ticket: string) {
  const row = await findTicket(ctx, account, ticket);
  const state: ListCampaignState = row.state === DRAFT ? 'draft' : row.state === 'Failed' ? 'failed' : 'sent';
  return { contacts: row.total_messages, costMicros: row.cost_micros, state };
}

export async function confirmListCampaign(ctx: ServiceContext, account: AccountRow, ticket: string) {
  const row = await findTicket(ctx, account, ticket);
  if (row.state !== DRAFT) throw failure('campaign-already-sent', `The campaign ${ticket} was already sent.`);
  const input = JSON.parse(row.request) as OctopushSend;
  await ctx.store.db.deleteFrom('campaigns').where('id', '=', ticket).where('state', '=', DRAFT).execute();
  try {
    await sendOctopushCampaign(ctx, account, input, ticket);
  } catch (err) {
    // Not sent: the draft stays as it was.
    await ctx.store.db.insertInto('campaigns').values(row).execute();
    throw err;
  }
  const sent = await findTicket(ctx, account, ticket);
  return { sendAt: sent.send_at };
}

export async function cancelListCampaign(ctx: ServiceContext, account: AccountRow, ticket: string) {
  const row = await findTicket(ctx, account, ticket);
  if (row.state === DRAFT) await ctx.store.db.deleteFrom('campaigns').where('id', '=', ticket).execute();
  else await deleteCampaign(ctx, account, ticket);
}
