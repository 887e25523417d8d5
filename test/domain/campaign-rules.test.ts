import { describe, expect, it } from 'vitest';
import {
  campaignStateOf,
  isValidCampaignName,
  OPEN_CAMPAIGN_STATES,
  progressFifths,
  statusCounts,
  statesOnTheWay,
} from '../../src/domain/campaign.js';
import { CsvError, detectSeparator, readCsv } from '../../src/domain/csv.js';
import { labelsUsed, personalise } from '../../src/domain/personalize.js';
import { isOptOut } from '../../src/domain/opt-out.js';
import {
  DEFAULT_QUIET_WINDOWS,
  formatQuietWindow,
  parseQuietWindow,
  quietHoursRelease,
  releaseInZone,
} from '../../src/domain/quiet-hours.js';
import {
  base62,
  findLinks,
  fromBase62,
  replaceLinks,
  splitRecipientCode,
} from '../../src/domain/short-links.js';

describe('quiet hours', () => {
  const at = (iso: string) => Date.parse(iso);

  it('holds a message sent at 03:00 in Athens until 08:00 Athens (06:00 UTC in winter)', () => {
    expect(releaseInZone(at('2026-11-23T01:00:00Z'), 'Europe/Athens', DEFAULT_QUIET_WINDOWS)).toBe(
      at('2026-11-23T06:00:00Z'),
    );
  });

  it('lets a message through outside the windows, and holds the afternoon window until 17:00', () => {
    expect(releaseInZone(at('2026-11-23T09:30:00Z'), 'Europe/Athens', DEFAULT_QUIET_WINDOWS)).toBe(
      at('2026-11-23T09:30:00Z'),
    );
    expect(releaseInZone(at('2026-11-23T12:10:30Z'), 'Europe/Athens', DEFAULT_QUIET_WINDOWS)).toBe(
      at('2026-11-23T15:00:00Z'),
    );
  });

  it('chains windows that touch', () => {
    const windows = [parseQuietWindow('23:00-08:00')!, parseQuietWindow('08:00-09:30')!];
    expect(releaseInZone(at('2026-11-23T23:30:00Z'), 'UTC', windows)).toBe(at('2026-11-24T09:30:00Z'));
  });

  it('uses the latest-ending window when a number has several zones', () => {
    // 13:00 UTC: 08:00 in New York (free) but 05:00 in Los Angeles (quiet until 08:00 LA = 16:00 UTC).
    const t = at('2026-11-23T13:00:00Z');
    expect(quietHoursRelease(t, ['America/New_York'], DEFAULT_QUIET_WINDOWS)).toBe(t);
    expect(quietHoursRelease(t, ['America/New_York', 'America/Los_Angeles'], DEFAULT_QUIET_WINDOWS)).toBe(
      at('2026-11-23T16:00:00Z'),
    );
  });

  it('does not hold numbers without a known zone, and parses windows strictly', () => {
    expect(quietHoursRelease(123, [], DEFAULT_QUIET_WINDOWS)).toBe(123);
    expect(parseQuietWindow('25:00-08:00')).toBeNull();
    expect(parseQuietWindow('08:00-08:00')).toBeNull();
    expect(parseQuietWindow('8:05-9:10')).toEqual({ startMinute: 485, endMinute: 550 });
  });
});

describe('personalisation', () => {
  it('fills labels from values, then fallbacks, then nothing', () => {
    const body = 'Hi [~firstName] [~lastName], code [~code]';
    expect(labelsUsed(body)).toEqual(['firstName', 'lastName', 'code']);
    expect(personalise(body, { firstName: 'Ann', lastName: '' }, { lastName: 'K', code: '42' })).toBe(
      'Hi Ann K, code 42',
    );
    expect(personalise(body, {}, {})).toBe('Hi  , code ');
    expect(personalise('no labels [~ x] [x]', { x: 'y' }, {})).toBe('no labels [~ x] [x]');
  });
});

