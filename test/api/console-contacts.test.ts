/**
 * The console's contact routes: a CSV import runs in the background and its record follows it to
 * `done` with the report; contacts are listed a page at a time and added one by one; a repeated
 * mobile or an unknown field is refused in the console envelope; another account sees neither the
 * contacts nor the import. On SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleSession, type ConsoleSession } from '../helpers/console-session.js';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';
import { waitFor } from '../helpers/process.js';
import { storeCases } from '../helpers/stores.js';

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`console contacts on ${sc.name}`, () => {
    let h: TestHerald;
    let s: ConsoleSession;
    beforeAll(async () => {
      h = await startTestHerald(sc.name);
      s = await consoleSession(h);
    });
    afterAll(async () => h?.close());

    it('imports a CSV in the background, then lists and adds contacts', async () => {
      const csv = 'mobile,firstName\n+33612345678,Ada\nnope,Bad\n+306948000001,Grace\n';
      const started = await s.call('POST', '/contacts/imports', { csv, group: 'Friends' });
      expect(started.status).toBe(202);
      expect(started.body.state).toMatch(/reading|writing|done/);
      const id = started.body.id as string;
      await waitFor(
        async () => (await s.call('GET', `/contacts/imports/${id}`)).body.state === 'done',
        10_000,
        'import',
      );
      const done = (await s.call('GET', `/contacts/imports/${id}`)).body;
      expect(done.report).toMatchObject({ rows: 3, created: 2, skipped: 1 });
      expect(done.report.errors).toEqual([expect.objectContaining({ line: 3, mobile: 'nope' })]);

      const added = await s.call('POST', '/contacts', { mobile: '+306948000002', firstName: 'Linus' });
      expect(added.status).toBe(201);
      const list = await s.call('GET', '/contacts?size=2');
      expect(list.body.total).toBe(3);
      expect(list.body.items).toHaveLength(2);
      const all = (await s.call('GET', '/contacts?size=10')).body.items as Array<{
        mobile: string;
        groups: string[];
      }>;
      expect(all.find((c) => c.mobile === '+33612345678')!.groups).toEqual(['All', 'Friends']);

      const again = await s.call('POST', '/contacts', { mobile: '+33612345678' });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('contact-mobile-taken');
      const unknown = await s.call('POST', '/contacts', { mobile: '+33612345679', nickname: 'x' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.fields).toEqual({ nickname: 'is not a field of this request' });

      const other = await consoleSession(h, await h.newAccount({ name: 'other' }));
      expect((await other.call('GET', '/contacts')).body.total).toBe(0);
      expect((await other.call('GET', `/contacts/imports/${id}`)).status).toBe(404);
    });
  });
}
