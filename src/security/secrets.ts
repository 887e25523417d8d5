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

/**
 * Ids of stored records (trackingId, smsId...): UUID version 7, time-ordered, so that new rows land at
 * the end of the primary-key index instead of on random pages (several times fewer pages written per
 * commit than random UUIDs). Still a UUID in Routee's format.
 */
const POOL_SIZE = 16 * 512;
let pool = Buffer.alloc(0);
let poolOffset = POOL_SIZE;

export function newId(now: number = Date.now()): string {
  // One getrandom call per 512 ids instead of one per id.
  if (poolOffset >= POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    poolOffset = 0;
  }
  const b = Buffer.from(pool.subarray(poolOffset, poolOffset + 16));
  poolOffset += 16;
  b.writeUIntBE(now, 0, 6);
  b[6] = 0x70 | (b[6]! & 0x0f);
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
