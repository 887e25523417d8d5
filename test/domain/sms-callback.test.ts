// When a message's receiver is called and a message's status from its parts (docs/delivery.md): the
// least advanced while a part is open, then Delivered only if every part is, else the worst (Failed >
// Network Error > Unsent > Undelivered). The payloads are the faces' (test/api/*/callbacks.test.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aggregateStatus,
  FINAL_SMS_STATUSES,
  ON_MESSAGE_COMPLETION,
  shouldSendSmsCallback,
} from '../../src/domain/sms-callback.js';

describe('which statuses call back', () => {
  it('per part, OnChange: every status; OnCompletion: final ones; none without a strategy or per message', () => {
    expect([...FINAL_SMS_STATUSES].sort()).toEqual([
      'Delivered',
      'Failed',
      'Network Error',
      'Undelivered',
      'Unsent',
    ]);
    for (const s of ['Queued', 'Sent', 'Delivered']) expect(shouldSendSmsCallback('OnChange', s)).toBe(true);
    expect(shouldSendSmsCallback('OnCompletion', 'Sent')).toBe(false);
    expect(shouldSendSmsCallback('OnCompletion', 'Queued')).toBe(false);
    expect(shouldSendSmsCallback('OnCompletion', 'Undelivered')).toBe(true);
    // Per message, not per part: the state writer calls back once the whole message is final.
    for (const s of ['Queued', 'Sent', 'Delivered', 'Undelivered'])
      expect(shouldSendSmsCallback(ON_MESSAGE_COMPLETION, s)).toBe(false);
    expect(shouldSendSmsCallback(null, 'Delivered')).toBe(false);
    expect(shouldSendSmsCallback('Whatever', 'Delivered')).toBe(false);
  });
});

describe("a message's status from its parts", () => {
  const p = (status: string, detailedStatus: string | null = null) => ({ status, detailedStatus });

  it('is the least advanced while a part is open', () => {
    expect(aggregateStatus([p('Queued'), p('Sent')])).toEqual({ status: 'Queued', detailedStatus: null });
    expect(aggregateStatus([p('Sent'), p('Delivered', 'Delivered')])).toEqual({
      status: 'Sent',
      detailedStatus: null,
    });
    expect(aggregateStatus([p('Failed', 'Carrier Violation'), p('Queued')])).toEqual({
      status: 'Queued',
      detailedStatus: null,
    });
  });

  it('is Delivered only when every part is', () => {
    expect(aggregateStatus([p('Delivered', 'Delivered'), p('Delivered', 'Delivered')])).toEqual({
      status: 'Delivered',
      detailedStatus: 'Delivered',
    });
  });

  it('is the worst final status, with that part detailed status', () => {
    const all = [
      p('Delivered', 'Delivered'),
      p('Undelivered', 'Expired'),
      p('Unsent'),
      p('Network Error', 'Expired'),
      p('Failed', 'Unknown Number'),
    ];
    expect(aggregateStatus(all)).toEqual({ status: 'Failed', detailedStatus: 'Unknown Number' });
    expect(aggregateStatus(all.slice(0, 4))).toEqual({ status: 'Network Error', detailedStatus: 'Expired' });
    expect(aggregateStatus(all.slice(0, 3))).toEqual({ status: 'Unsent', detailedStatus: null });
    expect(aggregateStatus(all.slice(0, 2))).toEqual({ status: 'Undelivered', detailedStatus: 'Expired' });
    // The first part with the worst status gives the detailed status.
    expect(aggregateStatus([p('Undelivered', 'Roaming'), p('Undelivered', 'Expired')]).detailedStatus).toBe(
      'Roaming',
    );
  });
});

describe("a message's status from its parts (properties)", () => {
  const statuses = ['Queued', 'Sent', 'Delivered', 'Undelivered', 'Failed', 'Unsent', 'Network Error'];
  const SEVERITY = ['Delivered', 'Undelivered', 'Unsent', 'Network Error', 'Failed'];
  const parts = fc.array(
    fc.record({
      status: fc.constantFrom(...statuses),
      detailedStatus: fc.option(fc.constantFrom('Delivered', 'Expired', 'Roaming', 'Unknown Number'), {
        nil: null,
      }),
    }),
    { minLength: 1, maxLength: 8 },
  );

  it('does not depend on the order of the parts (but for which detailed status of the worst)', () => {
    fc.assert(
      fc.property(parts, fc.nat(), (ps, seed) => {
        const k = seed % ps.length;
        const shuffled = [...ps.slice(k), ...ps.slice(0, k)].reverse();
        expect(aggregateStatus(shuffled).status).toBe(aggregateStatus(ps).status);
      }),
    );
  });

  it('is final exactly when every part is, and then the most severe of them', () => {
    fc.assert(
      fc.property(parts, (ps) => {
        const { status, detailedStatus } = aggregateStatus(ps);
        const allFinal = ps.every((x) => FINAL_SMS_STATUSES.has(x.status));
        expect(FINAL_SMS_STATUSES.has(status)).toBe(allFinal);
        if (!allFinal) {
          expect(status).toBe(ps.some((x) => x.status === 'Queued') ? 'Queued' : 'Sent');
          expect(detailedStatus).toBeNull();
          return;
        }
        const worst = Math.max(...ps.map((x) => SEVERITY.indexOf(x.status)));
        expect(status).toBe(SEVERITY[worst]);
        if (status === 'Delivered') expect(detailedStatus).toBe('Delivered');
        else expect(detailedStatus).toBe(ps.find((x) => x.status === status)!.detailedStatus);
      }),
    );
  });

  it('of one part is that part', () => {
    fc.assert(
      fc.property(parts, (ps) => {
        const one = ps[0]!;
        const got = aggregateStatus([one]);
        expect(got.status).toBe(one.status);
      }),
    );
  });
});

describe('the per-message strategy as stored', () => {
  it('keeps the name that migration 016 writes into stored messages', () => {
    // Messages carry it in their callback_strategy column: renaming it would strand stored messages.
    expect(ON_MESSAGE_COMPLETION).toBe('OnMessageCompletion');
  });
});
