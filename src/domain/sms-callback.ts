/**
 * SMS statuses and when they call back: the final statuses, the callback strategies, and a message's
 * status from its parts. What a callback says is rendered by the face (src/domain/callback-events.ts).
 */
import type { CallbackStrategy } from './account-settings.js';

/**
 * Final statuses. Herald's `Unsent`: accepted but deliberately not sent — its recipient opted out (or
 * was blacklisted) before its time to go came. `Network Error`: it never reached an operator within
 * its ttl although it was tried (no link up, link errors, submit timeouts, temporary refusals).
 */
export const FINAL_SMS_STATUSES: ReadonlySet<string> = new Set([
  'Delivered',
  'Undelivered',
  'Failed',
  'Unsent',
  'Network Error',
]);

/**
 * How a message's receiver is told of its statuses: each part on every change (OnChange) or on its
 * final status (OnCompletion), or the whole message once, when its status is final
 * (OnMessageCompletion: one callback per message, not per part).
 */
export const ON_MESSAGE_COMPLETION = 'OnMessageCompletion';
export type MessageCallbackStrategy = CallbackStrategy | typeof ON_MESSAGE_COMPLETION;

/** A message's receiver and when it is called. */
export interface MessageCallbackSetting {
  url: string;
  strategy: MessageCallbackStrategy;
}

/** Whether a part's change to `status` calls back, per part, under `strategy`. */
export function shouldSendSmsCallback(
  strategy: MessageCallbackStrategy | string | null,
  status: string,
): boolean {
  if (strategy === 'OnChange') return true;
  if (strategy === 'OnCompletion') return FINAL_SMS_STATUSES.has(status);
  return false;
}

/** A message's status from its parts: the least advanced while any is open, the worst once all are final. */
export function aggregateStatus(parts: ReadonlyArray<{ status: string; detailedStatus: string | null }>): {
  status: string;
  detailedStatus: string | null;
} {
  const open = parts.filter((p) => !FINAL_SMS_STATUSES.has(p.status));
  if (open.length > 0) {
    return { status: open.some((p) => p.status === 'Queued') ? 'Queued' : 'Sent', detailedStatus: null };
  }
  for (const worst of ['Failed', 'Network Error', 'Unsent', 'Undelivered']) {
    const p = parts.find((x) => x.status === worst);
    if (p) return { status: worst, detailedStatus: p.detailedStatus };
  }
  return { status: 'Delivered', detailedStatus: 'Delivered' };
}
