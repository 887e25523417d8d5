/** Octopush's answers to its campaign routes, rendered from the use cases' neutral results. */
import { fromMicros } from '../../domain/money.js';
import type { ListCampaignState } from './list-campaign.js';
import type { OctopushSendResult } from './send.js';

const OUTCOME_MESSAGE: Record<OctopushSendResult['outcome'], string> = {
  simulated: 'Simulation: nothing was sent or charged.',
  scheduled: 'Campaign scheduled.',
  sent: 'Campaign sent.',
};

export function sendView(r: OctopushSendResult) {
  return {
    sms_ticket: r.ticket,
    number_of_contacts: r.contacts,
    total_cost: fromMicros(r.costMicros),
    number_of_sms_needed: r.parts,
    residual_credit: fromMicros(r.balanceMicros),
    message: OUTCOME_MESSAGE[r.outcome],
  };
}

export function draftView(r: OctopushSendResult) {
  return {
    ticket_number: r.ticket,
    number_of_contacts: r.contacts,
    number_of_sms_needed: r.parts,
    total_cost: fromMicros(r.costMicros),
    residual_credit: fromMicros(r.balanceMicros),
    status: 'ready_to_be_sent',
  };
}

const LIST_STATUS: Record<ListCampaignState, string> = {
  draft: 'ready_to_be_sent',
  failed: 'failed',
  sent: 'sent',
};

export function listStatusView(s: { contacts: number; costMicros: number; state: ListCampaignState }) {
  return { number_of_contacts: s.contacts, cost: s.costMicros / 1e6, status: LIST_STATUS[s.state] };
}

/** Octopush's dates: ISO 8601 to the second with `+00:00`. */
export function octopushDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

export function cancelledView(ticket: string) {
  return { ticket_number: ticket, message: 'Campaign cancelled.' };
}
