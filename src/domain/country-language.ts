/**
 * The language a handset of a country is written to in (ISO 639-1), for messages Herald writes on an
 * account's behalf in several languages (the opt-out confirmation). The main language of each
 * country where one language covers most of its people; English elsewhere.
 */
import { LANGUAGE_OF } from './country-language-table.js';

export function languageOfCountry(country: string): string {
  return LANGUAGE_OF[country.toUpperCase()] ?? 'en';
}

/**
 * The text for a handset of `country` among texts by language: its country's language, else
 * 'default', else English; undefined when none applies.
 */
export function textForCountry(texts: Readonly<Record<string, string>>, country: string): string | undefined {
  return texts[languageOfCountry(country)] ?? texts.default ?? texts.en;
}
