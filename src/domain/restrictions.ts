/**
 * Regulatory restrictions of a message (Routee `restrictions`): India's TRAI/DLT ids and whatever else a
 * route needs. Stored on each message and sent as TLVs by links that map them.
 */
/** Restriction fields Herald knows (TRAI/DLT); other keys are stored and passed on as they are. */
export const RESTRICTION_FIELDS = ['contentTemplateId', 'principalEntityId'] as const;

/** Problems of a `restrictions` object (known ids must be numeric, other values scalars). */
export function restrictionProblems(r: Record<string, unknown> | undefined): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const [key, v] of Object.entries(r ?? {})) {
    if ((RESTRICTION_FIELDS as readonly string[]).includes(key)) {
      if (typeof v !== 'string' && typeof v !== 'number')
        problems[`restrictions.${key}`] = 'must be a numeric id';
      else if (!/^\d{1,30}$/.test(String(v)))
        problems[`restrictions.${key}`] = 'must be a numeric id of at most 30 digits';
    } else if (v !== null && typeof v === 'object') problems[`restrictions.${key}`] = 'must be a string';
  }
  return problems;
}

/** The restrictions as stored on a message (JSON of name → string), or null. */
export function restrictionsColumn(r: Record<string, unknown> | undefined): string | null {
  if (!r) return null;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(r)) if (v !== null && v !== undefined) out[k] = String(v);
  return Object.keys(out).length > 0 ? JSON.stringify(out) : null;
}
