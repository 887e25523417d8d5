/**
 * Routee's GET /sms/quietHours/countries/{language}: the countries and whether quiet hours can be
 * honoured there. Herald resolves each number's own time zone, so every country with time-zone data
 * is supported, including those with several zones.
 */
import { knownCountries } from '../domain/mcc.js';
import { getCountryCallingCode, type CountryCode } from 'libphonenumber-js/max';
import { validationError } from './errors.js';

function displayNames(language: string): Intl.DisplayNames {
  try {
    return new Intl.DisplayNames([language], { type: 'region', fallback: 'code' });
  } catch {
    throw validationError({ language: 'must be an ISO 639-1 language code' });
  }
}

export function quietHoursCountries(language: string) {
  if (!/^[a-z]{2}$/i.test(language))
    throw validationError({ language: 'must be an ISO 639-1 language code' });
  const english = displayNames('en');
  const local = displayNames(language.toLowerCase());
  return knownCountries()
    .sort()
    .map((code) => {
      let supported: boolean;
      try {
        supported = getCountryCallingCode(code as CountryCode).length > 0;
      } catch {
        supported = false;
      }
      return {
        code,
        name: english.of(code) ?? code,
        localeName: local.of(code) ?? code,
        supported,
      };
    });
}
