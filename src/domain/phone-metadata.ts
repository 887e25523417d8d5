/**
 * Reading numbers with libphonenumber-js's metadata and rules, faster than the library's own calls.
 * The library builds a RegExp from a pattern's text on every test and wraps the metadata in new
 * objects on every call; inside the server (where other code evicts V8's regexp cache) that made
 * number analysis about a tenth of the API thread's time per accepted message. Here each pattern is
 * compiled once. test/domain/phone-metadata.test.ts checks both functions against the library across
 * every country's example numbers, their neighbours and random numbers of every calling code.
 */
import { Metadata } from 'libphonenumber-js/core';
import metadataJson from 'libphonenumber-js/metadata.max.json';

/** The kinds of number libphonenumber tells apart. */
export type NumberType =
  | 'MOBILE'
  | 'FIXED_LINE'
  | 'FIXED_LINE_OR_MOBILE'
  | 'PREMIUM_RATE'
  | 'TOLL_FREE'
  | 'SHARED_COST'
  | 'VOIP'
  | 'PERSONAL_NUMBER'
  | 'PAGER'
  | 'UAN'
  | 'VOICEMAIL'
  | 'UNKNOWN';

interface TypeRule {
  /** Empty when the library dropped it as a duplicate of the fixed-line pattern. */
  pattern: string;
  test: RegExp;
  lengths: number[] | undefined;
}

interface NumberingPlanRules {
  national: RegExp;
  fixedLine: TypeRule | undefined;
  mobile: TypeRule | undefined;
  others: Array<[NumberType, TypeRule | undefined]>;
}

/** The types after FIXED_LINE, in the order the library tries them. */
const NON_FIXED_LINE_TYPES = [
  'MOBILE',
  'PREMIUM_RATE',
  'TOLL_FREE',
  'SHARED_COST',
  'VOIP',
  'PERSONAL_NUMBER',
  'PAGER',
  'UAN',
  'VOICEMAIL',
] as const satisfies readonly NumberType[];

const entirely = (pattern: string) => new RegExp(`^(?:${pattern})$`);

interface LibraryType {
  pattern(): string;
  possibleLengths(): number[] | undefined;
}

function rulesOf(planKey: string): NumberingPlanRules {
  const metadata = new Metadata(metadataJson);
  metadata.selectNumberingPlan(planKey as never);
  const typeOf = (type: NumberType): TypeRule | undefined => {
    const t = (metadata as unknown as { type(t: string): LibraryType | undefined }).type(type);
    if (!t) return undefined;
    const pattern = t.pattern();
    return { pattern, test: entirely(pattern), lengths: t.possibleLengths() };
  };
  const national = (metadata as unknown as { nationalNumberPattern(): string }).nationalNumberPattern();
  return {
    national: entirely(national),
    fixedLine: typeOf('FIXED_LINE'),
    mobile: typeOf('MOBILE'),
    others: NON_FIXED_LINE_TYPES.map((t) => [t, typeOf(t)]),
  };
}

const plans = new Map<string, NumberingPlanRules>();

function isOfType(nationalNumber: string, rule: TypeRule | undefined): boolean {
  if (!rule || !rule.pattern) return false;
  if (rule.lengths && !rule.lengths.includes(nationalNumber.length)) return false;
  return rule.test.test(nationalNumber);
}

/**
 * The number's type; undefined when it is not a valid number of its numbering plan (the country, or
 * the calling code of a non-geographic number).
 */
export function numberTypeOf(planKey: string, nationalNumber: string): NumberType | undefined {
  let plan = plans.get(planKey);
  if (!plan) {
    plan = rulesOf(planKey);
    plans.set(planKey, plan);
  }
  if (!plan.national.test(nationalNumber)) return undefined;
  if (isOfType(nationalNumber, plan.fixedLine)) {
    if (!plan.mobile || plan.mobile.pattern === '') return 'FIXED_LINE_OR_MOBILE';
    return isOfType(nationalNumber, plan.mobile) ? 'FIXED_LINE_OR_MOBILE' : 'FIXED_LINE';
  }
  for (const [type, rule] of plan.others) if (isOfType(nationalNumber, rule)) return type;
  return undefined;
}

interface CallingCodePlan {
  country: string;
  /** The country's national prefix (as written by mistake in international numbers), when it has one. */
  nationalPrefix: RegExp | undefined;
}

/** Per calling code: its plan, or null when the library must decide (several countries, non-geographic). */
const callingCodes = new Map<string, CallingCodePlan | null | undefined>();

function callingCodePlan(code: string): CallingCodePlan | null | undefined {
  if (callingCodes.has(code)) return callingCodes.get(code);
  const metadata = new Metadata(metadataJson) as unknown as {
    getCountryCodesForCallingCode(code: string): string[] | undefined;
    selectNumberingPlan(key: string): void;
    nationalPrefixForParsing(): string | undefined;
  };
  const countries = metadata.getCountryCodesForCallingCode(code);
  let plan: CallingCodePlan | null | undefined;
  if (!countries) plan = undefined;
  else if (countries.length !== 1 || countries[0] === '001') plan = null;
  else {
    metadata.selectNumberingPlan(code);
    const prefix = metadata.nationalPrefixForParsing();
    plan = { country: countries[0]!, nationalPrefix: prefix ? new RegExp(`^(?:${prefix})`) : undefined };
  }
  callingCodes.set(code, plan);
  return plan;
}

export interface ParsedInternational {
  country: string;
  countryCallingCode: string;
  nationalNumber: string;
}

/**
 * What the library's parse gives for '+' followed by digits, when the answer needs none of its
 * judgement: a calling code of one country, and no national prefix written after it. Undefined
 * otherwise (and for what the library would refuse): ask the library.
 */
export function parseInternational(e164: string): ParsedInternational | undefined {
  if (e164[0] !== '+' || e164[1] === '0') return undefined;
  for (let end = 2; end <= 4 && end <= e164.length; end++) {
    const code = e164.slice(1, end);
    const plan = callingCodePlan(code);
    if (plan === undefined) continue;
    if (plan === null) return undefined;
    const nationalNumber = e164.slice(end);
    // The library's limits on a national (significant) number.
    if (nationalNumber.length < 2 || nationalNumber.length > 17) return undefined;
    if (plan.nationalPrefix?.test(nationalNumber)) return undefined;
    return { country: plan.country, countryCallingCode: code, nationalNumber };
  }
  return undefined;
}
