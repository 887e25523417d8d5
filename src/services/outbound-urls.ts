/**
 * URLs a tenant gives Herald to call (callbacks) or fetch (voice files), judged at acceptance by the
 * outbound policy: a URL that is not http(s), or whose host is an address the policy refuses, is a
 * validation problem of its field — a 400 before anything is stored or charged.
 */
import type { OutboundPolicy } from '../security/outbound-policy.js';

export const NOT_HTTP = 'must be an http(s) URL';
export const MAX_OUTBOUND_URL_LENGTH = 2048;
export const ADDRESS_REFUSED = 'this address may not be called';

/** The problem of an outbound URL, or undefined when Herald may call it. */
export function outboundUrlProblem(policy: OutboundPolicy, url: string): string | undefined {
  if (url.length > MAX_OUTBOUND_URL_LENGTH) return `must be at most ${MAX_OUTBOUND_URL_LENGTH} characters`;
  switch (policy.urlProblem(url)) {
    case 'not-http':
      return NOT_HTTP;
    case 'refused':
      return ADDRESS_REFUSED;
    default:
      return undefined;
  }
}
