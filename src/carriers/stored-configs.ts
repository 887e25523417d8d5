/**
 * Configurations stored by operators (SMPP links, SIP trunks: rows of id and JSON), parsed: those
 * that can run, and those that cannot (stored by an older version, or edited in the database by
 * hand), each with why. A bad stored entry fails alone.
 */
import type { InvalidLink } from './carrier.js';

export function parseStoredConfigs<T>(
  rows: ReadonlyArray<{ id: string; config: string }>,
  /** The whole configuration (the kind's defaults under what was stored). */
  whole: (stored: Record<string, unknown> & { id: string }) => T,
  problemsOf: (config: T) => Record<string, string>,
): { valid: T[]; invalid: InvalidLink[] } {
  const valid: T[] = [];
  const invalid: InvalidLink[] = [];
  for (const r of rows) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(r.config);
    } catch {
      parsed = null;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      invalid.push({ id: r.id, problems: { config: 'is not a JSON object' } });
      continue;
    }
    const config = whole({ ...(parsed as Record<string, unknown>), id: r.id });
    const problems = problemsOf(config);
    if (Object.keys(problems).length > 0) invalid.push({ id: r.id, problems });
    else valid.push(config);
  }
  return { valid, invalid };
}
