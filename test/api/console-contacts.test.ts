/**
 * The console's contact routes: a CSV import runs in the background and its record follows it to
 * `done` with the report; contacts are listed a page at a time and added one by one; a repeated
 * mobile or an unknown field is refused in the console envelope; another account sees neither the
 * contacts nor the import. Contacts are searched by number prefix, name, group and blacklist,
 * edited (labels typed) and deleted; groups are created, filled, emptied and deleted; a label is
 * declared; contacts go on and off a service's blacklist. On SQLite and PostgreSQL.
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

    it('searches, edits and deletes contacts; groups, labels and blacklists', async () => {
      const acme = await h.newAccount({ name: 'contacts-acme' });
      const a = await consoleSession(h, acme);
      const add = async (mobile: string, firstName: string, email?: string) =>
        (await a.call('POST', '/contacts', { mobile, firstName, ...(email && { email }) })).body.id as string;
      const ada = await add('+33612345678', 'Ada', 'ada@example.com');
      const grace = await add('+33699999999', 'Grace');
      const linus = await add('+306948000001', 'Linus', 'linus@kernel.example');
      const names = async (query: string) =>
        ((await a.call('GET', `/contacts?${query}`)).body.items as Array<{ firstName: string }>)
          .map((c) => c.firstName)
          .sort();

      expect(await names('search=%2B336')).toEqual(['Ada', 'Grace']);
      expect(await names('search=33%206')).toEqual(['Ada', 'Grace']);
      expect(await names('search=KERNEL')).toEqual(['Linus']);
      expect(await names('search=100%25')).toEqual([]);
      expect((await a.call('GET', '/contacts?group=Nope')).status).toBe(404);

      // A label is declared, then a contact edited with it; a Number label refuses text.
      expect((await a.call('POST', '/labels', { name: 'shoeSize', type: 'Number' })).status).toBe(201);
      expect((await a.call('POST', '/labels', { name: 'shoeSize', type: 'Number' })).status).toBe(409);
      expect((await a.call('GET', '/labels')).body).toContainEqual({ name: 'shoeSize', type: 'Number' });
      const edited = await a.call('PUT', `/contacts/${ada}`, {
        mobile: '+33612345678',
        firstName: 'Ada',
        lastName: 'Lovelace',
        vip: true,
        labels: [{ name: 'shoeSize', value: 38 }],
      });
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({ lastName: 'Lovelace', vip: true, email: null });
      expect(edited.body.labels).toEqual([{ name: 'shoeSize', type: 'Number', value: '38' }]);
      const wrong = await a.call('PUT', `/contacts/${ada}`, {
        mobile: '+33612345678',
        labels: [{ name: 'shoeSize', value: 'big' }],
      });
      expect(wrong.status).toBe(400);
      const clash = await a.call('PUT', `/contacts/${ada}`, { mobile: '+33699999999' });
      expect(clash.status).toBe(409);
      expect((await a.call('GET', `/contacts?search=lovelace`)).body.items[0].labels).toHaveLength(1);

      // Groups: create, fill, search within, empty, delete.
      expect((await a.call('POST', '/groups', { name: 'Vip' })).status).toBe(201);
      expect((await a.call('POST', '/groups', { name: 'Vip' })).status).toBe(409);
      const filled = await a.call('POST', '/groups/Vip/members', { ids: [ada, linus] });
      expect(filled.body).toEqual({ name: 'Vip', size: 2 });
      expect(await names('group=Vip')).toEqual(['Ada', 'Linus']);
      expect(await names('group=Vip&search=%2B30')).toEqual(['Linus']);
      expect(await names('group=NotListed')).toEqual(['Grace']);
      expect((await a.call('POST', '/groups/Vip/members', { ids: ['nobody'] })).status).toBe(404);
      expect((await a.call('POST', '/groups/All/members', { ids: [ada] })).status).toBe(400);
      expect((await a.call('POST', '/groups/Vip/members/remove', { ids: [linus] })).body.size).toBe(1);

      // Blacklists: on and off, searchable.
      const on = await a.call('POST', '/blacklists', { service: 'Sms', ids: [grace], blacklisted: true });
      expect(on.body).toEqual({ updated: 1 });
      expect(await names('blacklistedFor=Sms')).toEqual(['Grace']);
      expect(await names('blacklistedFor=Voice')).toEqual([]);
      expect(
        (await a.call('POST', '/blacklists', { service: 'Fax', ids: [grace], blacklisted: true })).status,
      ).toBe(400);
      await a.call('POST', '/blacklists', { service: 'Sms', ids: [grace], blacklisted: false });
      expect(await names('blacklistedFor=Sms')).toEqual([]);

      // Another account can touch none of it.
      expect((await s.call('PUT', `/contacts/${ada}`, { mobile: '+33612345678' })).status).toBe(404);
      expect((await s.call('DELETE', `/contacts/${ada}`)).status).toBe(404);
      expect((await s.call('POST', '/groups/Vip/members', { ids: [ada] })).status).toBe(404);

      expect((await a.call('DELETE', '/groups/Vip')).status).toBe(204);
      expect((await a.call('GET', '/contacts?group=Vip')).status).toBe(404);
      expect((await a.call('DELETE', `/contacts/${ada}`)).status).toBe(204);
      expect(await names('')).toEqual(['Grace', 'Linus']);
    });
  });
}
