/**
 * One text filter of a search (tracking's `is`, `is_not`, `contains`, `starts_with`, `ends_with`) as
 * a condition on a column, the same on SQLite and PostgreSQL: LIKE with '!' as its escape.
 */
import { type RawBuilder, sql } from 'kysely';

export type TextFilterOp = 'is' | 'is_not' | 'contains' | 'starts_with' | 'ends_with';

/** A filter on one of a search's fields. */
export interface FieldFilter<F extends string> {
  field: F;
  op: TextFilterOp;
  term: string;
}

/** Whether `field` is one of the search's (the keys of its field → column table). */
export function isFieldOf<F extends string>(columns: Readonly<Record<F, string>>, field: string): field is F {
  return Object.hasOwn(columns, field);
}

/** A LIKE pattern's literal text, for `LIKE … ESCAPE '!'`. */
export function escapeLike(s: string): string {
  return s.replace(/[!%_]/g, (c) => `!${c}`);
}

/** `column op term`; `is_not` also keeps rows where the column is null. */
export function textFilter(column: string, op: TextFilterOp, term: string): RawBuilder<boolean> {
  const col = sql.ref(column);
  switch (op) {
    case 'is':
      return sql<boolean>`${col} = ${term}`;
    case 'is_not':
      return sql<boolean>`(${col} IS NULL OR ${col} <> ${term})`;
    case 'contains':
      return sql<boolean>`${col} LIKE ${`%${escapeLike(term)}%`} ESCAPE '!'`;
    case 'starts_with':
      return sql<boolean>`${col} LIKE ${`${escapeLike(term)}%`} ESCAPE '!'`;
    case 'ends_with':
      return sql<boolean>`${col} LIKE ${`%${escapeLike(term)}`} ESCAPE '!'`;
  }
}
