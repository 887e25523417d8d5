/** An account's label definitions (custom contact fields and their types). */
import type { Queryable } from './queryable.js';

export async function labelTypes(db: Queryable, accountId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('label_definitions')
    .select(['name', 'type'])
    .where('account_id', '=', accountId)
    .execute();
  return new Map(rows.map((r) => [r.name, r.type]));
}

/** Adds definitions; with `ifMissing`, those the account already has are left as they are. */
export async function insertLabels(
  db: Queryable,
  accountId: string,
  labels: ReadonlyArray<{ name: string; type: string }>,
  opts: { ifMissing: boolean },
): Promise<void> {
  if (labels.length === 0) return;
  const q = db
    .insertInto('label_definitions')
    .values(labels.map((l) => ({ account_id: accountId, name: l.name, type: l.type })));
  await (opts.ifMissing ? q.onConflict((oc) => oc.doNothing()) : q).execute();
}

export async function deleteLabels(
  db: Queryable,
  accountId: string,
  names: readonly string[],
): Promise<void> {
  if (names.length === 0) return;
  await db
    .deleteFrom('label_definitions')
    .where('account_id', '=', accountId)
    .where('name', 'in', [...names])
    .execute();
}
