/**
 * The Routee error envelope: `{code, developerMessage, ...}` with a 9-digit code made of the HTTP
 * status, the module and the module-local error (see docs/decisions.md).
 */
import { schemaValidationError } from '../http/schema-errors.js';
import {
  type ErrorKind,
  type FailureFacts,
  type FailureReason,
  type RefusedNumber,
  ServiceError,
  type SpecificReason,
} from '../../services/errors.js';
import { tooManyPartsText } from '../../services/part-limit.js';

export interface RouteeErrorBody {
  code: string;
  developerMessage: string;
  [extra: string]: unknown;
}

export class RouteeHttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly body: RouteeErrorBody,
  ) {
    super(body.developerMessage);
    this.name = 'RouteeHttpError';
  }
}

const KIND_TO_ROUTEE: Record<ErrorKind, { status: number; code: string; errorCode?: string }> = {
  validation: { status: 400, code: '400000000' },
  'invalid-sender': { status: 400, code: '400005000', errorCode: '002' },
  'no-recipients': { status: 400, code: '400005000', errorCode: '004' },
  'invalid-recipients': { status: 400, code: '400005000', errorCode: '008' },
  'insufficient-balance': { status: 400, code: '400001009' },
  unauthenticated: { status: 401, code: '401000000' },
  forbidden: { status: 403, code: '403000000' },
  'message-not-found': { status: 404, code: '404005000' },
  'campaign-not-found': { status: 404, code: '404009001' },
  'contact-not-found': { status: 404, code: '404002001' },
  'account-not-found': { status: 404, code: '404001001' },
  conflict: { status: 409, code: '409000000' },
  'unsupported-destination': { status: 400, code: '400000000' },
  'not-found': { status: 404, code: '404000000' },
};

/** Routee's own codes for the precise reasons it tells apart; other reasons take their kind's code. */
const REASON_TO_ROUTEE: Partial<Record<SpecificReason, string>> = {
  'group-not-found': '404002003',
  'group-name-taken': '409002007',
  'campaign-name-taken': '409009003',
  'campaign-not-scheduled': '400009002',
  'campaign-without-recipients': '400009004',
  'csv-malformed': '400012000',
  'contact-mobile-taken': '409002005',
  'custom-field-repeated': '409002013',
  'custom-field-unknown': '404002012',
  'custom-field-invalid': '400002006',
  'label-repeated': '400002014',
  'label-name-taken': '409002011',
};

/** The Routee code of a failure's reason (its kind's code when Routee has none of its own). */
export function routeeCodeOf(reason: FailureReason, kind: ErrorKind): string {
  return REASON_TO_ROUTEE[reason as SpecificReason] ?? KIND_TO_ROUTEE[kind].code;
}

/** The property Routee names for a missing entity (a campaign is looked for by its trackingId). */
const MISSING_PROPERTY: Record<NonNullable<FailureFacts['missing']>['entity'], string> = {
  campaign: 'trackingId',
  group: 'name',
  contact: 'id',
};

const REFUSED_MESSAGE: Record<RefusedNumber['problem'], string> = {
  'invalid-mobile': 'Invalid mobile number',
  'invalid-number': 'Invalid number',
  'unsupported-destination': 'Destination not supported',
};

/** Routee's `errors` entries for refused numbers and messages too long to send. */
export function routeeErrorEntries(
  invalidNumbers: readonly RefusedNumber[],
  tooLong: ReadonlyArray<{ recipient: string; parts: number; max: number }> = [],
) {
  return [
    ...invalidNumbers.map((n) => ({
      code: '400005000',
      developerMessage: REFUSED_MESSAGE[n.problem],
      property: n.number,
    })),
    ...tooLong.map((t) => ({
      code: '400000000',
      developerMessage: tooManyPartsText(t.parts, t.max),
      property: t.recipient,
    })),
  ];
}

/** A failure's facts as Routee's error body carries them (entity/property/value, errors[]). */
function renderFacts(facts: FailureFacts, body: RouteeErrorBody): void {
  const { missing, invalidNumbers, tooLong, ...rest } = facts;
  if (missing) {
    body.entity = missing.entity;
    body.property = MISSING_PROPERTY[missing.entity];
    body.value = missing.value;
  }
  if (invalidNumbers) body.errors = routeeErrorEntries(invalidNumbers);
  if (tooLong) body.errors = routeeErrorEntries([], [tooLong]);
  Object.assign(body, rest);
}

export function routeeErrorFromService(err: ServiceError, path: string): RouteeHttpError {
  const m = KIND_TO_ROUTEE[err.kind];
  const body: RouteeErrorBody = { code: routeeCodeOf(err.reason, err.kind), developerMessage: err.message };
  if (m.errorCode) body.errorCode = m.errorCode;
  if (Object.keys(err.properties).length > 0) body.properties = err.properties;
  renderFacts(err.details, body);
  if (m.status === 401) Object.assign(body, springUnauthorized(err.message, path));
  return new RouteeHttpError(m.status, body);
}

/** Routee's gateway answers 401 in Spring's shape; Herald sends both shapes in one body. */
function springUnauthorized(message: string, path: string): Record<string, unknown> {
  return { timestamp: new Date().toISOString(), status: 401, error: 'Unauthorized', message, path };
}

/** Turns any error into a Routee error (never lets a client fault become a 500). */
export function toRouteeError(err: unknown, path: string): RouteeHttpError {
  if (err instanceof RouteeHttpError) return err;
  if (err instanceof ServiceError) return routeeErrorFromService(err, path);
  const refused = schemaValidationError(err);
  if (refused) return routeeErrorFromService(refused, path);
  const e = err as { statusCode?: number; code?: string; message?: string };
  const status =
    typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 600 ? e.statusCode : 500;
  if (status === 413) {
    return new RouteeHttpError(413, { code: '413000000', developerMessage: 'Request body is too large' });
  }
  if (status === 415) {
    return new RouteeHttpError(415, { code: '415000000', developerMessage: 'Unsupported media type' });
  }
  if (status === 503) {
    return new RouteeHttpError(503, {
      code: '503000000',
      developerMessage: e.message ?? 'Service unavailable',
    });
  }
  if (status >= 500) {
    return new RouteeHttpError(500, { code: '500000000', developerMessage: 'An unexpected error occurred' });
  }
  return new RouteeHttpError(status, {
    code: `${status}000000`,
    developerMessage: status === 400 ? (e.message ?? 'Bad request') : (e.message ?? 'Request failed'),
  });
}
