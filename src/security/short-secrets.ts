/**
 * Secrets a protocol keeps short (an SMPP password has at most 8 characters, about 48 bits from 62
 * letters and digits): stored as a salted scrypt hash, which makes each guess against a leaked hash
 * costly, unlike the SHA-256 that suits Herald's long random secrets (secrets.ts).
 */
import { randomBytes, randomInt, scryptSync, timingSafeEqual } from 'node:crypto';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
const KEY_LENGTH = 32;

/** A random string of `length` letters and digits (no look-alikes such as 0/O, 1/l/I). */
export function newShortSecret(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

export function hashShortSecret(secret: string): string {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('hex')}$${scryptSync(secret, salt, KEY_LENGTH).toString('hex')}`;
}

/** Whether `presented` is the secret of `stored` (constant time in the hash comparison). */
export function shortSecretMatches(presented: string, stored: string): boolean {
  const [scheme, saltHex, hashHex] = stored.split('$');
  if (scheme !== 'scrypt' || !saltHex || !hashHex) return false;
  const want = Buffer.from(hashHex, 'hex');
  const got = scryptSync(presented, Buffer.from(saltHex, 'hex'), want.length);
  return got.length === want.length && timingSafeEqual(got, want);
}
