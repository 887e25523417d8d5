/**
 * The engine's callback rules, apart from the I/O that carries them out: which part changes call a
 * receiver back, how a callback is signed, when it counts as delivered, and how long the sender waits
 * before trying again (docs/delivery.md, Callbacks). Kept pure so that the tests (and mutation
 * testing, docs/mutation.md) check each rule directly.
 */
import { createHmac } from 'node:crypto';
import {
  FINAL_SMS_STATUSES,
  ON_MESSAGE_COMPLETION,
  shouldSendSmsCallback,
} from '../../domain/sms-callback.js';

/** The first delivery and 5 retries (Routee: "it will try to POST again (up to 5 times)"). */
export const MAX_CALLBACK_ATTEMPTS = 6;
/** Wait after the 1st, 2nd, 3rd, 4th and 5th failed delivery. */
export const CALLBACK_BACKOFF_MS = [2_000, 10_000, 60_000, 300_000, 900_000];
/** The wait when the configured list is empty. */
const DEFAULT_BACKOFF_MS = 60_000;

/** HMAC-SHA256 (hex) of `<t>.<body>`, with the account's signing key (sha256hex of its secret). */
function signCallback(key: string, timestamp: number, body: string): string {
  return createHmac('sha256', key).update(`${timestamp}.${body}`).digest('hex');
}

/** The `X-Herald-Signature` header of a callback sent at `nowMs`: `t=<unix seconds>,v1=<hex>`. */
export function signatureHeader(key: string, nowMs: number, body: string): string {
  const t = Math.floor(nowMs / 1000);
  return `t=${t},v1=${signCallback(key, t, body)}`;
}

/** A receiver took a callback only when it answered 200 (Routee's rule); anything else is retried. */
export function receiverTookIt(httpStatus: number): boolean {
  return httpStatus === 200;
}

/** What follows a failed delivery: the attempts made so far, whether to give up, when to try again. */
export function afterFailedDelivery(
  attemptsBefore: number,
  backoffMs: readonly number[],
  now: number,
): { attempts: number; giveUp: boolean; nextAttemptAt: number } {
  const attempts = attemptsBefore + 1;
  const wait = backoffMs[Math.min(attempts - 1, backoffMs.length - 1)] ?? DEFAULT_BACKOFF_MS;
  return { attempts, giveUp: attempts >= MAX_CALLBACK_ATTEMPTS, nextAttemptAt: now + wait };
}

/** Whether a part's change to `status` calls its message's receiver back about that part. */
export function partCallbackWanted(url: string | null, strategy: string | null, status: string): boolean {
  return url !== null && url !== '' && shouldSendSmsCallback(strategy, status);
}

/** Whether a message that reached `status` calls its receiver back about the whole message: once, when final. */
export function messageCallbackWanted(url: string | null, strategy: string | null, status: string): boolean {
  return url !== null && url !== '' && strategy === ON_MESSAGE_COMPLETION && FINAL_SMS_STATUSES.has(status);
}
