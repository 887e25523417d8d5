/**
 * Disabling and deleting accounts (CLI `herald account disable|enable|delete`, admin API). A disabled
 * account keeps everything but cannot authenticate (tokens, application credentials, Octopush keys are
 * refused) until it is enabled again. A deleted account is gone to every API — a token it still holds
 * answers "User is not found" — after its scheduled campaigns are withdrawn and refunded; its row and
 * ledger stay (the ledger is kept whole), messages already accepted are still delivered.
 */
import { releaseAccountNumbers } from '../store/repositories/numbers.js';
import { findAccountById, setAccountState } from '../store/repositories/accounts.js';
import { deleteCampaign } from './campaigns.js';
import type { ServiceContext } from './context.js';
import { ServiceError } from './errors.js';
import { withdrawCampaign } from './campaign-lifecycle.js';
import { VOICE_UNITS } from './voice-campaigns.js';
import { campaignsInState } from '../store/repositories/campaigns.js';

const notFound = () => new ServiceError('account-not-found', 'User is not found');

export async function disableAccount(ctx: ServiceContext, accountId: string): Promise<void> {
  if (!(await setAccountState(ctx.store.db, accountId, 'disabled_at', ctx.clock()))) throw notFound();
}

export async function enableAccount(ctx: ServiceContext, accountId: string): Promise<void> {
  if (!(await setAccountState(ctx.store.db, accountId, 'disabled_at', null))) throw notFound();
}

/** Deletes an account; answers how many scheduled campaigns were withdrawn. */
export async function deleteAccount(ctx: ServiceContext, accountId: string): Promise<{ withdrawn: number }> {
  const account = await findAccountById(ctx.store.db, accountId);
  if (!account || account.deleted_at !== null) throw notFound();
  const scheduled = await campaignsInState(ctx.store.db, accountId, 'Scheduled');
  let withdrawn = 0;
  for (const c of scheduled) {
    try {
      if (c.type === 'Voice')
        await ctx.store.db
          .transaction()
          .execute((trx) => withdrawCampaign(trx, VOICE_UNITS, accountId, c.id, ctx.clock()));
      else await deleteCampaign(ctx, account, c.id);
      withdrawn++;
    } catch (err) {
      // Released meanwhile: it goes out, as any campaign already started.
      if (!(err instanceof ServiceError)) throw err;
    }
  }
  if (!(await setAccountState(ctx.store.db, accountId, 'deleted_at', ctx.clock()))) throw notFound();
  // Its numbers go back to the operator, to be given to another account.
  await releaseAccountNumbers(ctx.store.db, accountId);
  return { withdrawn };
}

/** Why an account row may not act now, or undefined when it may. */
export function accountRefusal(row: { disabled_at: number | null; deleted_at: number | null } | undefined) {
  if (!row || row.deleted_at !== null) return 'deleted' as const;
  if (row.disabled_at !== null) return 'disabled' as const;
  return undefined;
}