describe('short links', () => {
  it('finds links up to the next whitespace, punctuation included', () => {
    expect(
      findLinks('Go to https://a.example/x?y=1, or http://b.example. Bye https://a.example/x?y=1,'),
    ).toEqual(['https://a.example/x?y=1,', 'http://b.example.']);
    expect(replaceLinks('see http://x.example/a now', () => 'S')).toBe('see S now');
  });

  it('encodes recipient positions in base 62', () => {
    for (const n of [0, 1, 61, 62, 3843, 100_000, 2 ** 40]) expect(fromBase62(base62(n))).toBe(n);
    expect(splitRecipientCode('abcdefg')).toEqual({ linkCode: 'abcdefg', seq: null });
    expect(splitRecipientCode('abcdefg1Z')).toEqual({ linkCode: 'abcdefg', seq: 62 + 61 });
    expect(splitRecipientCode('abc')).toBeNull();
    expect(splitRecipientCode('abcdefg-!')).toBeNull();
  });
});

describe('campaign rules', () => {
  it('validates names as documented', () => {
    expect(isValidCampaignName('Spring sale-1')).toBe(true);
    expect(isValidCampaignName('x')).toBe(false);
    expect(isValidCampaignName('a'.repeat(31))).toBe(false);
    expect(isValidCampaignName('sale_2')).toBe(false);
    expect(isValidCampaignName('Πώληση')).toBe(false);
  });

  it('derives the state from the status counts', () => {
    const c = (o: Record<string, number>) =>
      statusCounts(Object.entries(o).map(([status, n]) => ({ status, n })));
    expect(campaignStateOf(c({ Queued: 3 }), 3)).toBe('Queued');
    expect(campaignStateOf(c({ Queued: 2, Sent: 1 }), 3)).toBe('Running');
    expect(campaignStateOf(c({ Sent: 2, Delivered: 1 }), 3)).toBe('Sent');
    expect(campaignStateOf(c({ Delivered: 2, Undelivered: 1 }), 3)).toBe('Finished');
    expect(campaignStateOf(c({ Failed: 2, Unsent: 1 }), 3)).toBe('Failed');
    expect(progressFifths(c({ Delivered: 4, Queued: 6 }), 10)).toBe(2);
  });
});

describe('CSV reader', () => {
  it('reads quoted fields, escaped quotes, embedded newlines and both separators', () => {
    const rows = [...readCsv('a;b\r\n"x;1";"say ""hi""\nthere"\n\n3;4')];
    expect(rows).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x;1', 'say "hi"\nthere'] },
      { line: 5, fields: ['3', '4'] },
    ]);
    expect([...readCsv('\ufeffmobile,name\n1,2')][0]!.fields).toEqual(['mobile', 'name']);
    expect(() => [...readCsv('a,b\n"open,2')]).toThrow(CsvError);
    // A blank line is skipped; a line whose first field is empty is a record.
    expect([...readCsv('mobile,name\n,Ann\n \n+306900000000,\n')].map((r) => r.fields)).toEqual([
      ['mobile', 'name'],
      ['', 'Ann'],
      ['+306900000000', ''],
    ]);
  });
});

describe('statesOnTheWay', () => {
  it('names every state passed between two looks, in order, ending with the current one', () => {
    expect(statesOnTheWay('Queued', 'Finished', 3)).toEqual(['Running', 'Sent', 'Finished']);
    expect(statesOnTheWay('Scheduled', 'Finished', 3)).toEqual(['Queued', 'Running', 'Sent', 'Finished']);
    expect(statesOnTheWay('Scheduled', 'Running', 3)).toEqual(['Queued', 'Running']);
    expect(statesOnTheWay('Running', 'Sent', 3)).toEqual(['Sent']);
    expect(statesOnTheWay('Sent', 'Finished', 3)).toEqual(['Finished']);
  });
  it('leaves out the states a campaign cannot have been in', () => {
    // One message is never half sent.
    expect(statesOnTheWay('Queued', 'Finished', 1)).toEqual(['Sent', 'Finished']);
    // Failed: nothing reached the operator.
    expect(statesOnTheWay('Queued', 'Failed', 4)).toEqual(['Running', 'Failed']);
    expect(statesOnTheWay('Queued', 'Failed', 1)).toEqual(['Failed']);
    expect(statesOnTheWay('Sent', 'Sent', 2)).toEqual([]);
  });
});

