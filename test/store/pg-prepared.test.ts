import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/database.js';
import { PREPARED, preparedName } from '../../src/store/pg-prepared.js';
import { openTestStore, pgUrl } from '../helpers/stores.js';

describe.skipIf(!pgUrl)('prepared statements on PostgreSQL', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore('postgres');
  });
  afterAll(async () => {
    await store.close();
  });

  it('sends marked texts as named statements, planned once per connection, and others as they are', async () => {
    const marked = `${PREPARED}SELECT $1::int + 1 AS n`;
    const client = await store.pgPool!.connect();
    try {
      const first = await client.query<{ n: number }>(marked, [41]);
      const second = await client.query<{ n: number }>(marked, [1]);
      await client.query('SELECT $1::int AS plain', [1]);
      expect([first.rows[0]!.n, second.rows[0]!.n]).toEqual([42, 2]);
      const { rows } = await client.query<{ name: string; statement: string }>(
        'SELECT name, statement FROM pg_prepared_statements ORDER BY name',
      );
      expect(rows).toEqual([{ name: preparedName(marked), statement: marked }]);
    } finally {
      client.release();
    }
    // Through the query builder too (Kysely hands the text to the same client method).
    const { rows } = await store.db.executeQuery<{ n: number }>(CompiledQuery.raw(marked, [9]));
    expect(rows[0]!.n).toBe(10);
  });

  it('takes a marked text that starts with white space (a multi-line template) as marked', async () => {
    const marked = `\n    ${PREPARED}SELECT $1::int * 2 AS n`;
    const client = await store.pgPool!.connect();
    try {
      await client.query('DEALLOCATE ALL');
      const { rows } = await client.query<{ n: number }>(marked, [21]);
      expect(rows[0]!.n).toBe(42);
      const prepared = await client.query<{ name: string }>('SELECT name FROM pg_prepared_statements');
      expect(prepared.rows).toEqual([{ name: preparedName(marked) }]);
    } finally {
      client.release();
    }
  });
});
