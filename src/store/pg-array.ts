/**
 * Array parameters as PostgreSQL array literals, written by Herald instead of by the `pg` package.
 *
 * The hot statements take their rows as arrays (one per column, `unnest`): 26 arrays per batch of
 * accepted messages. `pg` turns each element into text through its general conversion (dates,
 * buffers, objects…) and escapes it with two regular-expression replacements: 15 µs of the API
 * thread per accepted message in the PostgreSQL dispatch benchmark. Arrays of strings, numbers,
 * booleans and nulls — all Herald passes — are written here in one pass, character for character
 * what `pg` writes (a property test compares them); any other array is left to `pg`.
 */

const NEEDS_ESCAPE = /["\\]/;

function element(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return `"${value}"`;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The literal of an array of primitives, or undefined when `pg` must convert it. */
export function arrayLiteral(values: readonly unknown[]): string | undefined {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    const v = values[i];
    if (v === null || v === undefined) out += 'NULL';
    else if (typeof v === 'string') out += element(v);
    else if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean')
      out += `"${String(v)}"`;
    else return undefined;
  }
  return `${out}}`;
}

/** The parameters with every array of primitives replaced by its literal (the others unchanged). */
export function withArrayLiterals(values: readonly unknown[]): unknown[] {
  const out = new Array<unknown>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = Array.isArray(v) ? (arrayLiteral(v) ?? v) : v;
  }
  return out;
}
