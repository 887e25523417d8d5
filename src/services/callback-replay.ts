/**
 * Callbacks that failed, and replaying them: the account's outbox rows being retried or given up on
 * (newest first, optionally one campaign's), and a replay of some or all of them that makes them due
 * now with their attempts counted afresh. The console's callbacks page and Herald's own API endpoint
 * (`POST /accounts/me/callbacks/replay`) both call this.
 */
import {
  type CallbackScope,
  type FailingCallbackRow,
  failingCallbacksPage,
  replayCallbacks,
} from '../store/repositories/failing-callbacks.js';
import { findCampaign } from './campaign-lifecycle.js';
import type { AccountRow } from '../store/schema.js';
import type { ServiceContext } from './context.js';
import { type Page, type PageRequest, pageOf } from './paging.js';
import { validationError } from './errors.js';

export type FailingCallback = FailingCallbackRow;

/** At most this many ids in one replay by id. */
export const MAX_REPLAY_IDS = 1000;

async function checkScope(ctx: ServiceContext, account: AccountRow, scope: CallbackScope) {
  if (scope.campaignId !== undefined) await findCampaign(ctx.store.db, account.id, scope.campaignId);
}

export async function listFailingCallbacks(
  ctx: ServiceContext,
  account: AccountRow,
  scope: CallbackScope,
  request: PageRequest,
): Promise<Page<FailingCallback>> {
  await checkScope(ctx, account, scope);
  const { rows, total } = await failingCallbacksPage(
    ctx.store.db,
    account.id,
    scope,
    request.page * request.size,
    request.size,
  );
  return pageOf(rows, total, request);
}

/** What a replay asks: every failing callback (`all`, of one campaign when given), or these ids. */
export interface ReplayRequest {
  ids?: readonly number[];
  all?: boolean;
  campaignId?: string;
}

/** Replays the given callbacks (ids of the account's failing ones; others are ignored), or all of the scope. */
export async function replayFailingCallbacks(
  ctx: ServiceContext,
  account: AccountRow,
  req: ReplayRequest,
): Promise<{ replayed: number }> {
  const which: { ids: readonly number[] } | { scope: CallbackScope } = req.all
    ? { scope: req.campaignId !== undefined ? { campaignId: req.campaignId } : {} }
    : { ids: req.ids ?? [] };
  if ('ids' in which && which.ids.length > MAX_REPLAY_IDS)
    throw validationError({ ids: `at most ${MAX_REPLAY_IDS} ids; replay all instead` });
  if ('scope' in which) await checkScope(ctx, account, which.scope);
  const replayed = await replayCallbacks(ctx.store.db, account.id, which, ctx.clock());
  return { replayed };
}
