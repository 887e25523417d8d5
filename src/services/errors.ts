/**
 * What can go wrong in a use case, independent of the wire format. A failure has a kind (the broad
 * class every face can map: validation, not found, conflict...) and a reason (the precise rule that
 * refused, e.g. `campaign-name-taken`). Each face maps reasons to its provider's codes and statuses
 * (api/routee/errors.ts, api/octopush/errors.ts); nothing here names a provider code or field.
 */
export type ErrorKind =
  | 'validation'
  | 'invalid-sender'
  | 'no-recipients'
  | 'invalid-recipients'
  | 'insufficient-balance'
  | 'unauthenticated'
  | 'forbidden'
  | 'message-not-found'
  | 'campaign-not-found'
  | 'contact-not-found'
  | 'account-not-found'
  | 'conflict'
  | 'unsupported-destination'
  | 'not-found';

/** The precise rules that refuse, each with the kind it belongs to. */
const REASON_KIND = {
  'group-not-found': 'not-found',
  'group-name-taken': 'conflict',
  'campaign-name-taken': 'conflict',
  'campaign-not-scheduled': 'validation',
  /** A campaign whose groups and contacts leave nobody to send to. */
  'campaign-without-recipients': 'validation',
  'too-many-parts': 'validation',
  'duplicate-request': 'conflict',
  'csv-malformed': 'validation',
  'contact-mobile-taken': 'conflict',
  'custom-field-repeated': 'conflict',
  'custom-field-unknown': 'not-found',
  'custom-field-invalid': 'validation',
  'label-repeated': 'validation',
  'label-name-taken': 'conflict',
  /** A campaign that must have a text has none. */
  'text-missing': 'validation',
  /** More characters than the campaign kind allows (Octopush: 1,224). */
  'text-too-long': 'validation',
  'too-many-recipients': 'validation',
  /** Marketing to France in premium SMS without the "STOP au" mention. */
  'stop-mention-missing': 'validation',
  /** A low-cost SMS must fit one part. */
  'low-cost-too-long': 'validation',
  /** A draft that was already sent (or withdrawn) cannot be sent again. */
  'campaign-already-sent': 'conflict',
  'pool-not-found': 'not-found',
  /** A number that is not the account's (or not in that pool). */
  'number-not-found': 'not-found',
  /** A pool send whose strategy finds no sender: no numbers, or no alphanumeric sender id. */
  'pool-without-sender': 'validation',
} as const satisfies Record<string, ErrorKind>;

export type SpecificReason = keyof typeof REASON_KIND;
export type FailureReason = ErrorKind | SpecificReason;

/** One number a use case refused, and why. */
export interface RefusedNumber {
  number: string;
  problem: 'invalid-mobile' | 'invalid-number' | 'unsupported-destination';
}

/** Facts a face may render beside the message (never provider-shaped). */
export interface FailureFacts {
  /** The entity looked for, by the field it was looked for with (not-found failures). */
  missing?: { entity: 'campaign' | 'group' | 'contact'; by: 'id' | 'name'; value: string };
  /** invalid-recipients: the numbers refused. */
  invalidNumbers?: RefusedNumber[];
  /** too-many-parts of the message to one recipient. */
  tooLong?: { recipient: string; parts: number; max: number };
  [fact: string]: unknown;
}

export class ServiceError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    /** Field → problem, for validation errors. */
    readonly properties: Record<string, string> = {},
    /** Facts for the faces to render (e.g. the invalid numbers). */
    readonly details: FailureFacts = {},
    readonly reason: FailureReason = kind,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

/** A failure of one precise rule; its kind follows from the reason. */
export function failure(
  reason: SpecificReason,
  message: string,
  properties: Record<string, string> = {},
  facts: FailureFacts = {},
): ServiceError {
  return new ServiceError(REASON_KIND[reason], message, properties, facts, reason);
}

export function validationError(properties: Record<string, string>): ServiceError {
  return new ServiceError('validation', 'Validation Error!', properties);
}

export function campaignNotFound(id: string): ServiceError {
  return new ServiceError(
    'campaign-not-found',
    `campaign with trackingId '${id}' was not found!`,
    {},
    { missing: { entity: 'campaign', by: 'id', value: id } },
  );
}
