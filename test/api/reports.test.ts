/**
 * The Routee reports API (`/reports/my/volPrice…` and `/reports/my/breakdown…`): volume and price per
 * UTC day and country with the count in each status, per country, per network (none known), per
 * campaign; the dates real SDKs send; the `report` scope; one account never sees another's traffic.
 * On SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReportDate } from '../../src/api/routee/reports.js';
import { foldUsage } from '../../src/services/volume-price-report.js';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';
import { storeCases } from '../helpers/stores.js';

const DAY = 24 * 3600_000;

describe('report dates and folding', () => {
  it('reads the dates SDKs send: ISO with or without zone, a day, quoted by .NET, Unix seconds', () => {
    expect(parseReportDate('2026-03-01')).toBe(Date.UTC(2026, 2, 1));
    expect(parseReportDate('2026-03-01T10:00:00')).toBe(Date.UTC(2026, 2, 1, 10));
    expect(parseReportDate('"2026-03-01T10:00:00"')).toBe(Date.UTC(2026, 2, 1, 10));
    expect(parseReportDate('2026-03-01T10:00:00+02:00')).toBe(Date.UTC(2026, 2, 1, 8));
    expect(parseReportDate('1772359200')).toBe(1772359200_000);
    expect(parseReportDate('2026-13-01')).toBeNull();
    expect(parseReportDate('yesterday')).toBeNull();
  });

  it('folds usage rows into one row per day and country, statuses apart, voice left out', () => {
    const row = (day: string, country: string, status: string, messages: number, service = 'Sms') => ({
      day,
      service,
      country,
      status,
      messages,
      parts: messages * 2,
      price_micros: messages * 1000,
    });
    const rows = foldUsage([
      row('2026-03-02', 'GR', 'Delivered', 3),
      row('2026-03-01', 'GR', 'Queued', 1),
      row('2026-03-01', 'GR', 'Delivered', 2),
      row('2026-03-01', 'FR', 'Failed', 1),
      row('2026-03-01', 'GR', 'Answered', 5, 'Voice'),
    ]);
    expect(rows.map((r) => [r.day, r.country, r.mcc, r.messages, r.parts, r.priceMicros])).toEqual([
      ['2026-03-01', 'FR', '208', 1, 2, 1000],
      ['2026-03-01', 'GR', '202', 3, 6, 3000],
      ['2026-03-02', 'GR', '202', 3, 6, 3000],
    ]);
    expect(rows[1]!.byStatus).toEqual({
      Queued: 1,
      Sent: 0,
      Delivered: 2,
      Undelivered: 0,
      Failed: 0,
      Unsent: 0,
    });
    expect(foldUsage([row('2026-03-01', 'GR', 'Queued', 1)], { country: 'FR' })).toEqual([]);
    expect(foldUsage([row('2026-03-01', 'GR', 'Queued', 1)], { network: { mcc: '202', mnc: '01' } })).toEqual(
      [],
    );
  });
});

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`Routee reports API on ${sc.name}`, () => {
    let h: TestHerald;
    let token: string;
    let campaignId: string;
    const today = new Date().toISOString().slice(0, 10);
    const period = `startDate=${new Date(Date.now() - DAY).toISOString()}&endDate=${new Date(Date.now() + DAY).toISOString()}`;

    beforeAll(async () => {
      h = await startTestHerald(sc.name, { balance: 50 });
      token = await h.token();
      const send = (to: string, body = 'hello') =>
        h.call('POST', '/sms', { token, json: { from: 'Herald', to, body } });
      const gr1 = (await send('+306948000001')).body;
      await send('+306948000002');
      await send('+33612345678', 'x'.repeat(200));
      // One Greek message delivered, as a receipt would leave it.
      await h.store.db
        .updateTable('messages')
        .set({ status: 'Delivered' })
        .where('id', '=', gr1.trackingId)
        .execute();
      const campaign = await h.call('POST', '/sms/campaign', {
        token,
        json: { from: 'Herald', body: 'sale', to: ['+306948000010', '+306948000011', '+447400123456'] },
      });
      expect(campaign.status).toBe(200);
      campaignId = campaign.body.trackingId;
      // Another account's traffic, never in this account's reports.
      const other = await h.newAccount({ name: 'other' });
      const otherToken = await h.token(other);
      await h.call('POST', '/sms', {
        token: otherToken,
        json: { from: 'Herald', to: '+306948000099', body: 'x' },
      });
    });
    afterAll(async () => {
      await h?.close();
    });

    it('GET /reports/my/volPrice: one row per day and country with counts, price and parts', async () => {
      const res = await h.call('GET', `/reports/my/volPrice?${period}`, { token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual([
        expect.objectContaining({
          mcc: '208',
          country: 'FR',
          count: 1,
          parts: 2,
          price: 0.09,
          queuedCount: 1,
        }),
        {
          startDateTime: `${today}T00:00:00.000Z`,
          timeGrouping: 'DAY',
          mcc: '234',
          mnc: null,
          country: 'GB',
          operator: null,
          count: 1,
          price: 0.04,
          queuedCount: 1,
          sentCount: 0,
          deliveredCount: 0,
          undeliveredCount: 0,
          failedCount: 0,
          unsentCount: 0,
          parts: 1,
        },
        expect.objectContaining({
          mcc: '202',
          country: 'GR',
          count: 4,
          parts: 4,
          price: 0.168,
          queuedCount: 3,
          deliveredCount: 1,
        }),
      ]);
      // The same report under the breakdown path.
      expect((await h.call('GET', `/reports/my/breakdown?${period}`, { token })).body).toEqual(res.body);
    });

    it('per country (mcc or ISO code), per network (none attributed), per campaign', async () => {
      const gr = await h.call('GET', `/reports/my/volPrice/perMcc?${period}&mcc=202`, { token });
      expect(gr.body.map((r: { country: string; count: number }) => [r.country, r.count])).toEqual([
        ['GR', 4],
      ]);
      const fr = await h.call('GET', `/reports/my/breakdown/perCountry?${period}&countryCode=fr`, { token });
      expect(fr.body.map((r: { country: string; count: number }) => [r.country, r.count])).toEqual([
        ['FR', 1],
      ]);
      const net = await h.call('GET', `/reports/my/volPrice/perMccMnc?${period}&mcc=202&mnc=01`, { token });
      expect(net.status).toBe(200);
      expect(net.body).toEqual([]);
      const camp = await h.call('GET', `/reports/my/volPrice/perCampaign?campaignId=${campaignId}`, {
        token,
      });
      expect(camp.body.map((r: { country: string; count: number }) => [r.country, r.count])).toEqual([
        ['GB', 1],
        ['GR', 2],
      ]);
      expect(
        (await h.call('GET', `/reports/my/breakdown/perCampaign?campaignId=${campaignId}`, { token })).body,
      ).toEqual(camp.body);
    });

    it('takes the .NET SDK quoted dates and plain days; a period without traffic is empty', async () => {
      const quoted = encodeURIComponent(`"${today}T00:00:00"`);
      const res = await h.call('GET', `/reports/my/volPrice?startDate=${quoted}&endDate=${quoted}`, {
        token,
      });
      expect(res.status).toBe(200);
      expect(res.body).toHaveLength(3);
      const empty = await h.call('GET', '/reports/my/volPrice?startDate=2020-01-01&endDate=2020-01-31', {
        token,
      });
      expect(empty.body).toEqual([]);
    });

    it('refuses bad input in the Routee envelope, wrong scope 403, unknown campaign 404', async () => {
      const missing = await h.call('GET', '/reports/my/volPrice', { token });
      expect(missing.status).toBe(400);
      expect(missing.body).toMatchObject({ code: '400000000' });
      expect(Object.keys(missing.body.properties).sort()).toEqual(['endDate', 'startDate']);
      const reversed = await h.call('GET', '/reports/my/volPrice?startDate=2026-03-05&endDate=2026-03-01', {
        token,
      });
      expect(reversed.status).toBe(400);
      expect(reversed.body.properties.startDate).toMatch(/after endDate/);
      const tooLong = await h.call('GET', '/reports/my/volPrice?startDate=2020-01-01&endDate=2026-01-01', {
        token,
      });
      expect(tooLong.status).toBe(400);
      const badMcc = await h.call('GET', `/reports/my/volPrice/perMcc?${period}&mcc=99`, { token });
      expect(badMcc.status).toBe(400);
      expect(badMcc.body.properties.mcc).toBeDefined();
      const unknownMcc = await h.call('GET', `/reports/my/volPrice/perMcc?${period}&mcc=999`, { token });
      expect(unknownMcc.status).toBe(400);
      const noCampaign = await h.call('GET', '/reports/my/volPrice/perCampaign?campaignId=nope', { token });
      expect(noCampaign.status).toBe(404);
      const smsOnly = await h.token(h.account, 'sms');
      expect((await h.call('GET', `/reports/my/volPrice?${period}`, { token: smsOnly })).status).toBe(403);
      expect((await h.call('GET', `/reports/my/volPrice?${period}`)).status).toBe(401);
    });
  });
}
