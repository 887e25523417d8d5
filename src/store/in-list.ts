/**
 * Lists for `IN (...)` padded to the next power of two by repeating their last value (which changes
 * nothing in the result). A list of n values is a different statement for each n: the statement
 * cache would prepare nearly every batch afresh; padded, a handful of texts recur and stay prepared.
 */
export function padForIn<T>(values: readonly T[]): T[] {
  const n = values.length;
  if (n <= 1) return [...values];
  let size = 1;
  while (size < n) size *= 2;
  const out = values.slice();
  const last = values[n - 1]!;
  while (out.length < size) out.push(last);
  return out;
}
