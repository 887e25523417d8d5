/**
 * Server-side prepared statements for the hot PostgreSQL statements.
 *
 * A statement whose text starts with PREPARED (an SQL comment; white space before it is allowed, as a
 * multi-line `sql` template begins with a line break) is sent as a named statement: each
 * connection parses and plans it once and then only binds and executes it. Measured on the dispatch
 * benchmark: the claim planned in 0.53 ms and ran in 0.44 ms — planning was more than half its cost —
 * and the receipt lookup spent a third of its time planning. Only fixed texts carry the mark (lists go
 * in as one array parameter), so a connection holds a handful of statements.
 *
 * The comment is harmless elsewhere: SQLite ignores it.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { withArrayLiterals } from './pg-array.js';

export const PREPARED = '/*prepared*/ ';

const names = new Map<string, string>();

/** The statement name for a marked text (a digest: the same text gets the same name everywhere). */
export function preparedName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `herald_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
}

type QueryFn = (...args: unknown[]) => unknown;

/** Whether a text carries the mark, also after the line break and indent a multi-line template opens with. */
function isMarked(text: string): boolean {
  return text.startsWith(PREPARED) || (text.charCodeAt(0) <= 32 && text.trimStart().startsWith(PREPARED));
}

/**
 * Makes a pool's clients send marked texts as named statements (the pool's other queries unchanged),
 * and array parameters of every query as literals written by Herald (`pg-array.ts`).
 */
export function prepareMarkedStatements(pool: pg.Pool): void {
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as QueryFn;
    (client as unknown as { query: QueryFn }).query = (...args: unknown[]) => {
      const [text, values] = args;
      if (typeof text !== 'string' || (values !== undefined && !Array.isArray(values))) return query(...args);
      const params = values && withArrayLiterals(values);
      if (isMarked(text)) return query({ name: preparedName(text), text, values: params }, ...args.slice(2));
      return params ? query(text, params, ...args.slice(2)) : query(...args);
    };
  });
}
