/**
 * The lifecycle every campaign kind (SMS and voice) shares: a name is the account's once, a campaign
 * is found by kind within its account, and it can be changed or withdrawn only while it is Scheduled
 * and none of its messages or calls has left the schedule; withdrawing removes them, deletes the
 * campaign and refunds what it was charged. Each kind adds only what its units are (`CampaignUnits`).
 */
import type { CallbackRenderers } from '../domain/callback-events.js';
import { campaignCallbackEntry } from '../store/repositories/campaign-callbacks.js';
import type { OutboxEntry } from '../store/repositories/callback-outbox.js';
import { credit } from '../store/repositories/ledger.js';
import type { Queryable } from '../store/repositories/queryable.js';
import type { CampaignRow } from '../store/schema.js';
import { campaignNotFound, failure, type ServiceError } from './errors.js';
import { campaignNameUsed, deleteCampaignRow, findCampaignRow } from '../store/repositories/campaigns.js';

/** What a campaign kind's units are (SMS messages, voice calls), for the shared lifecycle. */
export interface CampaignUnits {
  type: 'Sms' | 'Voice';
  /** Whether any unit has been handed to the queue: the campaign can no longer be withdrawn. */
  anyReleased(db: Queryable, accountId: string, campaignId: string): Promise<boolean>;
  /** Removes the campaign's scheduled units; returns what the units that stay cost (they stay paid). */
  removeScheduled(db: Queryable, accountId: string, campaignId: string): Promise<number>;
  /** The refund's ledger description. */
  withdrawn: string;
}

export function nameTaken(name: string): ServiceError {
  return failure('campaign-name-taken', `Your account already has a campaign with the name '${name}'.`);
}

export function notScheduled(id: string): ServiceError {
  return failure('campaign-not-scheduled', `The campaign ${id} is not Scheduled.`);
}

/** Refuses a name another campaign of the account (other than `except`) already has. */
export async function requireFreeName(
  db: Queryable,
  accountId: string,
  name: string,
  except?: string,
): Promise<void> {
  if (await campaignNameUsed(db, accountId, name, except)) throw nameTaken(name);
}

/** The account's campaign (of this kind, when given), or campaign-not-found. */
export async function findCampaign(
  db: Queryable,
  accountId: string,
  id: string,
  type?: CampaignUnits['type'],
): Promise<CampaignRow> {
  const row = await findCampaignRow(db, accountId, id, type);
  if (!row) throw campaignNotFound(id);
  return row;
}

/**
 * Withdraws a Scheduled campaign, within the caller's transaction: its scheduled units removed, the
 * campaign deleted, what it was charged refunded (less what units that stay cost). Refused
 * (campaign-not-scheduled) once it is no longer Scheduled or a unit has been released. Returns the row
 * as it was.
 */
export async function withdrawCampaign(
  db: Queryable,
  units: CampaignUnits,
  accountId: string,
  id: string,
  now: number,
): Promise<CampaignRow> {
  const row = await findCampaign(db, accountId, id, units.type);
  if (row.state !== 'Scheduled' || (await units.anyReleased(db, accountId, row.id))) throw notScheduled(id);
  const keptCost = await units.removeScheduled(db, accountId, row.id);
  await deleteCampaignRow(db, accountId, row.id);
  const refund = row.cost_micros - keptCost;
  if (refund > 0) {
    await credit(db, {
      accountId: row.account_id,
      amountMicros: refund,
      kind: 'refund',
      reference: row.id,
      description: units.withdrawn,
      now,
    });
  }
  return row;
}

/** What a kind decides of a new campaign row; the lifecycle fills in the rest. */
export interface NewCampaign {
  id: string;
  accountId: string;
  type: CampaignUnits['type'] | string;
  name: string | null;
  state: string;
  sender: string;
  body: string;
  /** The request and the analysis as stored with the campaign (JSON). */
  request: string;
  analysis: string;
  scheduledAt: number | null;
  sendAt: number;
  costMicros: number;
  total: number;
  callback: { url: string; strategy: string } | null | undefined;
  campaignCallback: { url: string; strategy: string } | null | undefined;
  createdAt: number;
  now: number;
}

/** A new campaign's row: nothing reported, not ended. */
export function newCampaignRow(c: NewCampaign): CampaignRow {
  return {
    id: c.id,
    account_id: c.accountId,
    type: c.type,
    name: c.name,
    state: c.state,
    sender: c.sender,
    body: c.body,
    request: c.request,
    analysis: c.analysis,
    scheduled_at: c.scheduledAt,
    send_at: c.sendAt,
    cost_micros: c.costMicros,
    total_messages: c.total,
    callback_url: c.callback?.url ?? null,
    callback_strategy: c.callback?.strategy ?? null,
    campaign_callback_url: c.campaignCallback?.url ?? null,
    campaign_callback_strategy: c.campaignCallback?.strategy ?? null,
    reported_fifths: 0,
    ended_at: null,
    created_at: c.createdAt,
    updated_at: c.now,
  };
}

/**
 * The campaign callback written when a campaign is accepted, with its units' first counts: only under
 * OnChange (every state is reported; OnCompletion waits for the end).
 */
export function acceptedCallback(
  renderers: Pick<CallbackRenderers, 'campaignState'>,
  row: CampaignRow,
  counts: Readonly<Record<string, number>>,
): OutboxEntry | null {
  if (row.campaign_callback_strategy !== 'OnChange') return null;
  return campaignCallbackEntry(renderers, row, row.state, counts);
}
