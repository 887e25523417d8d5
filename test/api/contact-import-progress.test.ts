/**
 * A large CSV import is a resource with its progress (rows read, rows stored, errors so far), shares
 * the server with other requests while it runs, and leaves nothing behind when the file is malformed.
 * On SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';
import { waitFor } from '../helpers/process.js';
import { storeCases } from '../helpers/stores.js';

const csvOf = (rows: number, from = 0) => {
  let csv = 'mobile,firstName,city\n';
  for (let i = from; i < from + rows; i++) csv += `+3069${String(20_000_000 + i)},First${i},City${i % 7}\n`;
  return csv;
};

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`contact import progress on ${sc.name}`, () => {
    let h: TestHerald;
    let token: string;
    beforeAll(async () => {
      h = await startTestHerald(sc.name);
      token = await h.token();
    });
    afterAll(async () => {
      await h?.close();
    });
    const contacts = async () =>
      (
        await h.store.db
          .selectFrom('contacts')
          .select('id')
          .where('account_id', '=', h.account.accountId)
          .execute()
      ).length;
    const post = (csv: string, query = '') =>
      h.call('POST', `/contacts/my/import${query}`, {
        token,
        rawBody: csv,
        headers: { 'content-type': 'text/csv' },
      });

    it('runs in the background with async=true and reports its progress until done', async () => {
      const rows = 20_000;
      const started = await post(`${csvOf(rows)}not-a-number,Bad,X\n`, '?async=true&group=imported');
      expect(started.status, started.text).toBe(202);
      const id = started.body.importId as string;
      expect(['reading', 'writing']).toContain(started.body.state);
      const seen: Array<{ state: string; rowsRead: number; rowsStored: number }> = [];
      // Other requests are answered while the import runs.
      let answeredDuring = 0;
      await waitFor(
        async () => {
          const balance = await h.call('GET', '/accounts/me/balance', { token });
          const p = (await h.call('GET', `/contacts/my/imports/${id}`, { token })).body;
          if (balance.status === 200 && p.state !== 'done') answeredDuring++;
          seen.push({ state: p.state, rowsRead: p.rowsRead, rowsStored: p.rowsStored });
          return p.state === 'done' || p.state === 'failed';
        },
        60_000,
        'import done',
      );
      const final = (await h.call('GET', `/contacts/my/imports/${id}`, { token })).body;
      expect(final).toMatchObject({
        importId: id,
        state: 'done',
        rowsRead: rows + 1,
        rowsStored: rows,
        errorCount: 1,
        report: { rows: rows + 1, created: rows, updated: 0, skipped: 1 },
      });
      // Dates as ISO 8601 UTC, the import's last change not before its start.
      const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
      expect(final.createdAt).toMatch(iso);
      expect(final.updatedAt).toMatch(iso);
      expect(Date.parse(final.updatedAt)).toBeGreaterThanOrEqual(Date.parse(final.createdAt));
      expect(final.report.errors).toEqual([
        expect.objectContaining({
          line: rows + 2,
          mobile: 'not-a-number',
          developerMessage: 'Invalid mobile number',
        }),
      ]);
      // Progress only ever goes forward.
      for (let i = 1; i < seen.length; i++) {
        expect(seen[i]!.rowsRead).toBeGreaterThanOrEqual(seen[i - 1]!.rowsRead);
        expect(seen[i]!.rowsStored).toBeGreaterThanOrEqual(seen[i - 1]!.rowsStored);
      }
      expect(answeredDuring).toBeGreaterThan(0);
      expect(await contacts()).toBe(rows);
      const group = await h.call('GET', '/groups/my/imported', { token });
      expect(group.body.size).toBe(rows);
      // Listed with the account's imports, invisible to another account.
      const list = await h.call('GET', '/contacts/my/imports', { token });
      expect(list.body.map((i: { importId: string }) => i.importId)).toContain(id);
      const other = await h.token(await h.newAccount());
      expect((await h.call('GET', `/contacts/my/imports/${id}`, { token: other })).status).toBe(404);
    }, 90_000);

    it('answers a synchronous import with its report and leaves nothing of a malformed file', async () => {
      const before = await contacts();
      const ok = await post(csvOf(50, 100_000));
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ rows: 50, created: 50, importId: expect.any(String) });
      // A quote left open on the last line: the whole file is refused, nothing written.
      const broken = await post(`${csvOf(5_000, 200_000)}+306911111111,"unterminated\n`);
      expect([broken.status, broken.body.code]).toEqual([400, '400012000']);
      expect(await contacts()).toBe(before + 50);
      const failed = (await h.call('GET', '/contacts/my/imports', { token })).body[0];
      expect(failed).toMatchObject({ state: 'failed', rowsStored: 0, failure: { code: '400012000' } });
    });
  });
}
