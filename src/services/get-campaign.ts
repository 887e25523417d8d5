/**
 * `GET /campaigns/{trackingId}`: any campaign of the account, SMS or voice, in the view of its type
 * (Routee's campaign resource carries `type`).
 */
import type { AccountRow } from '../store/schema.js';
import { campaignView } from './campaigns.js';
import { campaignNotFound } from './errors.js';
import type { ServiceContext } from './context.js';
import { voiceCampaignView } from './voice-campaigns.js';

export async function getCampaign(ctx: ServiceContext, account: AccountRow, id: string) {
  const row = await ctx.store.db
    .selectFrom('campaigns')
    .selectAll()
    .where('account_id', '=', account.id)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw campaignNotFound(id);
  return row.type === 'Voice' ? voiceCampaignView(ctx, row) : campaignView(ctx, row);
}
