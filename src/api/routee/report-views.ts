/** Routee's volume-and-price report rows (`ReportResult` in its SDKs) from Herald's report rows. */
import { fromMicros } from '../../domain/money.js';
import type { VolumePriceRow } from '../../services/volume-price-report.js';

export function volumePriceView(r: VolumePriceRow) {
  return {
    startDateTime: `${r.day}T00:00:00.000Z`,
    timeGrouping: 'DAY',
    mcc: r.mcc,
    mnc: null,
    country: r.country,
    operator: null,
    count: r.messages,
    price: fromMicros(r.priceMicros),
    queuedCount: r.byStatus.Queued,
    sentCount: r.byStatus.Sent,
    deliveredCount: r.byStatus.Delivered,
    undeliveredCount: r.byStatus.Undelivered,
    failedCount: r.byStatus.Failed,
    unsentCount: r.byStatus.Unsent,
    // Herald extension: the parts the messages took (what is charged).
    parts: r.parts,
  };
}
