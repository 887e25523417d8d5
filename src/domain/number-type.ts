/**
 * The type of a parsed number (mobile, fixed line...), as libphonenumber-js's `getType()` gives it,
 * from the same metadata and by the same rules, with each pattern compiled once. The library builds
 * a RegExp from the pattern's text on every test and wraps the metadata in new objects on every call:
 * inside the server (where other code evicts V8's regexp cache) that made number analysis about a
 * tenth of the API thread's time per accepted message. test/domain/number-type.test.ts checks this
 * against the library across every country's example numbers and mutations of them.
 */
import { Metadata } from 'libphonenumber-js/core';
import metadataJson from 'libphonenumber-js/metadata.max.json';
import type { NumberType } from './phone.js';

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
