/**
 * Contact imports as the Routee face shows them: per-row errors and an import's failure with Routee
 * codes and `developerMessage`. The import service reports reasons; the codes live here.
 */
import type {
  ImportFailure,
  ImportReport,
  ImportRowProblem,
  ImportRecord,
} from '../../services/contact-import.js';
import { routeeCodeOf } from './errors.js';

const ROW_CODE: Record<ImportRowProblem, string> = {
  'invalid-mobile': '400000000',
  'contact-mobile-taken': '409002005',
  'custom-field-invalid': '400002006',
};

/** Rows stored before reasons were kept carry their Routee code already. */
type StoredRowError = ImportReport['errors'][number] & { code?: string; developerMessage?: string };
type StoredFailure = ImportFailure & { code?: string; developerMessage?: string };

export function routeeImportReport(report: ImportReport & { importId?: string }) {
  return {
    ...(report.importId !== undefined && { importId: report.importId }),
    rows: report.rows,
    created: report.created,
    updated: report.updated,
    skipped: report.skipped,
    errors: report.errors.map((e: StoredRowError) => ({
      line: e.line,
      mobile: e.mobile,
      code: e.code ?? ROW_CODE[e.reason],
      developerMessage: e.developerMessage ?? e.message,
    })),
  };
}

function routeeImportFailure(f: StoredFailure) {
  const code =
    f.code ?? (f.reason === 'internal' ? '500000000' : routeeCodeOf(f.reason, f.kind ?? 'validation'));
  return {
    code,
    developerMessage: f.developerMessage ?? f.message,
    ...(f.properties && { properties: f.properties }),
  };
}

export function routeeImportView(v: ImportRecord) {
  const { report, failure, createdAt, updatedAt, ...rest } = v;
  return {
    ...rest,
    createdAt: new Date(createdAt).toISOString(),
    updatedAt: new Date(updatedAt).toISOString(),
    ...(report && { report: routeeImportReport(report) }),
    ...(failure && { failure: routeeImportFailure(failure) }),
  };
}
