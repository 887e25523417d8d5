/**
 * Who a campaign goes to: the `to` numbers, the listed contacts and the members of the listed groups,
 * in that order, each number once, without the numbers blacklisted for the service; plus the counts
 * Routee reports in `smsAnalysis`.
 */
import { analysePhone, canReceiveSms } from '../domain/phone.js';
import type { AccountRow, ContactRow } from '../store/schema.js';
import type { BlacklistService } from './blacklist.js';
import { contactLabelValues, contactNotFound } from './contacts.js';
import type { ServiceContext } from './context.js';
import { groupExists, groupNotFound } from './groups.js';
import { groupContactsQuery } from '../store/repositories/groups.js';
import { blacklistedMobiles } from '../store/repositories/blacklists.js';
import { contactsWhere } from '../store/repositories/contacts.js';

export interface Recipient {
  e164: string;
  country: string;
  /** Label values for personalisation (a contact's, or the contact with this number's). */
  values: Record<string, string> | null;
}

export interface ResolvedRecipients {
  recipients: Recipient[];
  /** Numbers of `to` that are not valid mobile numbers, as sent. */
  invalid: string[];
  contacts: Record<string, { recipient: string; recipientCountry: string; blacklisted: boolean }>;
  recipientCountries: Record<string, string>;
  recipientsPerCountry: Record<string, number>;
  recipientsPerGroup: Record<string, number>;
  totalInGroups: number;
}

async function contactsById(
  ctx: ServiceContext,
  accountId: string,
  ids: string[],
): Promise<Map<string, ContactRow>> {
  const rows = await contactsWhere(ctx.store.db, accountId, 'id', ids);
  return new Map(rows.map((r) => [r.id, r]));
}

async function contactsByMobile(
  ctx: ServiceContext,
  accountId: string,
  mobiles: string[],
): Promise<Map<string, ContactRow>> {
  const rows = await contactsWhere(ctx.store.db, accountId, 'mobile', mobiles);
  return new Map(rows.map((r) => [r.mobile, r]));
}

export async function resolveRecipients(
  ctx: ServiceContext,
  account: AccountRow,
  input: {
    to?: string[];
    contacts?: string[];
    groups?: string[];
    toValues?: Array<Record<string, string> | undefined>;
  },
  opts: { service: BlacklistService | null; needValues: boolean; canReceive?: typeof canReceiveSms },
): Promise<ResolvedRecipients> {
  const canReceive = opts.canReceive ?? canReceiveSms;
  const blacklisted = opts.service
    ? await blacklistedMobiles(ctx.store.db, account.id, opts.service)
    : new Set<string>();
  const out: ResolvedRecipients = {
    recipients: [],
    invalid: [],
    contacts: {},
    recipientCountries: {},
    recipientsPerCountry: {},
    recipientsPerGroup: {},
    totalInGroups: 0,
  };
  const seen = new Set<string>();
  const add = (r: Recipient): boolean => {
    if (seen.has(r.e164) || blacklisted.has(r.e164)) return false;
    seen.add(r.e164);
    out.recipients.push(r);
    out.recipientsPerCountry[r.country] = (out.recipientsPerCountry[r.country] ?? 0) + 1;
    return true;
  };

  // 1. Numbers.
  const numbers: Array<{ e164: string; country: string; given?: Record<string, string> }> = [];
  for (const [i, raw] of (input.to ?? []).entries()) {
    const p = analysePhone(raw, ctx.timezones);
    if (!p || !canReceive(p)) {
      if (!out.invalid.includes(raw)) out.invalid.push(raw);
      continue;
    }
    out.recipientCountries[p.e164] = p.country;
    const given = input.toValues?.[i];
    numbers.push({ e164: p.e164, country: p.country, ...(given && { given }) });
  }
  const known = opts.needValues
    ? await contactsByMobile(
        ctx,
        account.id,
        numbers.map((n) => n.e164),
      )
    : new Map<string, ContactRow>();
  for (const n of numbers) {
    const c = known.get(n.e164);
    const values = c || n.given ? { ...(c ? contactLabelValues(c) : {}), ...n.given } : null;
    add({ e164: n.e164, country: n.country, values });
  }

  // 2. Contacts.
  const ids = [...new Set(input.contacts ?? [])];
  const byId = await contactsById(ctx, account.id, ids);
  for (const id of ids) {
    const c = byId.get(id);
    if (!c) throw contactNotFound(id);
    const isBlacklisted = blacklisted.has(c.mobile);
    out.contacts[id] = { recipient: c.mobile, recipientCountry: c.country, blacklisted: isBlacklisted };
    add({ e164: c.mobile, country: c.country, values: opts.needValues ? contactLabelValues(c) : null });
  }

  // 3. Groups, streamed page by page.
  const groups = [...new Set(input.groups ?? [])];
  for (const g of groups) if (!(await groupExists(ctx.store.db, account.id, g))) throw groupNotFound(g);
  for (const g of groups) {
    let inGroup = 0;
    let after = '';
    for (;;) {
      const page = await groupContactsQuery(ctx.store.db, account.id, g)
        .selectAll('contacts')
        .where('contacts.id', '>', after)
        .orderBy('contacts.id')
        .limit(5000)
        .execute();
      for (const c of page) {
        if (blacklisted.has(c.mobile)) continue;
        inGroup++;
        if (
          add({ e164: c.mobile, country: c.country, values: opts.needValues ? contactLabelValues(c) : null })
        )
          out.totalInGroups++;
      }
      if (page.length < 5000) break;
      after = page[page.length - 1]!.id;
    }
    out.recipientsPerGroup[g] = inGroup;
  }
  return out;
}
