/**
 * Sender ids (Routee `from`): a telephone number written without '+' (digits only, at most 16) or an
 * alphanumeric name of at most 11 characters with at least one letter.
 */
export type SenderKind = 'numeric' | 'alphanumeric';

const NUMERIC = /^\d{1,16}$/;
const ALPHANUMERIC = /^(?=.*[A-Za-z])[A-Za-z0-9 .\-_&]{1,11}$/;

export function senderKind(from: string): SenderKind | null {
  if (NUMERIC.test(from)) return 'numeric';
  if (ALPHANUMERIC.test(from)) return 'alphanumeric';
  return null;
}

export function isValidSender(from: string): boolean {
  return senderKind(from) !== null;
}
