/**
 * Mobile-originated messages to numbers routed to SMPP, owed to the account's receiver binds on
 * Herald's SMPP server: handed out oldest first, forgotten once a bind acknowledged one, or after a
 * day without any receiver (the message stays in tracking).
 */
import {
  deleteOwedInbound,
  deleteStaleInbound,
  type OwedInboundRow,
  owedInbound,
} from '../store/repositories/smpp-inbound.js';
import type { ServiceContext } from './context.js';

export type { OwedInboundRow };

/** How long a message waits for a receiver bind. */
export const INBOUND_KEPT_MS = 24 * 3600_000;

export function owedInboundFor(
  ctx: ServiceContext,
  accountIds: readonly string[],
  limit = 500,
): Promise<OwedInboundRow[]> {
  return owedInbound(ctx.store.db, accountIds, limit);
}

export function inboundDelivered(ctx: ServiceContext, inboundId: string): Promise<void> {
  return deleteOwedInbound(ctx.store.db, inboundId);
}

export function forgetStaleInbound(ctx: ServiceContext): Promise<number> {
  return deleteStaleInbound(ctx.store.db, ctx.clock() - INBOUND_KEPT_MS);
}
