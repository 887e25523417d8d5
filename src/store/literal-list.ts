/**
 * `IN ('a', 'b')` with the values written into the SQL text. SQLite uses a partial index only when the
 * query repeats the index's WHERE term with the same literals: bound parameters hide them, and the
 * query scans the whole table instead (the expiry sweep once read every message, every second).
 */
import { type RawBuilder, sql } from 'kysely';

export function literalList<T extends string>(values: readonly T[]): RawBuilder<T> {
  return sql<T>`(${sql.join(values.map((v) => sql.lit(v)))})`;
}
