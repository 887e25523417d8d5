/**
 * Bulk import of contacts from CSV. The header names the columns (mobile required; firstName,
 * lastName, email, vip; any other column is a label, declared as Text when new). A malformed file
 * imports nothing; a bad row (invalid number, repeated number, bad Number label) is skipped and
 * reported with its line; everything else is written in one transaction.
 */
import { CsvError, readCsv } from '../domain/csv.js';
import { analysePhone } from '../domain/phone.js';
import { bulkWriteTransaction } from '../store/bulk-write.js';
import type { AccountRow, ContactRow } from '../store/schema.js';
import { labelDefinitions, newContactId, STANDARD_LABELS } from './contacts.js';
import type { ServiceContext } from './context.js';
import { ServiceError, validationError } from './errors.js';

export interface ImportOptions {
  /** Add every imported (and updated) contact to this group, created when missing. */
  group?: string;
  /** Update contacts whose mobile already exists instead of skipping them. */
  updateExisting: boolean;
}

export interface ImportReport {
  rows: number;
  created: number;
  updated: number;
  skipped: number;
  errors: Array<{ line: number; mobile: string; code: string; developerMessage: string }>;
}

const COLUMN_ALIASES: Record<string, string> = {
  mobile: 'mobile',
  phone: 'mobile',
  number: 'mobile',
  msisdn: 'mobile',
  firstname: 'firstName',
  first_name: 'firstName',
  lastname: 'lastName',
  last_name: 'lastName',
  email: 'email',
  vip: 'vip',
};

const MAX_ERRORS_LISTED = 1000;

function malformed(message: string): ServiceError {
  return new ServiceError(
    'validation',
    `Malformed CSV: ${message}`,
    { body: message },
    { code: '400012000' },
  );
}

export async function importContactsCsv(
  ctx: ServiceContext,
  account: AccountRow,
  text: string,
  options: ImportOptions,
): Promise<ImportReport> {
  if (options.group !== undefined && (options.group.length < 2 || options.group.length > 30))
    throw validationError({ group: 'size must be between 2 and 30' });
  const records = readCsv(text);
  /** The next record; a malformed one is the client's error (400), the header line included. */
  const nextRecord = () => {
    try {
      return records.next();
    } catch (err) {
      if (err instanceof CsvError) throw malformed(err.message);
      throw err;
    }
  };
  const first = nextRecord();
  if (first.done)
    throw new ServiceError('validation', 'The CSV file is empty', { body: 'empty' }, { code: '400012000' });
  const columns = first.value.fields.map((h) => COLUMN_ALIASES[h.trim().toLowerCase()] ?? h.trim());
  const at = (name: string) => columns.indexOf(name);
  const mobileAt = at('mobile');
  if (mobileAt < 0) {
    throw new ServiceError(
      'validation',
      'The CSV header has no mobile column',
      { mobile: 'missing column' },
      {
        code: '400012000',
      },
    );
  }
  const labelColumns = columns
    .map((name, index) => ({ name, index }))
    .filter((c) => !['mobile', 'firstName', 'lastName', 'email', 'vip'].includes(c.name) && c.name !== '');
  const badLabel = labelColumns.find((c) => !/^[A-Za-z0-9]+$/.test(c.name));
  if (badLabel)
    throw validationError({ [badLabel.name]: 'label names contain only latin letters and digits' });

  const now = ctx.clock();
  const report: ImportReport = { rows: 0, created: 0, updated: 0, skipped: 0, errors: [] };
  const reject = (line: number, mobile: string, code: string, developerMessage: string) => {
    report.skipped++;
    if (report.errors.length < MAX_ERRORS_LISTED)
      report.errors.push({ line, mobile, code, developerMessage });
  };

  // One pass, one transaction: rows are checked and written in chunks; a malformed line anywhere
  // rolls the whole import back.
  return bulkWriteTransaction(ctx.store, async (w) => {
    const definitions = await labelDefinitions(w.db, account.id);
    const newLabels = labelColumns.filter(
      (c) => !definitions.has(c.name) && !(STANDARD_LABELS as readonly string[]).includes(c.name),
    );
    if (newLabels.length > 0) {
      await w.db
        .insertInto('label_definitions')
        .values(newLabels.map((c) => ({ account_id: account.id, name: c.name, type: 'Text' })))
        .execute();
      for (const c of newLabels) definitions.set(c.name, 'Text');
    }
    const existing = new Map<string, string>();
    for (const r of await w.db
      .selectFrom('contacts')
      .select(['id', 'mobile'])
      .where('account_id', '=', account.id)
      .execute())
      existing.set(r.mobile, r.id);
    const group = options.group;
    if (group !== undefined) {
      await w.db
        .insertInto('contact_groups')
        .values({ account_id: account.id, name: group, created_at: now })
        .onConflict((oc) => oc.doNothing())
        .execute();
    }

    const seen = new Set<string>();
    let inserts: ContactRow[] = [];
    const members: string[] = [];
    const flush = async () => {
      await w.insertRows('contacts', inserts);
      report.created += inserts.length;
      inserts = [];
      if (group !== undefined && members.length > 0) {
        await w.insertRows(
          'group_members',
          members.splice(0).map((contact_id) => ({ account_id: account.id, group_name: group, contact_id })),
          true,
        );
      }
    };
    for (;;) {
      const next = nextRecord();
      if (next.done) break;
      const rec = next.value;
      report.rows++;
      const cell = (i: number) => (rec.fields[i] ?? '').trim();
      const rawMobile = cell(mobileAt);
      const phone = analysePhone(rawMobile, ctx.timezones);
      if (!phone) {
        reject(rec.line, rawMobile, '400000000', 'Invalid mobile number');
        continue;
      }
      if (seen.has(phone.e164)) {
        reject(rec.line, rawMobile, '409002005', 'Contact mobile appears more than once in the file');
        continue;
      }
      seen.add(phone.e164);
      const labels: Record<string, string> = {};
      let bad: string | null = null;
      for (const c of labelColumns) {
        const v = cell(c.index);
        if (v === '') continue;
        if (definitions.get(c.name) === 'Number' && !Number.isFinite(Number(v))) bad = c.name;
        labels[c.name] = v;
      }
      if (bad !== null) {
        reject(rec.line, rawMobile, '400002006', `Custom fields are invalid: ${bad} must be a number`);
        continue;
      }
      const opt = (name: string) => (at(name) >= 0 && cell(at(name)) !== '' ? cell(at(name)) : null);
      const vip = opt('vip');
      const known = existing.get(phone.e164);
      const row: ContactRow = {
        id: known ?? newContactId(now),
        account_id: account.id,
        mobile: phone.e164,
        country: phone.country,
        first_name: opt('firstName'),
        last_name: opt('lastName'),
        email: opt('email'),
        vip: vip !== null && ['true', '1', 'yes'].includes(vip.toLowerCase()) ? 1 : 0,
        labels: JSON.stringify(labels),
        created_at: now,
        updated_at: now,
      };
      if (known === undefined) inserts.push(row);
      else if (options.updateExisting) {
        const { first_name, last_name, email, vip: v, labels: l, updated_at } = row;
        await w.db
          .updateTable('contacts')
          .set({ first_name, last_name, email, vip: v, labels: l, updated_at })
          .where('account_id', '=', account.id)
          .where('id', '=', known)
          .execute();
        report.updated++;
      } else {
        reject(rec.line, rawMobile, '409002005', 'Contact mobile already exists');
        continue;
      }
      members.push(row.id);
      if (inserts.length >= 2000 || members.length >= 2000) await flush();
    }
    await flush();
    return report;
  });
}
