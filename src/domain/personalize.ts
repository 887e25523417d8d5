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
