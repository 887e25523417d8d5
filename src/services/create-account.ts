/**
 * Creates an account with its Routee application credentials, Octopush API credentials and SMPP
 * credentials. Secrets are returned once, here, and stored only as hashes.
 */
import type { AccountSettings } from '../domain/account-settings.js';
import { toMicros } from '../domain/money.js';
import { ALL_SCOPES, isScope, type Scope } from '../domain/scopes.js';
import { newApplicationId, newId, newSecret, sha256Hex } from '../security/secrets.js';
import { insertAccount } from '../store/repositories/accounts.js';
import { credit } from '../store/repositories/ledger.js';
import type { ServiceContext } from './context.js';
import { issueSmppCredentials, type SmppCredentials } from './smpp-credentials.js';
import { validationError } from './errors.js';

export interface CreateAccountInput {
  name: string;
  /** Opening balance in currency units. */
  balance?: number;
  currency?: string;
  scopes?: string[];
  /** The API login (the Octopush faces'); an e-mail-like login is generated when absent. */
  apiLogin?: string;
  settings?: AccountSettings;
}

export interface CreatedAccount {
  accountId: string;
  name: string;
  currency: string;
  balance: number;
  scopes: Scope[];
  /**
   * The secrets in clear, shown once: OAuth client credentials (the Routee face's application id and
   * secret) and an API login and key (the Octopush faces').
   */
  credentials: { clientId: string; clientSecret: string; apiLogin: string; apiKey: string };
  /** For client applications that bind to Herald's SMPP server. */
  smpp: SmppCredentials;
}

export async function createAccount(ctx: ServiceContext, input: CreateAccountInput): Promise<CreatedAccount> {
  const name = input.name.trim();
  const problems: Record<string, string> = {};
  if (name.length < 1 || name.length > 100) problems.name = 'size must be between 1 and 100';
  const balance = input.balance ?? 0;
  if (!Number.isFinite(balance) || balance < 0) problems.balance = 'must be a positive number';
  const scopes = (input.scopes ?? [...ALL_SCOPES]).map((s) => s.toLowerCase());
  const badScopes = scopes.filter((s) => !isScope(s));
  if (badScopes.length > 0) problems.scopes = `unknown scopes: ${badScopes.join(', ')}`;
  const currency = (input.currency ?? 'EUR').toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) problems.currency = 'must be an ISO 4217 code';
  if (Object.keys(problems).length > 0) throw validationError(problems);

  const id = newId();
  const applicationId = newApplicationId();
  const applicationSecret = newSecret();
  const apiKey = newSecret();
  const apiLogin =
    input.apiLogin ??
    `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${applicationId.slice(0, 6)}@herald.local`;
  const now = ctx.clock();
  const smpp = await ctx.store.db.transaction().execute(async (trx) => {
    await insertAccount(trx, {
      id,
      name,
      currency,
      balance_micros: 0,
      client_id: applicationId,
      client_secret_hash: sha256Hex(applicationSecret),
      api_login: apiLogin,
      api_key_hash: sha256Hex(apiKey),
      scopes: scopes.join(' '),
      settings: JSON.stringify(input.settings ?? {}),
      created_at: now,
    });
    if (balance > 0) {
      await credit(trx, {
        accountId: id,
        amountMicros: toMicros(balance),
        kind: 'topup',
        description: 'opening balance',
        now,
      });
    }
    return issueSmppCredentials(trx, id, now);
  });
  return {
    accountId: id,
    name,
    currency,
    balance,
    scopes: scopes as Scope[],
    credentials: { clientId: applicationId, clientSecret: applicationSecret, apiLogin, apiKey },
    smpp,
  };
}
