/**
 * Octopush's error envelope `{code, message}` (numeric codes of its return-code list) and the error
 * family that owns /v1/public. Every answer is a JSON object: Octopush clients crash on anything else.
 */
import { schemaValidationError } from '../http/schema-errors.js';
import { ServiceError } from '../../services/errors.js';
import type { ErrorFamily } from '../server.js';

export class OctopushError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'OctopushError';
  }
}

/** Octopush's messages for the codes Herald answers (return-code list, verbatim where it has one). */
export const OCTOPUSH_MESSAGES: Record<number, string> = {
  100: 'POST request missing.',
  101: 'Incorrect login details.',
  102: 'Your SMS exceeds 1224 characters.',
  103: 'Your message has no recipients',
  104: 'You have run out of credit.',
  106: 'You have entered the Sender incorrectly. 3 to 11 characters, chosen from 0 to 9, a to z, A to Z. No accent, space or punctuation.',
  107: 'The text of your message is missing.',
  108: 'You have not entered your login details.',
  109: 'You have not entered your password.',
  110: 'You have not entered the list of recipient.',
  117: 'Your recipient list contains no correct numbers. Have you formatted your numbers correctly?',
  119: 'You cannot send SMS with more than 160 characters for this type of SMS',
  120: 'A SMS with the same request_id has already been sent.',
  121: 'Mention STOP is missing.',
  125: 'An undefined error has occurred. Please contact support.',
  131: 'Campaign not found.',
  132: 'Campaign sent.',
  151: 'The recipient country is not part of the countries serviced by Octopush.',
  302: 'A list with the same name already exists.',
  303: 'The specified list does not exist.',
  500: 'Impossible to process the requested action',
};

export function octopushError(code: number, status = 400, message?: string): OctopushError {
  return new OctopushError(status, code, message ?? OCTOPUSH_MESSAGES[code] ?? 'Error');
}

/** Maps a use-case failure to Octopush's code and HTTP status: the precise reason first, then its kind. */
export function fromServiceError(err: ServiceError): OctopushError {
  switch (err.reason) {
    case 'duplicate-request':
      return octopushError(120);
    case 'campaign-name-taken':
    case 'campaign-not-scheduled':
      return octopushError(500, 400, err.message);
    case 'group-not-found':
      return octopushError(303, 404);
    case 'campaign-without-recipients':
      return octopushError(117);
    case 'text-missing':
      return octopushError(107);
    case 'too-many-recipients':
      return octopushError(103);
    case 'text-too-long':
      return octopushError(102);
    case 'stop-mention-missing':
      return octopushError(121);
    case 'low-cost-too-long':
      return octopushError(119);
    case 'campaign-already-sent':
      return octopushError(132);
    case 'too-many-parts':
      return octopushError(102, 400, `${OCTOPUSH_MESSAGES[102]} ${err.properties.body ?? ''}`.trim());
  }
  switch (err.kind) {
    case 'invalid-sender':
      return octopushError(106);
    case 'no-recipients':
      return octopushError(110);
    case 'invalid-recipients':
      return octopushError(117);
    case 'insufficient-balance':
      return octopushError(104);
    case 'unsupported-destination':
      return octopushError(151);
    case 'unauthenticated':
      return octopushError(101, 401);
    case 'forbidden':
      return octopushError(101, 403, err.message);
    case 'campaign-not-found':
      return octopushError(131, 404);
    case 'conflict':
      return octopushError(302, 409, err.message);
    case 'not-found':
      return octopushError(500, 404, err.message);
    case 'validation':
      return new OctopushError(
        400,
        500,
        `${err.message}${Object.keys(err.properties).length ? ` ${JSON.stringify(err.properties)}` : ''}`,
      );
    default:
      return new OctopushError(400, 500, err.message);
  }
}

export function toOctopushError(err: unknown): OctopushError {
  if (err instanceof OctopushError) return err;
  if (err instanceof ServiceError) return fromServiceError(err);
  const refused = schemaValidationError(err);
  if (refused) return fromServiceError(refused);
  const e = err as { statusCode?: number; message?: string };
  if (e.statusCode === 503) return new OctopushError(503, 500, OCTOPUSH_MESSAGES[500]!);
  const status =
    typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500 ? e.statusCode : 500;
  if (status === 500) return new OctopushError(500, 125, OCTOPUSH_MESSAGES[125]!);
  return new OctopushError(status, 100, e.message ?? 'Bad request');
}

export const octopushFamily: ErrorFamily = {
  owns: (path) => path.startsWith('/v1/public/') || path === '/v1/public',
  render(err) {
    const e = toOctopushError(err);
    return { status: e.status, body: { code: e.code, message: e.message } };
  },
  notFound(method, path) {
    return { status: 404, body: { code: 500, message: `No resource at ${method} ${path}` } };
  },
};
