/**
 * Reading Routee request fields the way real clients send them: numbers and booleans may arrive as
 * strings, dates as ISO 8601 or Unix epoch seconds, `null` means absent, unknown keys are ignored.
 * Problems are collected per field and reported together as Routee's 400000000 `properties`.
 */
import { type CallbackSetting, isCallbackStrategy } from '../../domain/account-settings.js';
import { validationError } from '../../services/errors.js';
import { isRepresentableTime } from '../../domain/dates.js';

type Obj = Record<string, unknown>;

export function asObject(body: unknown, what = 'body'): Obj {
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw validationError({ [what]: 'must be a JSON object' });
  }
  return body as Obj;
}

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** ISO 8601 with a zone designator, or Unix epoch seconds (milliseconds when above 1e11). */
export function parseDateValue(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) {
    const ms = v > 1e11 ? Math.round(v) : Math.round(v * 1000);
    return isRepresentableTime(ms) ? ms : null;
  }
  if (typeof v !== 'string') return null;
  const s = v.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return parseDateValue(Number(s));
  if (!ISO_WITH_ZONE.test(s)) return null;
  const withColon = s.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const t = Date.parse(withColon);
  return Number.isNaN(t) || !isRepresentableTime(t) ? null : t;
}

export function parseBooleanValue(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (v === 1 || v === 0) return v === 1;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'true' || s === '1') return true;
    if (s === 'false' || s === '0') return false;
  }
  return null;
}

/** An integer a double holds exactly (|n| < 2^53); anything larger is not an integer to Herald. */
export function parseIntegerValue(v: unknown): number | null {
  const n =
    typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v.trim()) : NaN;
  return Number.isSafeInteger(n) ? n : null;
}

export class Fields {
  readonly problems: Record<string, string> = {};

  constructor(readonly obj: Obj) {}

  private value(key: string): unknown {
    const v = this.obj[key];
    return v === null ? undefined : v;
  }

  has(key: string): boolean {
    return this.value(key) !== undefined;
  }

  private missing(key: string): undefined {
    this.problems[key] = 'may not be empty';
    return undefined;
  }

  string(key: string, opts: { required?: boolean } = {}): string | undefined {
    const v = this.value(key);
    if (v === undefined || v === '') return opts.required ? this.missing(key) : undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    this.problems[key] = 'must be a string';
    return undefined;
  }

  boolean(key: string): boolean | undefined {
    const v = this.value(key);
    if (v === undefined || v === '') return undefined;
    const b = parseBooleanValue(v);
    if (b === null) this.problems[key] = 'must be a boolean';
    return b ?? undefined;
  }

  integer(key: string): number | undefined {
    const v = this.value(key);
    if (v === undefined || v === '') return undefined;
    const n = parseIntegerValue(v);
    if (n === null) this.problems[key] = 'must be an integer';
    return n ?? undefined;
  }

  date(key: string): number | undefined {
    const v = this.value(key);
    if (v === undefined || v === '') return undefined;
    const t = parseDateValue(v);
    if (t === null) this.problems[key] = 'must be a date (YYYY-MM-DDThh:mm:ssTZD or Unix seconds)';
    return t ?? undefined;
  }

  stringArray(key: string): string[] | undefined {
    const v = this.value(key);
    if (v === undefined) return undefined;
    const list = Array.isArray(v) ? v : typeof v === 'string' ? [v] : null;
    if (list === null || !list.every((x) => typeof x === 'string' || typeof x === 'number')) {
      this.problems[key] = 'must be an array of strings';
      return undefined;
    }
    return list.map((x) => String(x));
  }

  object(key: string): Obj | undefined {
    const v = this.value(key);
    if (v === undefined) return undefined;
    if (typeof v !== 'object' || Array.isArray(v)) {
      this.problems[key] = 'must be an object';
      return undefined;
    }
    return v as Obj;
  }

  /** `{url, strategy}`; a missing strategy means OnChange; strategy names are matched without case. */
  callback(key: string): CallbackSetting | undefined {
    const o = this.object(key);
    if (o === undefined) return undefined;
    const url = o.url;
    if (typeof url !== 'string' || url.trim() === '') {
      this.problems[`${key}.url`] = 'may not be empty';
      return undefined;
    }
    const raw = o.strategy ?? 'OnChange';
    const strategy =
      typeof raw === 'string'
        ? ['OnChange', 'OnCompletion'].find((s) => s.toLowerCase() === raw.trim().toLowerCase())
        : undefined;
    if (!isCallbackStrategy(strategy)) {
      this.problems[`${key}.strategy`] = 'must be OnChange or OnCompletion';
      return undefined;
    }
    return { url: url.trim(), strategy };
  }

  /** Throws Routee's validation error when any field had a problem. */
  done(): void {
    if (Object.keys(this.problems).length > 0) throw validationError(this.problems);
  }
}

export const MAX_PAGE_SIZE = 2000;
/** The last page a client may ask for: page × size stays a small offset for either database. */
export const MAX_PAGE = 1_000_000;

/** page (default 0, at most 1,000,000) and size (default 20, at most 2000) from a query string. */
export function readPage(f: Fields): { page: number; size: number } {
  const page = f.integer('page') ?? 0;
  const size = f.integer('size') ?? 20;
  if (page < 0 || page > MAX_PAGE) f.problems.page = `must be between 0 and ${MAX_PAGE}`;
  if (size < 1 || size > MAX_PAGE_SIZE) f.problems.size = `must be between 1 and ${MAX_PAGE_SIZE}`;
  return { page, size };
}
