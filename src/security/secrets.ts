/**
 * Credentials and tokens. Every secret Herald hands out is random (≥128 bits), so a plain SHA-256
 * is the right stored form: nothing to brute-force, and constant-time lookups by hash.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Constant-time comparison of a presented secret with its stored hash. */
export function secretMatches(presented: string, storedHash: string): boolean {
  const a = Buffer.from(sha256Hex(presented), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A Routee-style application id (24 hex characters, like Routee's Mongo ids). */
export function newApplicationId(): string {
  return randomBytes(12).toString('hex');
}

/** A secret of 32 url-safe characters (192 bits). */
export function newSecret(): string {
  return randomBytes(24).toString('base64url');
}

/** Access tokens look like Routee's: a UUID. */
export function newAccessToken(): string {
  return randomUUID();
}

export function newId(): string {
  return randomUUID();
}
