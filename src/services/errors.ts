/**
 * What can go wrong in a use case, independent of the wire format. Each API layer maps a kind to its
 * provider's code and HTTP status (Routee `{code, developerMessage}`, Octopush `{code, message}`).
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

export class ServiceError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    /** Field → problem, for validation errors. */
    readonly properties: Record<string, string> = {},
    /** Extra facts for the wire layer (e.g. the invalid numbers). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

export function validationError(properties: Record<string, string>): ServiceError {
  return new ServiceError('validation', 'Validation Error!', properties);
}

/** Routee's 404009001, with the entity, property and value its campaign routes report. */
export function campaignNotFound(id: string): ServiceError {
  return new ServiceError(
    'campaign-not-found',
    `campaign with trackingId '${id}' was not found!`,
    {},
    {
      entity: 'campaign',
      property: 'trackingId',
      value: id,
    },
  );
}
