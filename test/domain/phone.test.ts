import { describe, expect, it } from 'vitest';
import { analysePhone, canReceiveSms, normaliseNumberInput } from '../../src/domain/phone.js';
import { isValidSender, senderKind } from '../../src/domain/sender.js';
import { timezoneIndex } from '../../src/reference-data/timezones.js';

const tz = timezoneIndex();

describe('phone numbers', () => {
  it('validates E.164 numbers and gives country, type and time zone', () => {
    expect(analysePhone('+306948530920', tz)).toEqual({
      e164: '+306948530920',
      country: 'GR',
      type: 'MOBILE',
      timezones: ['Europe/Athens'],
    });
  });

  it('normalises what clients send: no plus, 00 prefix, spaces and dashes', () => {
    expect(normaliseNumberInput('919787136232')).toBe('+919787136232');
    expect(normaliseNumberInput('0030 694-853-0920')).toBe('+306948530920');
    expect(normaliseNumberInput('+33 (6) 12 34 56 78')).toBe('+33612345678');
    expect(normaliseNumberInput('hello')).toBeNull();
    expect(analysePhone('919787136232', tz)?.country).toBe('IN');
  });

  it('gives per-area time zones in countries with several, and normalises legacy names', () => {
    expect(analysePhone('+12125551234', tz)?.timezones).toEqual(['America/New_York']);
    expect(analysePhone('+13105551234', tz)?.timezones).toEqual(['America/Los_Angeles']);
    expect(analysePhone('+919787136232', tz)?.timezones).toEqual(['Asia/Kolkata']);
    expect(analysePhone('+79161234567', tz)?.country).toBe('RU');
  });

  it('rejects invalid numbers and knows which types take an SMS', () => {
    expect(analysePhone('+30694', tz)).toBeNull();
    expect(analysePhone('+3069485309201234', tz)).toBeNull();
    const fixed = analysePhone('+302101234567', tz)!;
    expect(fixed.type).toBe('FIXED_LINE');
    expect(canReceiveSms(fixed)).toBe(false);
    expect(canReceiveSms(analysePhone('+14155552671', tz)!)).toBe(true); // FIXED_LINE_OR_MOBILE
  });
});

describe('numbers of no country', () => {
  it('marks global numbers (+800 freephone, +882 networks) with country XX and no zones', () => {
    expect(analysePhone('+80012345678')).toMatchObject({
      e164: '+80012345678',
      country: 'XX',
      timezones: [],
    });
    expect(analysePhone('+88213100000')?.country).toBe('XX');
  });
});

describe('sender ids', () => {
  it('accepts numeric senders up to 16 digits without + and alphanumeric up to 11', () => {
    expect(senderKind('447123123456')).toBe('numeric');
    expect(senderKind('1234567890123456')).toBe('numeric');
    expect(isValidSender('12345678901234567')).toBe(false);
    expect(isValidSender('+447123123456')).toBe(false);
    expect(senderKind('amdTelecom')).toBe('alphanumeric');
    expect(senderKind('Herald 2026')).toBe('alphanumeric');
    expect(isValidSender('HeraldGateway')).toBe(false);
    expect(isValidSender('')).toBe(false);
    expect(isValidSender('bad<sender>')).toBe(false);
  });
});
