/**
 * A campaign checked, planned and priced exactly as it would be sent, with nothing stored, sent or
 * charged: its recipients, cost and parts (Octopush's simulation mode and list-campaign drafts).
 */
import type { Account } from './account.js';
import { campaignMessages, planCampaign } from './campaign-plan.js';
import type { CampaignRequest } from './campaign-request.js';
import type { ServiceContext } from './context.js';

export interface CampaignEstimate {
  recipients: number;
  costMicros: number;
  parts: number;
}

export async function simulateCampaign(
  ctx: ServiceContext,
  account: Account,
  req: CampaignRequest,
): Promise<CampaignEstimate> {
  const plan = await planCampaign(ctx, account, req);
  let costMicros = 0;
  let parts = 0;
  for (const m of campaignMessages(plan, 'simulation', [])) {
    costMicros += m.message.price_micros;
    parts += m.message.parts;
  }
  return { recipients: plan.resolved.recipients.length, costMicros, parts };
}
