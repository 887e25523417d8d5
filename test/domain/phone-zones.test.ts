// Phone input clean-up and time zones: what clients type (spaces, dots, dashes, brackets, slashes,
// 00 or no prefix) becomes E.164 with 6–15 digits; zones come from the longest matching prefix, in
// their current IANA names, without libphonenumber's 'Etc/Unknown'.
import { describe, expect, it } from 'vitest';
import {
  analysePhone,
  createTimezoneIndex,
  EMPTY_TIMEZONE_INDEX,
  normaliseNumberInput,
  normaliseZones,
} from '../../src/domain/phone.js';

describe('number input', () => {
  it('drops every separator clients type', () => {
    expect(normaliseNumberInput(' +30 694.853-0920 ')).toBe('+306948530920');
    expect(normaliseNumberInput('+30/694/853/0920')).toBe('+306948530920');
    expect(normaliseNumberInput('(+30) 6948 530920')).toBe('+306948530920');
  });

  it('wants "+", a first digit 1–9 and 6 to 15 digits, nothing before or after', () => {
    expect(normaliseNumberInput('+123456')).toBe('+123456');
    expect(normaliseNumberInput('+12345')).toBeNull();
    expect(normaliseNumberInput('+123456789012345')).toBe('+123456789012345');
    expect(normaliseNumberInput('+1234567890123456')).toBeNull();
    expect(normaliseNumberInput('+0123456')).toBeNull();
    expect(normaliseNumberInput('x+306948530920')).toBeNull();
    expect(normaliseNumberInput('+306948530920x')).toBeNull();
    expect(normaliseNumberInput('++306948530920')).toBeNull();
  });
});

describe('time zones', () => {
  it('uses the longest prefix that matches, whatever order the table lists them in', () => {
    const index = createTimezoneIndex([
      ['1212', ['America/New_York']],
      ['1', ['America/Chicago', 'America/New_York']],
      ['30', ['Europe/Athens']],
    ]);
    expect(index.lookup('12125550100')).toEqual(['America/New_York']);
    expect(index.lookup('13125550100')).toEqual(['America/Chicago', 'America/New_York']);
    expect(index.lookup('306948530920')).toEqual(['Europe/Athens']);
    expect(index.lookup('1')).toEqual(['America/Chicago', 'America/New_York']);
    expect(index.lookup('44')).toEqual([]);
    expect(index.lookup('')).toEqual([]);
    expect(EMPTY_TIMEZONE_INDEX.lookup('306948530920')).toEqual([]);
  });

  it('renames legacy zones, drops unknown ones and keeps each once', () => {
    expect(
      normaliseZones([
        'Asia/Calcutta',
        'Asia/Katmandu',
        'Asia/Saigon',
        'Asia/Rangoon',
        'Europe/Kiev',
        'Atlantic/Faeroe',
        'America/Buenos_Aires',
        'Etc/Unknown',
        '',
        'Europe/Kyiv',
        'Europe/Athens',
      ]),
    ).toEqual([
      'Asia/Kolkata',
      'Asia/Kathmandu',
      'Asia/Ho_Chi_Minh',
      'Asia/Yangon',
      'Europe/Kyiv',
      'Atlantic/Faroe',
      'America/Argentina/Buenos_Aires',
      'Europe/Athens',
    ]);
  });

  it('a number analysed without a table has no zones', () => {
    expect(analysePhone('+306948530920')?.timezones).toEqual([]);
  });
});
