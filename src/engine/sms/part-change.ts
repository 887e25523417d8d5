/**
 * What a flush changed on a part, as the state writer hands it to its consequences (message status,
 * refunds, callbacks), and the grouping of rows by outcome that lets one statement write a group.
 */
import type { ClaimedPart } from '../../store/part-claims.js';
import type { ChangeFacts } from '../../store/part-facts.js';
import type { Outcome } from '../../store/part-outcomes.js';

/** Adds a member to the group of its outcome: one statement per outcome instead of one per row. */
export function addToOutcomeGroup<O extends Outcome, M>(
  groups: Map<string, O & { members: M[] }>,
  outcome: O,
  member: M,
): void {
  const key = `${outcome.status}|${outcome.detailedStatus}`;
  const group = groups.get(key);
  if (group) group.members.push(member);
  else groups.set(key, { ...outcome, members: [member] });
}

export interface PartChange {
  partId: number;
  status: string;
  detailedStatus: string | null;
  refund: boolean;
  /** Read with the change (receipts): the consequences need not read them again. */
  facts?: ChangeFacts;
  /** The part as this node claimed it (its Sent, or a receipt matched in memory): no read either. */
  claimed?: ClaimedPart;
  /** A one-part message's part whose change calls nobody back: only the message's status follows. */
  quietMessageId?: string;
}
