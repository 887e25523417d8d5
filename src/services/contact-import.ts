/**
 * Bulk import of contacts from CSV. The header names the columns (mobile required; firstName,
 * lastName, email, vip; any other column is a label, declared as Text when new). A malformed file
 * imports nothing; a bad row (invalid number, repeated number, bad Number label) is skipped and
 * reported with its line.
 *
 * An import is a resource (`contact_imports`) with its progress, and it shares the server: the
 * whole file is read and checked first — nothing written, the event loop given back every few
 * thousand rows — then written in short transactions of 500 contacts, each followed by a turn
 * of the event loop, so that other requests (of every account) go on while a 300,000-row file is
 * stored. A write that fails midway undoes what the import had written.
 */
import { CsvError, readCsv } from '../domain/csv.js';
import { analysePhone } from '../domain/phone.js';
import { newId } from '../security/secrets.js';
import { bulkWriteTransaction } from '../store/bulk-write.js';
import type { AccountRow, ContactImportsTable, ContactRow } from '../store/schema.js';
import { labelDefinitions, STANDARD_LABELS } from './contacts.js';
import {
  contactIdsByMobile,
  contactsWhere,
  deleteContactsById,
  updateContactFields,
  insertContacts,
  newContactId,
} from '../store/repositories/contacts.js';
import { addGroupMembersBulk, insertGroup, removeGroupRows } from '../store/repositories/groups.js';
import type { ServiceContext } from './context.js';
import { type ErrorKind, failure, type FailureReason, ServiceError, validationError } from './errors.js';
import {
  findImport,
  type ImportProgress,
  insertImport,
  latestImports,
  updateImportProgress,
} from '../store/repositories/contact-imports.js';
import { deleteLabels, insertLabels } from '../store/repositories/labels.js';

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
  errors: ImportRowError[];
}

/** Why a row of the file was skipped. */
export type ImportRowProblem = 'invalid-mobile' | 'contact-mobile-taken' | 'custom-field-invalid';

export interface ImportRowError {
  line: number;
  mobile: string;
  reason: ImportRowProblem;
  message: string;
}

