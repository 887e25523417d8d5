/**
 * Octopush campaigns on a contact list, in two steps: `create` checks and prices the campaign and
 * keeps it as a draft (nothing sent, nothing charged); `send` confirms it, which plans it again from
 * the list as it is then and sends (or schedules) it under the same ticket; `cancel` drops a draft or
 * withdraws a scheduled campaign.
 */
import type { AccountRow, CampaignRow } from '../store/schema.js';
import { deleteCampaign } from './campaigns.js';
import type { ServiceContext } from './context.js';
import { type OctopushSend, OctopushRuleError, sendOctopushCampaign } from './octopush-send.js';

const DRAFT = 'Draft';

async function findTicket(ctx: ServiceContext, account: AccountRow, ticket: string): Promise<CampaignRow> {
  const row = await ctx.store.db
    .selectFrom('campaigns')
    .selectAll()
    .where('account_id', '=', account.id)
    .where('id', '=', ticket)
    .executeTakeFirst();
  if (!row) throw new OctopushRuleError(131);
  return row;
}

export async function createListCampaign(ctx: ServiceContext, account: AccountRow, input: OctopushSend) {
  const list = input.lists?.[0];
  if (!list) throw new OctopushRuleError(303);
  const exists = await ctx.store.db
    .selectFrom('contact_groups')
    .select('name')
    .where('account_id', '=', account.id)
    .where('name', '=', list)
    .executeTakeFirst();
  if (!exists) throw new OctopushRuleError(303);
  const priced = await sendOctopushCampaign(ctx, account, { ...input, simulation: true });
  const now = ctx.clock();
  await ctx.store.db
    .insertInto('campaigns')
    .values({
      id: priced.sms_ticket,
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
      cost_micros: Math.round(priced.total_cost * 1e6),
      total_messages: priced.number_of_contacts,
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
  return {
    ticket_number: priced.sms_ticket,
    number_of_contacts: priced.number_of_contacts,
    number_of_sms_needed: priced.number_of_sms_needed,
    total_cost: priced.total_cost,
    residual_credit: priced.residual_credit,
    status: 'ready_to_be_sent',
  };
}

export async function listCampaignStatus(ctx: ServiceContext, account: AccountRow, ticket: string) {
  const row = await findTicket(ctx, account, ticket);
  return {
    number_of_contacts: row.total_messages,
    cost: row.cost_micros / 1e6,
    status: row.state === DRAFT ? 'ready_to_be_sent' : row.state === 'Failed' ? 'failed' : 'sent',
  };
}

export async function confirmListCampaign(ctx: ServiceContext, account: AccountRow, ticket: string) {
  const row = await findTicket(ctx, account, ticket);
  if (row.state !== DRAFT) throw new OctopushRuleError(132);
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
  return { sending_date: new Date(sent.send_at).toISOString().replace(/\.\d{3}Z$/, '+00:00') };
}

export async function cancelListCampaign(ctx: ServiceContext, account: AccountRow, ticket: string) {
  const row = await findTicket(ctx, account, ticket);
  if (row.state === DRAFT) await ctx.store.db.deleteFrom('campaigns').where('id', '=', ticket).execute();
  else await deleteCampaign(ctx, account, ticket);
  return { ticket_number: ticket, message: 'Campaign cancelled.' };
}
