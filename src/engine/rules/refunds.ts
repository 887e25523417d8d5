/**
 * What goes back to an account (docs/delivery.md, Money; docs/voice.md, billing): the refunds of a
 * flush's part changes, one ledger row per message, and what a voice call costs out of what it
 * reserved.
 */

/** The priced facts of a part, as the state writer reads them with a change. */
export interface PricedPart {
  message_id: string;
  account_id: string;
  price_micros: number;
}

/** Refunds owed for these changes, summed per message (free parts owe nothing). */
export function refundsByMessage(
  changes: Iterable<{ partId: number; refund: boolean }>,
  factOf: (partId: number) => PricedPart | undefined,
): Map<string, { accountId: string; micros: number }> {
  const refunds = new Map<string, { accountId: string; micros: number }>();
  for (const c of changes) {
    if (!c.refund) continue;
    const f = factOf(c.partId);
    if (!f || f.price_micros <= 0) continue;
    const r = refunds.get(f.message_id) ?? { accountId: f.account_id, micros: 0 };
    r.micros += f.price_micros;
    refunds.set(f.message_id, r);
  }
  return refunds;
}

/**
 * A finished voice call's bill: per started second of answered time (only a Completed call was
 * answered) at the per-minute price, never above what was reserved; the rest of the reservation is
 * refunded.
 */
export function voiceCallBill(c: {
  status: string;
  durationMs: number;
  pricePerMinuteMicros: number;
  reservedMicros: number;
}): { seconds: number; priceMicros: number; refundMicros: number } {
  const seconds = c.status === 'Completed' ? Math.ceil(c.durationMs / 1000) : 0;
  const priceMicros = Math.min(c.reservedMicros, Math.ceil((c.pricePerMinuteMicros * seconds) / 60));
  return { seconds, priceMicros, refundMicros: c.reservedMicros - priceMicros };
}
