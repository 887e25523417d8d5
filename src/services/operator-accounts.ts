/**
 * Accounts as the operator sees them (console operator pages): a page of accounts with their balance
 * and state and numbers, and top-ups. Creating, disabling and enabling are create-account.ts and account-state.ts.
 */
import { fromMicros, toMicros } from '../domain/money.js';
import { findAccountById, pageOfAccounts } from '../store/repositories/accounts.js';
import { credit } from '../store/repositories/ledger.js';
import { numbersOfAccounts } from '../store/repositories/numbers.js';
import type { AccountRow } from '../store/schema.js';
import type { ServiceContext } from './context.js';
import { ServiceError, validationError } from './errors.js';
import { type Page, type PageRequest, pageOf } from './paging.js';

export interface OperatorAccount {
  id: string;
  name: string;
  applicationId: string;
  octopushLogin: string;
  balance: number;
  currency: string;
  scopes: string[];
  state: 'active' | 'disabled';
  createdAt: number;
  /** The numbers the operator gave it (long and short codes). */
  numbers: string[];
}

function viewOf(r: AccountRow, numbers: string[] = []): OperatorAccount {
  return {
    id: r.id,
    name: r.name,
    applicationId: r.client_id,
    octopushLogin: r.api_login,
    balance: fromMicros(r.balance_micros),
    currency: r.currency,
    scopes: r.scopes.split(' ').filter(Boolean),
    state: r.disabled_at !== null ? 'disabled' : 'active',
    createdAt: r.created_at,
    numbers,
  };
}

export async function operatorAccounts(
  ctx: ServiceContext,
  page: PageRequest,
  search?: string,
): Promise<Page<OperatorAccount>> {
  const { rows, total } = await pageOfAccounts(ctx.store.db, {
    offset: page.page * page.size,
    limit: page.size,
    ...(search?.trim() && { search: search.trim() }),
  });
  const numbers = new Map<string, string[]>();
  for (const n of await numbersOfAccounts(
    ctx.store.db,
    rows.map((r) => r.id),
  ))
    numbers.set(n.account_id, [...(numbers.get(n.account_id) ?? []), n.number]);
  return pageOf(
    rows.map((r) => viewOf(r, numbers.get(r.id))),
    total,
    page,
  );
}

const MAX_TOP_UP = 10_000_000;

/** Adds money to an account's balance (a `topup` ledger entry); answers the account after. */
export async function topUpAccount(
  ctx: ServiceContext,
  accountId: string,
  input: { amount: number; description?: string | undefined },
): Promise<OperatorAccount> {
  if (!Number.isFinite(input.amount) || input.amount <= 0 || input.amount > MAX_TOP_UP)
    throw validationError({ amount: `must be a number above 0 and at most ${MAX_TOP_UP}` });
  const micros = toMicros(input.amount);
  if (micros === 0) throw validationError({ amount: 'must be at least 0.000001' });
  const description = input.description?.trim() || 'top-up by the operator';
  return ctx.store.db.transaction().execute(async (trx) => {
    const account = await findAccountById(trx, accountId);
    if (!account || account.deleted_at !== null)
      throw new ServiceError('account-not-found', 'Account not found');
    await credit(trx, { accountId, amountMicros: micros, kind: 'topup', description, now: ctx.clock() });
    return viewOf((await findAccountById(trx, accountId))!);
  });
}
