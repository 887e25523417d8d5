/**
 * Personalised bodies: `[~labelName]` is replaced by the recipient's value of that label, else by
 * the campaign's fallback value, else by nothing (see docs/decisions.md).
 */
const LABEL = /\[~([^\]\s]+)\]/g;

/** The label names a body uses, in order of first appearance. */
export function labelsUsed(body: string): string[] {
  const names: string[] = [];
  for (const m of body.matchAll(LABEL)) if (!names.includes(m[1]!)) names.push(m[1]!);
  return names;
}

export function isPersonalised(body: string): boolean {
  return body.includes('[~') && labelsUsed(body).length > 0;
}

/**
 * Routee's `fallbackValues` in the three shapes its pages give it, as values by label name: an object
 * keyed by label (its description); an array of strings (seed 001), positional to the labels in the
 * order the body first uses them; a string (seed 000), the fallback of every label the body uses.
 */
export function fallbacksByLabel(
  given: string | readonly string[] | Readonly<Record<string, string>>,
  body: string,
): Record<string, string> {
  if (typeof given === 'string') return Object.fromEntries(labelsUsed(body).map((l) => [l, given]));
  if (Array.isArray(given)) {
    const out: Record<string, string> = {};
    labelsUsed(body).forEach((label, i) => {
      if (i < given.length) out[label] = given[i]!;
    });
    return out;
  }
  return { ...(given as Readonly<Record<string, string>>) };
}

/** Renders a body; `values` and `fallbacks` are looked up by label name. */
export function personalise(
  body: string,
  values: Readonly<Record<string, string | undefined>>,
  fallbacks: Readonly<Record<string, string>>,
): string {
  return body.replace(LABEL, (_, name: string) => {
    const v = values[name];
    return v !== undefined && v !== '' ? v : (fallbacks[name] ?? '');
  });
}

/** Recipient fields: `{first_name}`, `{last_name}`, `{param1}`…`{param5}` (Octopush's syntax). */
const FIELD = /\{(first_name|last_name|param[1-5])\}/g;

/** How a body names its placeholders: contact labels `[~label]` (Routee's) or recipient fields `{first_name}`. */
export type PlaceholderStyle = 'labels' | 'fields';

export function usesPlaceholders(style: PlaceholderStyle, body: string): boolean {
  if (style === 'labels') return isPersonalised(body);
  FIELD.lastIndex = 0;
  return FIELD.test(body);
}

/** Renders a body in either style; the names first_name and last_name fall back to a contact's labels. */
export function personaliseAs(
  style: PlaceholderStyle,
  body: string,
  values: Readonly<Record<string, string | undefined>>,
  fallbacks: Readonly<Record<string, string>>,
): string {
  if (style === 'labels') return personalise(body, values, fallbacks);
  const alias: Record<string, string> = { first_name: 'firstName', last_name: 'lastName' };
  return body.replace(FIELD, (_, name: string) => {
    const v = values[name] ?? (alias[name] ? values[alias[name]] : undefined);
    return v !== undefined && v !== '' ? v : (fallbacks[name] ?? '');
  });
}
