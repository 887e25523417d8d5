/**
 * Contacts and their labels (Routee `/contacts/my`, `/contacts/labels/my`). A contact's mobile is
 * unique per account and stored in E.164; custom labels must be declared first (Text or Number).
 */
import { analysePhone } from '../domain/phone.js';
import {
  contactIdWithMobile,
  contactsPage,
  countContacts,
  deleteContactsById,
  existingContactIds,
  findContactRow,
  insertContactIfNewMobile,
  newContactId,
  updateContactFields,
} from '../store/repositories/contacts.js';
import { membershipsOf } from '../store/repositories/groups.js';
import type { Queryable } from '../store/repositories/queryable.js';
import type { AccountRow, ContactRow } from '../store/schema.js';
import type { ServiceContext } from './context.js';
import { failure, ServiceError, validationError } from './errors.js';
import { type PageRequest, pageOf } from './paging.js';
import { blacklistEntriesOf } from '../store/repositories/blacklists.js';
import { insertLabels, labelTypes } from '../store/repositories/labels.js';

/** Fields every contact has, usable as `[~name]` labels. */
export const STANDARD_LABELS = ['firstName', 'lastName', 'mobile', 'email'] as const;

export type LabelType = 'Text' | 'Number';

export interface ContactInput {
  mobile: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  vip?: boolean;
  labels?: Array<{ name: string; value: unknown }>;
}

export function contactNotFound(id: string): ServiceError {
  return new ServiceError(
    'contact-not-found',
    'Contact not found',
    {},
    { missing: { entity: 'contact', by: 'id', value: id } },
  );
}

export async function labelDefinitions(db: Queryable, accountId: string): Promise<Map<string, LabelType>> {
  return (await labelTypes(db, accountId)) as Map<string, LabelType>;
}

export type CheckedContact = Pick<
  ContactRow,
  'mobile' | 'country' | 'first_name' | 'last_name' | 'email' | 'vip' | 'labels'
>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Validates a contact against the account's label definitions; refuses it with a validation failure. */
export function checkContact(
  ctx: ServiceContext,
  input: ContactInput,
  definitions: Map<string, LabelType>,
): CheckedContact {
  const problems: Record<string, string> = {};
  const phone = analysePhone(input.mobile ?? '', ctx.timezones);
  if (!phone) problems.mobile = 'Invalid mobile number';
  for (const key of ['firstName', 'lastName'] as const) {
    const v = input[key];
    if (v !== undefined && (v.length < 1 || v.length > 60)) problems[key] = 'size must be between 1 and 60';
  }
  if (input.email !== undefined && input.email !== '' && !EMAIL.test(input.email))
    problems.email = 'not a well-formed email address';
  if (Object.keys(problems).length > 0) throw validationError(problems);

  const labels: Record<string, string> = {};
  const seen = new Set<string>();
  for (const l of input.labels ?? []) {
    if (seen.has(l.name)) {
      throw failure('custom-field-repeated', 'Some Custom fields share the same name');
    }
    seen.add(l.name);
    const type = definitions.get(l.name);
    if (!type) {
      throw failure('custom-field-unknown', `Custom field definition is not found: ${l.name}`);
    }
    const value = l.value === null || l.value === undefined ? '' : String(l.value);
    if (type === 'Number' && value !== '' && !Number.isFinite(Number(value))) {
      throw failure('custom-field-invalid', 'Custom fields are invalid', { [l.name]: 'must be a number' });
    }
    labels[l.name] = value;
  }
  return {
    mobile: phone!.e164,
    country: phone!.country,
    first_name: input.firstName ?? null,
    last_name: input.lastName ?? null,
    email: input.email || null,
    vip: input.vip ? 1 : 0,
    labels: JSON.stringify(labels),
  };
}

function duplicateMobile(mobile: string): ServiceError {
  return failure('contact-mobile-taken', `Contact mobile already exists: ${mobile}`);
}

export async function createContact(ctx: ServiceContext, account: AccountRow, input: ContactInput) {
  const definitions = await labelDefinitions(ctx.store.db, account.id);
  const c = checkContact(ctx, input, definitions);
  const now = ctx.clock();
  const id = newContactId(now);
  const inserted = await insertContactIfNewMobile(ctx.store.db, {
    id,
    account_id: account.id,
    ...c,
    created_at: now,
    updated_at: now,
  });
  if (!inserted) throw duplicateMobile(c.mobile);
  return getContact(ctx, account, id);
}

export async function updateContact(
  ctx: ServiceContext,
  account: AccountRow,
  id: string,
  input: ContactInput,
) {
  const definitions = await labelDefinitions(ctx.store.db, account.id);
  const c = checkContact(ctx, input, definitions);
  // Existence first: an unknown id is 404, whatever its new mobile would clash with.
  if (!(await findContactRow(ctx.store.db, account.id, id))) throw contactNotFound(id);
  if ((await contactIdWithMobile(ctx.store.db, account.id, c.mobile, id)) !== undefined)
    throw duplicateMobile(c.mobile);
  if (!(await updateContactFields(ctx.store.db, account.id, id, { ...c, updated_at: ctx.clock() })))
    throw contactNotFound(id);
  return getContact(ctx, account, id);
}

