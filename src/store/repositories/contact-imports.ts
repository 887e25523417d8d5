/** Contact imports (CSV) and their progress, the account first. */
import type { ContactImportsTable } from '../schema.js';
import type { Queryable } from './queryable.js';

export type ImportProgress = Partial<
  Pick<ContactImportsTable, 'state' | 'rows_read' | 'rows_stored' | 'error_count' | 'result'>
>;

export async function insertImport(db: Queryable, row: ContactImportsTable): Promise<void> {
  await db.insertInto('contact_imports').values(row).execute();
}

/** Writes an import's progress (its id is unique across accounts: the writer is the import itself). */
export async function updateImportProgress(
  db: Queryable,
  id: string,
  values: ImportProgress,
  at: number,
): Promise<void> {
  await db
    .updateTable('contact_imports')
    .set({ ...values, updated_at: at })
    .where('id', '=', id)
    .execute();
}

export function findImport(
  db: Queryable,
  accountId: string,
  id: string,
): Promise<ContactImportsTable | undefined> {
  return db
    .selectFrom('contact_imports')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The account's latest imports, newest first. */
export function latestImports(
  db: Queryable,
  accountId: string,
  limit: number,
): Promise<ContactImportsTable[]> {
  return db
    .selectFrom('contact_imports')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}
