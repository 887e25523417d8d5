/**
 * The console API's error envelope `{error: {code, message, fields?}}` and the family that owns
 * `/console/api/`. Codes are Herald's own kinds (validation, unauthenticated…), statuses the HTTP ones
 * those kinds mean; anything unexpected is a 500 with a generic message, logged by the server.
 */
import { ServiceError, type ErrorKind } from '../../services/errors.js';
import type { ErrorFamily } from '../server.js';
import { schemaProblems } from '../http/schema-errors.js';

export const CONSOLE_API = '/console/api/';

const STATUS_OF: Record<ErrorKind, number> = {
  validation: 400,
  'invalid-sender': 400,
  'no-recipients': 400,
  'invalid-recipients': 400,
  'unsupported-destination': 400,
  'insufficient-balance': 402,
  unauthenticated: 401,
  forbidden: 403,
  'message-not-found': 404,
  'campaign-not-found': 404,
  'contact-not-found': 404,
  'account-not-found': 404,
  'not-found': 404,
  conflict: 409,
};

export function consoleError(err: unknown): { status: number; body: unknown } {
  if (err instanceof ServiceError) {
    const fields = Object.keys(err.properties).length > 0 ? { fields: err.properties } : {};
    return {
      status: STATUS_OF[err.kind],
      body: { error: { code: err.reason, message: err.message, ...fields } },
    };
  }
  const fields = schemaProblems(err);
  if (fields) {
    return {
      status: 400,
      body: { error: { code: 'validation', message: 'Some fields are not valid', fields } },
    };
  }
  const status = (err as { statusCode?: number }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const message = status === 413 ? 'The request is too large' : 'The request could not be read';
    return { status, body: { error: { code: 'bad-request', message } } };
  }
  return {
    status: 500,
    body: { error: { code: 'internal', message: 'Something went wrong; see the server log' } },
  };
}

export const consoleFamily: ErrorFamily = {
  owns: (path) => path.startsWith(CONSOLE_API),
  render: (err) => consoleError(err),
  notFound: (method, path) => ({
    status: 404,
    body: { error: { code: 'not-found', message: `No resource at ${method} ${path}` } },
  }),
};
