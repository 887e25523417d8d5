/**
 * SMPP credentials of accounts (issue 27): issued with the account (shown once), and checked when a
 * client application binds to Herald's SMPP server. A system_id is unique across Herald (SMPP's limit
 * is 15 characters), a password has SMPP's 8 characters and is kept as a salted scrypt hash.
 */
import { hashShortSecret, newShortSecret, shortSecretMatches } from '../security/short-secrets.js';
import type { Queryable } from '../store/repositories/queryable.js';
import { findAccountById } from '../store/repositories/accounts.js';
import {
  findSmppCredential,
  insertSmppCredential,
  setSmppAllowedIps,
  setSmppPasswordHash,
  smppSystemIdOf,
} from '../store/repositories/smpp-credentials.js';
import { inCidr, parseCidr, parseIp } from '../security/ip-ranges.js';
import { ServiceError, validationError } from './errors.js';
import type { AccountRow } from '../store/schema.js';
import { accountRefusal } from './account-state.js';
import type { ServiceContext } from './context.js';

export interface SmppCredentials {
  systemId: string;
  password: string;
}

/** New SMPP credentials for an account, written with `db` (the account's creation transaction). */
export async function issueSmppCredentials(
  db: Queryable,
  accountId: string,
  now: number,
): Promise<SmppCredentials> {
  const systemId = `h${newShortSecret(11).toLowerCase()}`;
  const password = newShortSecret(8);
  await insertSmppCredential(db, { systemId, accountId, passwordHash: hashShortSecret(password), now });
  return { systemId, password };
}

/** The account's SMPP system_id (undefined for an account created before SMPP credentials existed). */
export function smppSystemId(ctx: ServiceContext, accountId: string): Promise<string | undefined> {
  return smppSystemIdOf(ctx.store.db, accountId);
}

/**
 * A new SMPP password for the account (binds already open stay; the next bind needs the new one);
 * an account without SMPP credentials gets them now.
 */
export async function replaceSmppPassword(ctx: ServiceContext, accountId: string): Promise<SmppCredentials> {
  const systemId = await smppSystemIdOf(ctx.store.db, accountId);
  if (!systemId) return issueSmppCredentials(ctx.store.db, accountId, ctx.clock());
  const password = newShortSecret(8);
  await setSmppPasswordHash(ctx.store.db, systemId, hashShortSecret(password));
  return { systemId, password };
}

/** Whether the peer's address is in one of the blocks (addresses or CIDR blocks, IPv4 or IPv6). */
function addressAllowed(remote: string | undefined, allowed: readonly string[]): boolean {
  const ip = remote ? parseIp(remote.replace(/^::ffff:(?=\d+\.)/, '')) : null;
  if (!ip) return false;
  return allowed.some((a) => {
    const block = parseCidr(a);
    return block !== null && inCidr(ip, block);
  });
}

const MAX_ALLOWED_BLOCKS = 100;

/**
 * The addresses the account's SMPP credentials may bind from: IPv4 or IPv6 addresses and CIDR blocks,
 * or null for any. Open binds stay; the next bind is checked.
 */
export async function setSmppAllowedAddresses(
  ctx: ServiceContext,
  accountId: string,
  allowed: readonly string[] | null,
): Promise<{ systemId: string; allowedAddresses: string[] | null }> {
  const systemId = await smppSystemIdOf(ctx.store.db, accountId);
  if (!systemId) throw new ServiceError('account-not-found', 'Account not found');
  if (allowed !== null) {
    const problems: Record<string, string> = {};
    if (allowed.length === 0 || allowed.length > MAX_ALLOWED_BLOCKS)
      problems.allowedAddresses = `must list 1 to ${MAX_ALLOWED_BLOCKS} addresses or blocks (null: any)`;
    allowed.forEach((a, i) => {
      if (parseCidr(a.trim()) === null)
        problems[`allowedAddresses[${i}]`] = 'must be an IP address or a CIDR block';
    });
    if (Object.keys(problems).length > 0) throw validationError(problems);
  }
  const list = allowed === null ? null : allowed.map((a) => a.trim());
  await setSmppAllowedIps(ctx.store.db, accountId, list);
  return { systemId, allowedAddresses: list };
}

/** The account's SMPP system_id and the addresses it may bind from (null: any). */
export async function smppAccess(
  ctx: ServiceContext,
  accountId: string,
): Promise<{ systemId: string; allowedAddresses: string[] | null }> {
  const systemId = await smppSystemIdOf(ctx.store.db, accountId);
  const stored = systemId ? await findSmppCredential(ctx.store.db, systemId) : undefined;
  if (!stored) throw new ServiceError('account-not-found', 'Account not found');
  return { systemId: stored.systemId, allowedAddresses: stored.allowedIps };
}

/** Why a bind is refused, in SMPP's terms (the face maps each to its command status). */
export type SmppBindRefusal =
  'unknown-system-id' | 'wrong-password' | 'address-not-allowed' | 'account-disabled';

/** The account a bind opens, or why it is refused. */
export async function authenticateSmppBind(
  ctx: ServiceContext,
  bind: { systemId: string; password: string; remoteAddress: string | undefined },
): Promise<{ account: AccountRow } | { refused: SmppBindRefusal }> {
  const stored = await findSmppCredential(ctx.store.db, bind.systemId);
  if (!stored) return { refused: 'unknown-system-id' };
  if (!shortSecretMatches(bind.password, stored.passwordHash)) return { refused: 'wrong-password' };
  if (stored.allowedIps && !addressAllowed(bind.remoteAddress, stored.allowedIps))
    return { refused: 'address-not-allowed' };
  const account = await findAccountById(ctx.store.db, stored.accountId);
  if (!account || accountRefusal(account)) return { refused: 'account-disabled' };
  return { account };
}