describe('boundaries of the rules', () => {
  it('holds a message due exactly when a quiet window starts, and not one due exactly when it ends', () => {
    // Athens in winter is UTC+2: 23:00 local is 21:00Z, 08:00 local is 06:00Z; 14:00–17:00 is 12:00–15:00Z.
    const at = (iso: string) => Date.parse(iso);
    const zones = ['Europe/Athens'];
    expect(quietHoursRelease(at('2026-12-03T21:00:00Z'), zones, DEFAULT_QUIET_WINDOWS)).toBe(
      at('2026-12-04T06:00:00Z'),
    );
    expect(quietHoursRelease(at('2026-12-03T20:59:59Z'), zones, DEFAULT_QUIET_WINDOWS)).toBe(
      at('2026-12-03T20:59:59Z'),
    );
    expect(quietHoursRelease(at('2026-12-04T06:00:00Z'), zones, DEFAULT_QUIET_WINDOWS)).toBe(
      at('2026-12-04T06:00:00Z'),
    );
    expect(quietHoursRelease(at('2026-12-04T12:00:00Z'), zones, DEFAULT_QUIET_WINDOWS)).toBe(
      at('2026-12-04T15:00:00Z'),
    );
    expect(quietHoursRelease(at('2026-12-04T15:00:00Z'), zones, DEFAULT_QUIET_WINDOWS)).toBe(
      at('2026-12-04T15:00:00Z'),
    );
    // Inside the end minute itself the window is over: the message keeps its own second.
    expect(quietHoursRelease(at('2026-12-04T15:00:30Z'), zones, DEFAULT_QUIET_WINDOWS)).toBe(
      at('2026-12-04T15:00:30Z'),
    );
    expect(quietHoursRelease(at('2026-12-04T06:00:45Z'), zones, DEFAULT_QUIET_WINDOWS)).toBe(
      at('2026-12-04T06:00:45Z'),
    );
    expect(releaseInZone(at('2026-12-04T15:00:30Z'), 'Europe/Athens', DEFAULT_QUIET_WINDOWS)).toBe(
      at('2026-12-04T15:00:30Z'),
    );
  });

  it('counts STOP as an opt-out only as a word of its own', () => {
    for (const text of ['STOP', 'stop', ' Stop ', 'STOP au 36200', 'stop.', 'STOP!', 'Stop please'])
      expect([text, isOptOut(text)]).toEqual([text, true]);
    for (const text of ['STOPPED', 'stopper', 'Stop2', 'STOPSTOP', 'Please stop', 'NONSTOP', ''])
      expect([text, isOptOut(text)]).toEqual([text, false]);
    expect(isOptOut('ARRET', ['ARRET'])).toBe(true);
    expect(isOptOut('ARRETE', ['ARRET'])).toBe(false);
  });
});

describe('quiet windows, edges', () => {
  it('reads "HH:MM-HH:MM" with spaces around the times, and nothing else', () => {
    expect(parseQuietWindow(' 23:00 - 08:00 ')).toEqual({ startMinute: 1380, endMinute: 480 });
    expect(parseQuietWindow('9:05-9:06')).toEqual({ startMinute: 545, endMinute: 546 });
    for (const bad of [
      '23:000-08:00',
      '23:00-08:001',
      '24:00-08:00',
      '23:60-08:00',
      '23:00',
      '08:00-08:00',
      '',
    ])
      expect(parseQuietWindow(bad), bad).toBeNull();
  });

  it('writes a window back as HH:MM-HH:MM', () => {
    expect(formatQuietWindow({ startMinute: 1380, endMinute: 480 })).toBe('23:00-08:00');
    expect(formatQuietWindow({ startMinute: 5, endMinute: 1439 })).toBe('00:05-23:59');
  });

  it("a window's end minute is outside it", () => {
    const afternoon = [{ startMinute: 14 * 60, endMinute: 17 * 60 }];
    const fivePm = Date.parse('2026-07-01T17:00:00Z');
    expect(releaseInZone(fivePm, 'UTC', afternoon)).toBe(fivePm);
    expect(releaseInZone(fivePm - 60_000, 'UTC', afternoon)).toBe(fivePm);
  });

  it('a day covered by windows end to end does not hold a message forever', () => {
    const allDay = [
      { startMinute: 0, endMinute: 720 },
      { startMinute: 720, endMinute: 0 },
    ];
    const t = Date.parse('2026-07-01T09:30:00Z');
    const release = releaseInZone(t, 'UTC', allDay);
    expect(release).toBeGreaterThan(t);
    expect(release - t).toBeLessThanOrEqual(2 * 86_400_000);
  });
});

