/**
 * The console's contact search: a group (built-ins included), a service's blacklist, and a term that
 * is a number prefix when it holds only digits, spaces and '+' (E.164: the '+' added), else text
 * sought in the names and e-mail. Pages by id, with the number of matches.
 */
import { searchContactRows, type ContactSearch } from '../store/repositories/contacts.js';
import type { AccountRow } from '../store/schema.js';
import type { BlacklistService } from './blacklist.js';
import { contactRecords } from './contacts.js';
import type { ServiceContext } from './context.js';
import { groupExists, groupNotFound } from './groups.js';
import { type PageRequest, pageOf } from './paging.js';

export async function searchContacts(
  ctx: ServiceContext,
  account: AccountRow,
  filter: {
    group?: string | undefined;
    blacklistedFor?: BlacklistService | undefined;
    term?: string | undefined;
  },
  page: PageRequest,
) {
  const q: ContactSearch = {};
  if (filter.group !== undefined) {
    if (!(await groupExists(ctx.store.db, account.id, filter.group))) throw groupNotFound(filter.group);
    q.group = filter.group;
  }
  if (filter.blacklistedFor !== undefined) q.blacklistedFor = filter.blacklistedFor;
  const term = filter.term?.trim() ?? '';
  if (/^\+?[\d\s]+$/.test(term)) q.mobilePrefix = `+${term.replace(/\D/g, '')}`;
  else if (term !== '') q.text = term.toLowerCase();
  const { rows, total } = await searchContactRows(ctx.store.db, account.id, q, {
    offset: page.page * page.size,
    limit: page.size,
  });
  return pageOf(await contactRecords(ctx.store.db, account.id, rows), total, page);
}
