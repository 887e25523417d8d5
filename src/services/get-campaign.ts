/**
 * Any campaign of the account, SMS or voice, as the record of its kind (`GET /campaigns/{trackingId}`).
 */
import type { AccountRow } from '../store/schema.js';
import { type SmsCampaignRecord, smsCampaignRecord } from './campaigns.js';
import { campaignNotFound } from './errors.js';
import type { ServiceContext } from './context.js';
import { type VoiceCampaignRecord, voiceCampaignRecord } from './voice-campaigns.js';
import { findCampaignRow } from '../store/repositories/campaigns.js';

export type CampaignRecord = SmsCampaignRecord | VoiceCampaignRecord;

export async function getCampaign(
  ctx: ServiceContext,
  account: AccountRow,
  id: string,
): Promise<CampaignRecord> {
  const row = await findCampaignRow(ctx.store.db, account.id, id);
  if (!row) throw campaignNotFound(id);
  return row.type === 'Voice' ? voiceCampaignRecord(ctx, row) : smsCampaignRecord(ctx, row);
}
