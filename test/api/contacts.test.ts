import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';
import { storeCases } from '../helpers/stores.js';

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`Routee contacts, labels, groups and blacklists on ${sc.name}`, () => {
    let h: TestHerald;
    let token: string;
    beforeAll(async () => {
      h = await startTestHerald(sc.name);
      token = await h.token();
    });
    afterAll(async () => {
      await h.close();
    });
    const call = (method: string, path: string, json?: unknown, t = token) =>
      h.call(method, path, { token: t, ...(json !== undefined && { json }) });

    it('creates, reads, updates, lists and deletes contacts with typed labels', async () => {
      expect(
        (
          await call('POST', '/contacts/labels/my', [
            { name: 'age', type: 'Number' },
            { name: 'city', type: 'Text' },
          ])
        ).status,
      ).toBe(200);
      const dupLabel = await call('POST', '/contacts/labels/my', [{ name: 'age', type: 'Number' }]);
      expect(dupLabel.status).toBe(409);
      expect(dupLabel.body.code).toBe('409002011');
      const twice = await call('POST', '/contacts/labels/my', [
        { name: 'x1', type: 'Text' },
        { name: 'x1', type: 'Text' },
      ]);
      expect(twice.body.code).toBe('400002014');

      const created = await call('POST', '/contacts/my', {
        mobile: '+30 694 853 0920',
        firstName: 'Maria',
        lastName: 'Papadopoulou',
        email: 'maria@example.com',
        vip: true,
        labels: [
          { name: 'age', value: 42 },
          { name: 'city', value: 'Athens' },
        ],
      });
      expect(created.status).toBe(200);
      expect(created.body).toMatchObject({
        mobile: '+306948530920',
        country: 'GR',
        firstName: 'Maria',
        vip: true,
        groups: ['All', 'NotListed'],
        blacklistedServices: [],
      });
      expect(created.body.id).toMatch(/^[0-9a-f]{24}$/);
      expect(created.body.labels).toEqual(
        expect.arrayContaining([
          { name: 'age', type: 'Number', value: '42' },
          { name: 'city', type: 'Text', value: 'Athens' },
        ]),
      );
      const id = created.body.id as string;

      const again = await call('POST', '/contacts/my', { mobile: '+306948530920' });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('409002005');
      const badNumberLabel = await call('POST', '/contacts/my', {
        mobile: '+306948530921',
        labels: [{ name: 'age', value: 'old' }],
      });
      expect(badNumberLabel.status).toBe(400);
      expect(badNumberLabel.body.code).toBe('400002006');
      const undefinedLabel = await call('POST', '/contacts/my', {
        mobile: '+306948530921',
        labels: [{ name: 'shoe', value: '4' }],
      });
      expect(undefinedLabel.status).toBe(404);
      expect(undefinedLabel.body.code).toBe('404002012');
      const badMobile = await call('POST', '/contacts/my', { mobile: '12' });
      expect(badMobile.status).toBe(400);
      expect(badMobile.body).toMatchObject({
        code: '400000000',
        properties: { mobile: 'Invalid mobile number' },
      });

      const updated = await call('PUT', `/contacts/my/${id}`, {
        mobile: '+306948530920',
        firstName: 'Marie',
      });
      expect(updated.body).toMatchObject({ id, firstName: 'Marie', vip: false, labels: [] });
      expect((await call('GET', `/contacts/my/${id}`)).body.firstName).toBe('Marie');
      const exists = await h.call('HEAD', '/contacts/my/mobile?value=%2B306948530920', { token });
      expect(exists.status).toBe(200);
      const missing = await h.call('HEAD', '/contacts/my/mobile?value=%2B306948530929', { token });
      expect(missing.status).toBe(404);

      // An unknown id is 404 first, even when the mobile belongs to another contact.
      const unknown = await call('PUT', '/contacts/my/ffffffffffffffffffffffff', {
        mobile: '+306948530920',
        firstName: 'Ghost',
      });
      expect([unknown.status, unknown.body.code]).toEqual([404, '404002001']);

      const second = await call('POST', '/contacts/my', { mobile: '+447911123456', firstName: 'John' });
      const page = await call('GET', '/contacts/my?page=0&size=1');
      expect(page.body).toMatchObject({
        totalElements: 2,
        totalPages: 2,
        size: 1,
        number: 0,
        numberOfElements: 1,
      });
      const deleted = await call('DELETE', '/contacts/my', [second.body.id, 'ffffffffffffffffffffffff']);
      expect(deleted.body).toEqual([second.body.id]);
      expect((await call('GET', `/contacts/my/${second.body.id}`)).body.code).toBe('404002001');
      expect((await call('DELETE', `/contacts/my/${id}`)).status).toBe(200);
      expect((await call('GET', `/contacts/my/${id}`)).status).toBe(404);
    });

    it('keeps contacts of one account invisible to another', async () => {
      const other = await h.newAccount({ name: 'other' });
      const otherToken = await h.token(other);
      const c = await call('POST', '/contacts/my', { mobile: '+306900000001' });
      expect((await call('GET', `/contacts/my/${c.body.id}`, undefined, otherToken)).status).toBe(404);
      expect((await call('DELETE', `/contacts/my/${c.body.id}`, undefined, otherToken)).status).toBe(404);
      expect((await call('GET', `/contacts/my/${c.body.id}`)).status).toBe(200);
      // The same number may be a contact of the other account.
      expect((await call('POST', '/contacts/my', { mobile: '+306900000001' }, otherToken)).status).toBe(200);
    });

    it('manages groups: built-ins, add and remove, merge, difference, filtered, delete', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) {
        const r = await call('POST', '/contacts/my', {
          mobile: `+3069100000${10 + i}`,
          firstName: i < 2 ? 'Anna' : 'Nikos',
        });
        ids.push(r.body.id);
      }
      expect((await call('POST', '/groups/my', { name: 'vip' })).body).toEqual({ name: 'vip', size: 0 });
      expect((await call('POST', '/groups/my', { name: 'vip' })).status).toBe(409);
      expect((await call('POST', '/groups/my', { name: 'x' })).status).toBe(400);
      expect((await call('POST', '/groups/my/vip/contacts', ids.slice(0, 3))).body).toEqual({
        name: 'vip',
        size: 3,
      });
      const unknown = await call('POST', '/groups/my/vip/contacts', ['ffffffffffffffffffffffff']);
      expect(unknown.body.code).toBe('404002001');
      expect((await call('DELETE', '/groups/my/vip/contacts', [ids[0]])).body).toEqual({
        name: 'vip',
        size: 2,
      });
      expect(
        (
          await call('POST', '/groups/my', {
            name: 'annas',
            strategy: 'Filtered',
            filters: [{ fieldName: 'firstName', searchTerm: 'anna' }],
          })
        ).body,
      ).toEqual({ name: 'annas', size: 2 });
      expect(
        (await call('POST', '/groups/my/merge', { name: 'both', groups: ['vip', 'annas'] })).body,
      ).toEqual({ name: 'both', size: 3 });
      expect(
        (await call('POST', '/groups/my/difference', { name: 'vipOnly', groups: ['vip', 'annas'] })).body,
      ).toEqual({ name: 'vipOnly', size: 1 });
      const list = (await call('GET', '/groups/my')).body as Array<{ name: string; size: number }>;
      expect(list.map((g) => g.name).slice(0, 2)).toEqual(['All', 'NotListed']);
      const members = await call('GET', '/groups/my/vip/contacts?size=10');
      expect(members.body.totalElements).toBe(2);
      expect(members.body.content[0].groups).toContain('vip');
      expect((await call('GET', '/groups/my/nope')).body.code).toBe('404002003');
      const del = await call('DELETE', '/groups/my?deleteContacts=false', ['vipOnly', 'both']);
      expect(del.body).toEqual([
        { name: 'vipOnly', deletedContacts: false },
        { name: 'both', deletedContacts: false },
      ]);
      expect((await call('DELETE', '/groups/my', ['All'])).status).toBe(400);
      const page = await call('GET', '/groups/my/page?page=0&size=2');
      expect(page.body.content).toHaveLength(2);
    });

    it('blacklists contacts and groups per service', async () => {
      const a = await call('POST', '/contacts/my', { mobile: '+306920000001' });
      const b = await call('POST', '/contacts/my', { mobile: '+306920000002' });
      expect((await call('POST', '/contacts/my/blacklist/Sms', [a.body.id])).body).toEqual({ updated: 1 });
      expect((await call('POST', '/contacts/my/blacklist/sms', [a.body.id])).body).toEqual({ updated: 0 });
      const listed = await call('GET', '/contacts/my/blacklist/Sms');
      expect(listed.body.map((c: { id: string }) => c.id)).toEqual([a.body.id]);
      expect(listed.body[0].blacklistedServices).toEqual(['Sms']);
      expect((await call('GET', '/contacts/my/blacklist/Voice')).body).toEqual([]);
      expect((await call('POST', '/contacts/my/blacklist/Fax', [a.body.id])).status).toBe(400);
      // Java SDK shape: [{id}]
      expect((await call('DELETE', '/contacts/my/blacklist/Sms', [{ id: a.body.id }])).body).toEqual({
        updated: 1,
      });
      await call('POST', '/groups/my', { name: 'bl' });
      await call('POST', '/groups/my/bl/contacts', [a.body.id, b.body.id]);
      expect((await call('POST', '/contacts/my/blacklist/Voice/groups', ['bl'])).body).toEqual({
        updated: 2,
      });
      expect((await call('DELETE', '/contacts/my/blacklist/Voice/groups', ['bl'])).body).toEqual({
        updated: 2,
      });
    });

    it('imports contacts from CSV, reporting bad rows and writing nothing on a malformed file', async () => {
      const csv = [
        'mobile;firstName;lastName;shoeSize',
        '+306930000001;Eleni;K;38',
        '+306930000002;"Kostas; the ""great""";L;',
        'not-a-number;X;Y;1',
        '+306930000001;Again;Z;2',
      ].join('\r\n');
      const res = await h.call('POST', '/contacts/my/import?group=imported', {
        token,
        rawBody: csv,
        headers: { 'content-type': 'text/csv' },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ rows: 4, created: 2, updated: 0, skipped: 2 });
      expect(res.body.errors.map((e: { line: number }) => e.line)).toEqual([4, 5]);
      const group = await call('GET', '/groups/my/imported/contacts');
      expect(group.body.totalElements).toBe(2);
      const kostas = group.body.content.find((c: { mobile: string }) => c.mobile === '+306930000002');
      expect(kostas.firstName).toBe('Kostas; the "great"');
      const eleni = group.body.content.find((c: { mobile: string }) => c.mobile === '+306930000001');
      expect(eleni.labels).toEqual([{ name: 'shoeSize', type: 'Text', value: '38' }]);

      const before = (await call('GET', '/contacts/my?size=1')).body.totalElements;
      const broken = await h.call('POST', '/contacts/my/import', {
        token,
        // Valid rows first: they must not stay behind when a later line is malformed.
        rawBody: 'mobile,firstName\n+306930000005,a\n+306930000006,b\n+306930000003,"unterminated\n',
        headers: { 'content-type': 'text/csv' },
      });
      expect(broken.status).toBe(400);
      expect(broken.body.code).toBe('400012000');
      const noMobile = await h.call('POST', '/contacts/my/import', {
        token,
        rawBody: 'name\nx\n',
        headers: { 'content-type': 'text/csv' },
      });
      expect(noMobile.status).toBe(400);
      // A header line that is not CSV (found by the fuzzer: a lone quote, sent as multipart).
      for (const type of ['text/csv', 'multipart/form-data; boundary=x']) {
        const badHeader = await h.call('POST', '/contacts/my/import', {
          token,
          rawBody: '"',
          headers: { 'content-type': type },
        });
        expect(badHeader.status, type).toBe(400);
        expect(badHeader.body.code).toBe('400012000');
      }
      expect((await call('GET', '/contacts/my?size=1')).body.totalElements).toBe(before);
    });
  });
}