/** Why a whole import failed: a use-case failure's reason and kind, or `internal`. */
export interface ImportFailure {
  reason: FailureReason | 'internal';
  kind?: ErrorKind;
  message: string;
  properties?: Record<string, string>;
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
/** Rows read between two turns of the event loop. */
const READ_SLICE = 1_000;
/** Contacts written per transaction. */
const WRITE_CHUNK = 500;
/** Progress is written to the import's row at most this often. */
const PROGRESS_EVERY_MS = 250;

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

function malformed(message: string): ServiceError {
  return failure('csv-malformed', `Malformed CSV: ${message}`, { body: message });
}

/** An import's progress and outcome (times in ms since the epoch). */
export interface ImportRecord {
  importId: string;
  state: 'reading' | 'writing' | 'done' | 'failed';
  rowsRead: number;
  rowsStored: number;
  errorCount: number;
  createdAt: number;
  updatedAt: number;
  report?: ImportReport;
  failure?: ImportFailure;
}

export function importRecord(row: ContactImportsTable): ImportRecord {
  const record: ImportRecord = {
    importId: row.id,
    state: row.state as ImportRecord['state'],
    rowsRead: row.rows_read,
    rowsStored: row.rows_stored,
    errorCount: row.error_count,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
  if (row.result !== null) {
    const result = JSON.parse(row.result) as { report?: ImportReport; failure?: ImportRecord['failure'] };
    if (result.report) record.report = result.report;
    if (result.failure) record.failure = result.failure;
  }
  return record;
}

export async function getImport(ctx: ServiceContext, account: AccountRow, id: string): Promise<ImportRecord> {
  const row = await findImport(ctx.store.db, account.id, id);
  if (!row) throw new ServiceError('not-found', `No contact import ${id}`);
  return importRecord(row);
}

export async function listImports(ctx: ServiceContext, account: AccountRow): Promise<ImportRecord[]> {
  return (await latestImports(ctx.store.db, account.id, 50)).map(importRecord);
}

/** What a checked file will write. */
interface ImportPlan {
  report: ImportReport;
  newLabels: string[];
  inserts: ContactRow[];
  updates: ContactRow[];
  /** Contacts (new and updated) to add to the group. */
  members: string[];
}

/**
 * Starts an import: the file's header is checked at once (a malformed header is the caller's 400),
 * then `done` settles with the report (or the failure) while the import's row follows its progress.
 */
export async function startContactImport(
  ctx: ServiceContext,
  account: AccountRow,
  text: string,
  options: ImportOptions,
): Promise<{ importId: string; done: Promise<ImportReport> }> {
  if (options.group !== undefined && (options.group.length < 2 || options.group.length > 30))
    throw validationError({ group: 'size must be between 2 and 30' });
  const importId = newId(ctx.clock());
  const now = ctx.clock();
  await insertImport(ctx.store.db, {
    id: importId,
    account_id: account.id,
    state: 'reading',
    rows_read: 0,
    rows_stored: 0,
    error_count: 0,
    result: null,
    created_at: now,
    updated_at: now,
  });
  const progress = new Progress(ctx, importId);
  const done = (async () => {
    try {
      const plan = await checkFile(ctx, account, text, options, progress);
      await progress.set({ state: 'writing' }, true);
      await writePlan(ctx, account, plan, options, progress);
      await progress.set({ state: 'done', result: JSON.stringify({ report: plan.report }) }, true);
      return plan.report;
    } catch (err) {
      const failed: ImportFailure =
        err instanceof ServiceError
          ? {
              reason: err.reason,
              kind: err.kind,
              message: err.message,
              ...(Object.keys(err.properties).length > 0 && { properties: err.properties }),
            }
          : {
              reason: 'internal' as const,
              message: 'The import could not be written; nothing of it was kept',
            };
      await progress
        .set({ state: 'failed', result: JSON.stringify({ failure: failed }) }, true)
        .catch(() => undefined);
      throw err;
    }
  })();
  return { importId, done };
}

/** Imports a file and answers its report once it is all written. */
export async function importContactsCsv(
  ctx: ServiceContext,
  account: AccountRow,
  text: string,
  options: ImportOptions,
): Promise<ImportReport & { importId: string }> {
  const { importId, done } = await startContactImport(ctx, account, text, options);
  return { importId, ...(await done) };
}

/** The fields an import sets on a contact it updates (and puts back when it is undone). */
function importedFields(c: ContactRow) {
  const { first_name, last_name, email, vip, labels, updated_at } = c;
  return { first_name, last_name, email, vip, labels, updated_at };
}

/** The import row's progress, written at most every PROGRESS_EVERY_MS (and at every change of state). */
class Progress {
  private values: ImportProgress = {};
  private writtenAt = 0;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly id: string,
  ) {}

  async set(values: ImportProgress, now = false): Promise<void> {
    Object.assign(this.values, values);
    const t = this.ctx.clock();
    if (!now && t - this.writtenAt < PROGRESS_EVERY_MS) return;
    this.writtenAt = t;
    await updateImportProgress(this.ctx.store.db, this.id, this.values, t);
  }
}

/** Reads and checks the whole file without writing anything (but the import's progress). */
async function checkFile(
  ctx: ServiceContext,
  account: AccountRow,
  text: string,
  options: ImportOptions,
  progress: Progress,
): Promise<ImportPlan> {
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
  if (first.done) throw failure('csv-malformed', 'The CSV file is empty', { body: 'empty' });
  const columns = first.value.fields.map((h) => COLUMN_ALIASES[h.trim().toLowerCase()] ?? h.trim());
  const at = (name: string) => columns.indexOf(name);
  const mobileAt = at('mobile');
  if (mobileAt < 0)
    throw failure('csv-malformed', 'The CSV header has no mobile column', { mobile: 'missing column' });
  const labelColumns = columns
    .map((name, index) => ({ name, index }))
    .filter((c) => !['mobile', 'firstName', 'lastName', 'email', 'vip'].includes(c.name) && c.name !== '');
  const badLabel = labelColumns.find((c) => !/^[A-Za-z0-9]+$/.test(c.name));
  if (badLabel)
    throw validationError({ [badLabel.name]: 'label names contain only latin letters and digits' });

  const definitions = await labelDefinitions(ctx.store.db, account.id);
  const newLabels = labelColumns
    .filter((c) => !definitions.has(c.name) && !(STANDARD_LABELS as readonly string[]).includes(c.name))
    .map((c) => c.name);
  for (const name of newLabels) definitions.set(name, 'Text');
  const existing = await contactIdsByMobile(ctx.store.db, account.id);

  const now = ctx.clock();
  const plan: ImportPlan = {
    report: { rows: 0, created: 0, updated: 0, skipped: 0, errors: [] },
    newLabels,
    inserts: [],
    updates: [],
    members: [],
  };
  const { report } = plan;
  const reject = (line: number, mobile: string, reason: ImportRowProblem, message: string) => {
    report.skipped++;
    if (report.errors.length < MAX_ERRORS_LISTED) report.errors.push({ line, mobile, reason, message });
  };
  const seen = new Set<string>();
  for (;;) {
    if (report.rows % READ_SLICE === 0 && report.rows > 0) {
      await progress.set({ rows_read: report.rows, error_count: report.skipped });
      await turn();
    }
    const next = nextRecord();
    if (next.done) break;
    const rec = next.value;
    report.rows++;
    const cell = (i: number) => (rec.fields[i] ?? '').trim();
    const rawMobile = cell(mobileAt);
    const phone = analysePhone(rawMobile, ctx.timezones);
    if (!phone) {
      reject(rec.line, rawMobile, 'invalid-mobile', 'Invalid mobile number');
      continue;
    }
    if (seen.has(phone.e164)) {
      reject(
        rec.line,
        rawMobile,
        'contact-mobile-taken',
        'Contact mobile appears more than once in the file',
      );
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
      reject(
        rec.line,
        rawMobile,
        'custom-field-invalid',
        `Custom fields are invalid: ${bad} must be a number`,
      );
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
    if (known === undefined) plan.inserts.push(row);
    else if (options.updateExisting) plan.updates.push(row);
    else {
      reject(rec.line, rawMobile, 'contact-mobile-taken', 'Contact mobile already exists');
      continue;
    }
    plan.members.push(row.id);
  }
  report.created = plan.inserts.length;
  report.updated = plan.updates.length;
  await progress.set({ rows_read: report.rows, error_count: report.skipped }, true);
  return plan;
}

/**
 * Writes a checked plan in short transactions. A failure midway (a contact created meanwhile by
 * another request, the database gone) undoes what the import wrote: new contacts and labels deleted,
 * updated contacts given their values back.
 */
async function writePlan(
  ctx: ServiceContext,
  account: AccountRow,
  plan: ImportPlan,
  options: ImportOptions,
  progress: Progress,
): Promise<void> {
  const now = ctx.clock();
  const group = options.group;
  const created: string[] = [];
  const before: ContactRow[] = [];
  let groupCreated = false;
  let stored = 0;
  try {
    await bulkWriteTransaction(ctx.store, async (w) => {
      await insertLabels(
        w.db,
        account.id,
        plan.newLabels.map((name) => ({ name, type: 'Text' })),
        { ifMissing: true },
      );
      if (group !== undefined) {
        groupCreated = await insertGroup(w.db, account.id, group, now);
      }
    });
    for (let i = 0; i < plan.inserts.length; i += WRITE_CHUNK) {
      const chunk = plan.inserts.slice(i, i + WRITE_CHUNK);
      await bulkWriteTransaction(ctx.store, async (w) => {
        await insertContacts(w, chunk);
        if (group !== undefined)
          await addGroupMembersBulk(
            w,
            account.id,
            group,
            chunk.map((c) => c.id),
          );
      });
      for (const c of chunk) created.push(c.id);
      stored += chunk.length;
      await progress.set({ rows_stored: stored });
      await turn();
    }
    for (let i = 0; i < plan.updates.length; i += WRITE_CHUNK) {
      const chunk = plan.updates.slice(i, i + WRITE_CHUNK);
      await bulkWriteTransaction(ctx.store, async (w) => {
        const old = await contactsWhere(
          w.db,
          account.id,
          'id',
          chunk.map((c) => c.id),
        );
        for (const c of chunk) {
          await updateContactFields(w.db, account.id, c.id, importedFields(c));
        }
        if (group !== undefined)
          await addGroupMembersBulk(
            w,
            account.id,
            group,
            chunk.map((c) => c.id),
          );
        before.push(...old);
      });
      stored += chunk.length;
      await progress.set({ rows_stored: stored });
      await turn();
    }
    await progress.set({ rows_stored: stored }, true);
  } catch (err) {
    await undo(ctx, account, { created, before, newLabels: plan.newLabels, group, groupCreated }).catch(
      (e: unknown) => ctx.logger.error({ err: e }, 'undoing a failed contact import failed'),
    );
    if (err instanceof ServiceError) throw err;
    const unique = /unique|23505/i.test(String((err as { code?: string }).code ?? (err as Error).message));
    if (unique)
      throw failure(
        'contact-mobile-taken',
        'Contacts of the file were created meanwhile by another request; nothing of the import was kept. Run it again.',
      );
    throw err;
  }
}

async function undo(
  ctx: ServiceContext,
  account: AccountRow,
  written: {
    created: string[];
    before: ContactRow[];
    newLabels: string[];
    group?: string;
    groupCreated: boolean;
  },
): Promise<void> {
  for (let i = 0; i < written.created.length; i += WRITE_CHUNK) {
    const ids = written.created.slice(i, i + WRITE_CHUNK);
    await ctx.store.db.transaction().execute((trx) => deleteContactsById(trx, account.id, ids));
    await turn();
  }
  for (const c of written.before) {
    await updateContactFields(ctx.store.db, account.id, c.id, importedFields(c));
  }
  await deleteLabels(ctx.store.db, account.id, written.newLabels);
  if (written.group !== undefined && written.groupCreated)
    await removeGroupRows(ctx.store.db, account.id, written.group);
}
