/**
 * How a part ends when no receipt decides it (docs/delivery.md, Receipt states and Money): refused by
 * the operator at submit, past its ttl, or held for later while its recipient opted out. Each outcome
 * says whether the part is refunded: only a part that never reached the operator is.
 */

export interface PartOutcome {
  status: string;
  detailedStatus: string | null;
  refund: boolean;
}

/**
 * A part the operator refused for good at submit: Failed, refunded, with the refusal noted (the
 * carrier says which detailed status its refusal means: src/carriers/smpp/smpp-carrier.ts refusalOf).
 */
export function refusedForGood(refusal: { detailedStatus: string; error: string }): {
  status: 'Failed';
  detailedStatus: string;
  error: string;
  refund: true;
} {
  return { status: 'Failed', detailedStatus: refusal.detailedStatus, error: refusal.error, refund: true };
}

/**
 * A part still open when its message's ttl ran out. Tried and never taken by an operator: Network
 * Error; sent, or never tried (held by its schedule or quiet hours): Undelivered. Both Expired; the
 * part is refunded when it never reached the operator.
 */
export function expiredPart(p: { submittedAt: number | null; attempts: number }): PartOutcome {
  const reachedOperator = p.submittedAt !== null;
  return {
    status: !reachedOperator && p.attempts > 0 ? 'Network Error' : 'Undelivered',
    detailedStatus: 'Expired',
    refund: !reachedOperator,
  };
}

/** A scheduled part whose recipient opted out before it was due: Unsent, refunded. */
export const OPTED_OUT_BEFORE_DUE: Readonly<PartOutcome> = Object.freeze({
  status: 'Unsent',
  detailedStatus: null,
  refund: true,
});
