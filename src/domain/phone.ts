/**
 * Phone numbers: normalisation to E.164, validation, country (ISO 3166-1 alpha-2), number type and
 * the IANA time zones of the number. Pure: the time-zone prefix table is passed in.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { numberTypeOf, parseInternational } from './phone-metadata.js';

export type { NumberType } from './phone-metadata.js';
import type { NumberType } from './phone-metadata.js';

export interface PhoneNumberInfo {
  /** E.164 with the leading '+'. */
  e164: string;
  /** ISO 3166-1 alpha-2; '001' style non-geographic numbers get 'XX'. */
  country: string;
  type: NumberType;
  /** IANA zones for the number's prefix, most specific prefix wins; empty when unknown. */
  timezones: string[];
}

/** Longest-prefix lookup from E.164 digits (no '+') to IANA zones. */
export interface TimezoneIndex {
  lookup(digits: string): readonly string[];
}

export const EMPTY_TIMEZONE_INDEX: TimezoneIndex = { lookup: () => [] };

/** Builds an index from a prefix → zones map (zones already normalised). */
export function createTimezoneIndex(entries: Iterable<readonly [string, readonly string[]]>): TimezoneIndex {
  const map = new Map<string, readonly string[]>();
  let maxLength = 0;
  for (const [prefix, zones] of entries) {
    map.set(prefix, zones);
    if (prefix.length > maxLength) maxLength = prefix.length;
  }
  return {
    lookup(digits: string): readonly string[] {
      for (let len = Math.min(maxLength, digits.length); len > 0; len--) {
        const zones = map.get(digits.slice(0, len));
        if (zones !== undefined) return zones;
      }
      return [];
    },
  };
}

const LEGACY_ZONES: Record<string, string> = {
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Asia/Rangoon': 'Asia/Yangon',
  'Europe/Kiev': 'Europe/Kyiv',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
};

/** Maps legacy zone names to their current ones and drops libphonenumber's 'Etc/Unknown'. */
export function normaliseZones(zones: readonly string[]): string[] {
  const out: string[] = [];
  for (const z of zones) {
    if (z === 'Etc/Unknown' || z === '') continue;
    const name = LEGACY_ZONES[z] ?? z;
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

/**
 * Cleans what clients send as a number: spaces, dots, dashes and brackets go, a leading 00 becomes
 * '+', and a number without '+' is taken as international (Routee normalises 9197… to +9197…).
 * Returns null when what is left is not '+' followed by digits.
 */
export function normaliseNumberInput(raw: string): string | null {
  let s = raw.trim().replace(/[\s.\-()/]/g, '');
  if (s.startsWith('00')) s = `+${s.slice(2)}`;
  else if (!s.startsWith('+')) s = `+${s}`;
  return /^\+[1-9]\d{5,14}$/.test(s) ? s : null;
}

/** Parses and validates a number; null when it is not a valid number of any country. */
export function analysePhone(raw: string, tz: TimezoneIndex = EMPTY_TIMEZONE_INDEX): PhoneNumberInfo | null {
  const candidate = normaliseNumberInput(raw);
  if (candidate === null) return null;
  const parsed = parseInternational(candidate) ?? parsePhoneNumberFromString(candidate);
  if (!parsed) return null;
  // With the full metadata, isValid() is "getType() is defined": one type match instead of two.
  const type = numberTypeOf(parsed.country ?? parsed.countryCallingCode, parsed.nationalNumber);
  if (type === undefined) return null;
  const e164 = `+${parsed.countryCallingCode}${parsed.nationalNumber}`;
  return {
    e164,
    country: parsed.country ?? 'XX',
    type,
    timezones: [...tz.lookup(e164.slice(1))],
  };
}

/** Types that can receive an SMS. North American numbers are always FIXED_LINE_OR_MOBILE offline. */
const SMS_CAPABLE: ReadonlySet<NumberType> = new Set<NumberType>([
  'MOBILE',
  'FIXED_LINE_OR_MOBILE',
  'PERSONAL_NUMBER',
  'VOIP',
  'UNKNOWN',
]);

export function canReceiveSms(info: PhoneNumberInfo): boolean {
  return SMS_CAPABLE.has(info.type);
}