export async function getContact(ctx: ServiceContext, account: AccountRow, id: string) {
  const row = await findContactRow(ctx.store.db, account.id, id);
  if (!row) throw contactNotFound(id);
  return (await contactRecords(ctx.store.db, account.id, [row]))[0]!;
}

export async function findContactByMobile(ctx: ServiceContext, account: AccountRow, raw: string) {
  const phone = analysePhone(raw, ctx.timezones);
  if (!phone) return undefined;
  const id = await contactIdWithMobile(ctx.store.db, account.id, phone.e164);
  return id === undefined ? undefined : { id };
}

export async function listContacts(ctx: ServiceContext, account: AccountRow, page: PageRequest) {
  const rows = await contactsPage(ctx.store.db, account.id, page);
  const total = await countContacts(ctx.store.db, account.id);
  return pageOf(await contactRecords(ctx.store.db, account.id, rows), total, page);
}

/** Deletes the given contacts; answers the ids that existed. */
export async function deleteContacts(ctx: ServiceContext, account: AccountRow, ids: string[]) {
  if (ids.length === 0) return [];
  return ctx.store.db.transaction().execute(async (trx) => {
    const found = [...(await existingContactIds(trx, account.id, ids))];
    if (found.length > 0) await deleteContactsById(trx, account.id, found);
    return found;
  });
}

export async function deleteContact(ctx: ServiceContext, account: AccountRow, id: string) {
  const record = await getContact(ctx, account, id);
  await deleteContacts(ctx, account, [id]);
  return record;
}

/** A contact with its groups (built-ins included), blacklisted services and typed labels. */
export interface ContactRecord {
  id: string;
  mobile: string;
  country: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  vip: boolean;
  /** `All` first, then its groups by name, or `NotListed` when it has none. */
  groups: string[];
  blacklistedServices: string[];
  labels: Array<{ name: string; type: LabelType; value: string }>;
}

/** Contacts with their groups, blacklisted services and label types, read in three queries. */
export async function contactRecords(
  db: Queryable,
  accountId: string,
  rows: ContactRow[],
): Promise<ContactRecord[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const memberships = await membershipsOf(db, accountId, ids);
  const blacklisted = await blacklistEntriesOf(db, accountId, ids);
  const definitions = await labelDefinitions(db, accountId);
  return rows.map((r) => {
    const groups = memberships.filter((m) => m.contact_id === r.id).map((m) => m.group_name);
    const labels = JSON.parse(r.labels) as Record<string, string>;
    return {
      id: r.id,
      mobile: r.mobile,
      country: r.country,
      firstName: r.first_name,
      lastName: r.last_name,
      email: r.email,
      vip: r.vip === 1,
      groups: groups.length > 0 ? ['All', ...groups] : ['All', 'NotListed'],
      blacklistedServices: blacklisted.filter((b) => b.contact_id === r.id).map((b) => b.service),
      labels: Object.entries(labels).map(([name, value]) => ({
        name,
        type: definitions.get(name) ?? 'Text',
        value,
      })),
    };
  });
}

/** Values a contact offers to `[~label]` personalisation. */
export function contactLabelValues(
  r: Pick<ContactRow, 'first_name' | 'last_name' | 'mobile' | 'email' | 'labels'>,
) {
  const values: Record<string, string> = JSON.parse(r.labels) as Record<string, string>;
  if (r.first_name !== null) values.firstName = r.first_name;
  if (r.last_name !== null) values.lastName = r.last_name;
  if (r.email !== null) values.email = r.email;
  values.mobile = r.mobile;
  return values;
}

const LABEL_NAME = /^[A-Za-z0-9]+$/;

export async function createLabels(
  ctx: ServiceContext,
  account: AccountRow,
  labels: Array<{ name: string; type: string }>,
) {
  const names = new Set<string>();
  const problems: Record<string, string> = {};
  const rows = labels.map((l, i) => {
    if (!LABEL_NAME.test(l.name)) problems[`[${i}].name`] = 'must contain only latin letters and digits';
    const type = ['Text', 'Number'].find((t) => t.toLowerCase() === l.type.toLowerCase());
    if (!type) problems[`[${i}].type`] = 'must be Text or Number';
    if (names.has(l.name)) {
      throw failure('label-repeated', 'Label name exists more than once in the same request');
    }
    names.add(l.name);
    return { account_id: account.id, name: l.name, type: type ?? 'Text' };
  });
  if (Object.keys(problems).length > 0) throw validationError(problems);
  const clash = [...names].filter((n) => (STANDARD_LABELS as readonly string[]).includes(n));
  const existing = await labelDefinitions(ctx.store.db, account.id);
  const taken = [...clash, ...[...names].filter((n) => existing.has(n))];
  if (taken.length > 0) {
    throw failure('label-name-taken', `Label Definition already exists: ${taken.join(', ')}`);
  }
  await insertLabels(ctx.store.db, account.id, rows, { ifMissing: false });
  return rows.map((r) => ({ name: r.name, type: r.type }));
}

export async function listLabels(ctx: ServiceContext, account: AccountRow) {
  const defs = await labelDefinitions(ctx.store.db, account.id);
  return [
    ...STANDARD_LABELS.map((name) => ({ name, type: 'Text' })),
    ...[...defs].map(([name, type]) => ({ name, type })),
  ];
}
