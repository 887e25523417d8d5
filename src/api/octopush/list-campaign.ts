/**
 * Octopush campaigns on a contact list, in two steps, as campaign drafts: `create` checks and prices
 * the campaign and keeps it as a draft (nothing sent, nothing charged); `send` confirms it, which plans
 * it again from the list as it is then and sends (or schedules) it under the same ticket; `cancel`
 * drops a draft or withdraws a scheduled campaign.
 */
import type { Account } from '../../services/account.js';
import {
  cancelDraft,
  confirmDraft,
  type DraftState,
  draftStatus,
  saveDraft,
} from '../../services/campaign-drafts.js';
import { requireList } from '../../services/contact-lists.js';
import type { ServiceContext } from '../../services/context.js';
import { groupNotFound } from '../../services/groups.js';
import { type OctopushSend, type OctopushSendResult, sendOctopushCampaign } from './send.js';

export type ListCampaignState = DraftState;

export async function createListCampaign(
  ctx: ServiceContext,
  account: Account,
  input: OctopushSend,
): Promise<OctopushSendResult> {
  const list = input.lists?.[0];
  if (!list) throw groupNotFound('');
  await requireList(ctx, account, list);
  const priced = await sendOctopushCampaign(ctx, account, { ...input, simulation: true });
  await saveDraft(ctx, account, {
    id: priced.ticket,
    sender: input.sender ?? '',
    body: input.text ?? '',
    request: { ...input, simulation: false },
    scheduledAt: input.sendAt,
    costMicros: priced.costMicros,
    recipients: priced.contacts,
  });
  return priced;
}

export async function listCampaignStatus(ctx: ServiceContext, account: Account, ticket: string) {
  const s = await draftStatus(ctx, account, ticket);
  return { contacts: s.recipients, costMicros: s.costMicros, state: s.state };
}

export function confirmListCampaign(ctx: ServiceContext, account: Account, ticket: string) {
  return confirmDraft(ctx, account, ticket, (request) =>
    sendOctopushCampaign(ctx, account, request as OctopushSend, ticket),
  );
}

export function cancelListCampaign(ctx: ServiceContext, account: Account, ticket: string): Promise<void> {
  return cancelDraft(ctx, account, ticket);
}