describe('campaign states, edges', () => {
  const counts = (c: Partial<Record<string, number>>) =>
    statusCounts(Object.entries(c).map(([status, n]) => ({ status, n: n! })));

  it('counts only the known statuses', () => {
    const c = statusCounts([
      { status: 'Delivered', n: 2 },
      { status: 'Weird', n: 5 },
      { status: 'Delivered', n: 1 },
    ]);
    expect(c.Delivered).toBe(3);
    expect('Weird' in c).toBe(false);
  });

  it('knows which states are open', () => {
    expect(OPEN_CAMPAIGN_STATES).toEqual(['Scheduled', 'Queued', 'Running', 'Sent']);
  });

  it('fails a campaign whose every message failed, went unsent or hit a network error', () => {
    expect(campaignStateOf(counts({ 'Network Error': 3 }), 3)).toBe('Failed');
    expect(campaignStateOf(counts({ Failed: 1, Unsent: 1, 'Network Error': 1 }), 3)).toBe('Failed');
    expect(campaignStateOf(counts({ Failed: 2, 'Network Error': 1, Delivered: 1 }), 4)).toBe('Finished');
  });

  it('an empty campaign is Queued, and complete in progress', () => {
    expect(campaignStateOf(counts({}), 0)).toBe('Queued');
    expect(progressFifths(counts({}), 0)).toBe(5);
  });

  it('a state reached from a final one, or backwards, is reported alone', () => {
    expect(statesOnTheWay('Finished', 'Running', 5)).toEqual(['Running']);
    expect(statesOnTheWay('Sent', 'Queued', 5)).toEqual(['Queued']);
    expect(statesOnTheWay('Running', 'Queued', 5)).toEqual(['Queued']);
    expect(statesOnTheWay('Queued', 'Queued', 5)).toEqual([]);
  });
});

describe('CSV reader, edges (RFC 4180 and what spreadsheets write)', () => {
  const rows = (text: string) => [...readCsv(text)].map((r) => [r.line, r.fields]);

  it('detects the separator from the header line alone; a tie is a comma', () => {
    expect(detectSeparator('a;b;c')).toBe(';');
    expect(detectSeparator('a;b,c')).toBe(',');
    expect(detectSeparator('mobile')).toBe(',');
    expect(rows('a;b\nx,y,z,w,v;1')).toEqual([
      [1, ['a', 'b']],
      [2, ['x,y,z,w,v', '1']],
    ]);
    expect(rows('a,b\r\n1;2;3;4,5')).toEqual([
      [1, ['a', 'b']],
      [2, ['1;2;3;4', '5']],
    ]);
    expect(rows('a;b,')).toEqual([[1, ['a;b', '']]]);
  });

  it('reads single-column files, old Mac line ends, and skips lines of spaces', () => {
    expect(rows('mobile\n+306948530920\n+306948530921')).toEqual([
      [1, ['mobile']],
      [2, ['+306948530920']],
      [3, ['+306948530921']],
    ]);
    expect(rows('h\r1\r2')).toEqual([
      [1, ['h']],
      [2, ['1']],
      [3, ['2']],
    ]);
    expect(rows('a\n   \nb')).toEqual([
      [1, ['a']],
      [3, ['b']],
    ]);
  });

  it('a quote inside an unquoted field is a character', () => {
    expect(rows('x,a"b"')).toEqual([[1, ['x', 'a"b"']]]);
  });

  it('names the line where an unterminated quoted field starts', () => {
    let err: unknown;
    try {
      Array.from(readCsv('a,b\n1,2\n3,"open\nmore'));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CsvError);
    expect((err as CsvError).name).toBe('CsvError');
    expect((err as CsvError).line).toBe(3);
    expect((err as CsvError).message).toBe('unterminated quoted field (line 3)');
  });
});
