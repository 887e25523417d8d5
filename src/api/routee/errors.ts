/**
 * The Routee error envelope: `{code, developerMessage, ...}` with a 9-digit code made of the HTTP
 * status, the module and the module-local error (see docs/decisions.md).
 */
import { type ErrorKind, ServiceError } from '../../services/errors.js';

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

export function routeeErrorFromService(err: ServiceError, path: string): RouteeHttpError {
  const m = KIND_TO_ROUTEE[err.kind];
  // A detail code is Routee's own only when it has Routee's nine digits (others are for other faces).
  const code =
    typeof err.details.code === 'string' && /^\d{9}$/.test(err.details.code) ? err.details.code : m.code;
  const body: RouteeErrorBody = { code, developerMessage: err.message };
  if (m.errorCode) body.errorCode = m.errorCode;
  if (Object.keys(err.properties).length > 0) body.properties = err.properties;
  for (const [k, v] of Object.entries(err.details)) if (k !== 'code') body[k] = v;
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
