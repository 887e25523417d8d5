/**
 * Reading Octopush requests the lenient way Octopush documents: `null` means absent, strings are
 * trimmed, numbers and booleans may arrive as strings, a value that cannot be understood falls back to
 * the field's default, unknown fields are ignored.
 */
import { zoneOffsetMs } from '../../domain/zoned-time.js';
import { parseBooleanValue } from '../routee/input.js';

export type Obj = Record<string, unknown>;

export function objectBody(body: unknown): Obj {
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Obj) : {};
}

export function str(o: Obj, key: string): string | undefined {
  const v = o[key];
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

export function bool(o: Obj, key: string, fallback: boolean): boolean {
  const v = o[key];
  if (v === null || v === undefined || v === '') return fallback;
  return parseBooleanValue(v) ?? fallback;
}

export function oneOf<T extends string>(o: Obj, key: string, allowed: readonly T[], fallback: T): T {
  const v = str(o, key)?.toLowerCase();
  return (allowed.find((a) => a === v) as T | undefined) ?? fallback;
}

const ISO_OFFSET = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * `send_at`: ISO 8601 with an offset (with or without a colon), or zone-less
 * (`2031-01-01 00:01:00`, Central European time), or Unix seconds. Null when unreadable.
 */
export function parseSendAt(v: unknown): number | null {
  // A number is read as a time however far it lies: the campaign's horizon check refuses it then.
  if (typeof v === 'number' && Number.isFinite(v)) return v > 1e11 ? v : v * 1000;
  if (typeof v !== 'string') return null;
  const s = v.trim();
  if (/^\d+$/.test(s)) return parseSendAt(Number(s));
  const m = ISO_OFFSET.exec(s);
  if (!m) return null;
  const [, date, time, zone] = m;
  const local = `${date}T${time!.length === 5 ? `${time}:00` : time}`;
  if (zone) {
    const t = Date.parse(
      `${local}${zone.toUpperCase() === 'Z' ? 'Z' : zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')}`,
    );
    return Number.isNaN(t) ? null : t;
  }
  const guess = Date.parse(`${local}Z`);
  if (Number.isNaN(guess)) return null;
  const first = guess - zoneOffsetMs(guess, 'Europe/Paris');
  return guess - zoneOffsetMs(first, 'Europe/Paris');
}

/** `send_at` of a request: absent, empty or unreadable means "now" (lenient input). */
export function sendAtOf(o: Obj): number | undefined {
  const v = o.send_at;
  if (v === null || v === undefined || v === '') return undefined;
  return parseSendAt(v) ?? undefined;
}
