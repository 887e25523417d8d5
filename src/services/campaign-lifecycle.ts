/**
 * The rules every campaign kind (SMS and voice) shares: a name is the account's once, and a campaign
 * can be changed or withdrawn only while it is Scheduled. One place, so that both kinds refuse alike.
 */
import type { Queryable } from '../store/repositories/queryable.js';
import { failure, type ServiceError } from './errors.js';

export function nameTaken(name: string): ServiceError {
  return failure('campaign-name-taken', `Your account already has a campaign with the name '${name}'.`);
}

export function notScheduled(id: string): ServiceError {
  return failure('campaign-not-scheduled', `The campaign ${id} is not Scheduled.`);
}

/** Refuses a name another campaign of the account (other than `except`) already has. */
export async function requireFreeName(
  db: Queryable,
  accountId: string,
  name: string,
  except?: string,
): Promise<void> {
  let q = db
    .selectFrom('campaigns')
    .select('id')
    .where('account_id', '=', accountId)
    .where('name', '=', name);
  if (except) q = q.where('id', '!=', except);
  if ((await q.executeTakeFirst()) !== undefined) throw nameTaken(name);
}
