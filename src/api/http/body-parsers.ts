/**
 * Request body parsing as real clients need it: a JSON content type with an empty body is "no body"
 * (clients send it on GET, HEAD and DELETE), form-encoded bodies become objects (`a[]` keys become
 * arrays), and any other content type is read as text and parsed as JSON when it looks like JSON.
 */
import type { FastifyInstance } from 'fastify';

export class MalformedBodyError extends Error {
  readonly statusCode = 400;
  constructor(message: string) {
    super(message);
    this.name = 'MalformedBodyError';
  }
}

/**
 * U+0000 in a request: no text Herald keeps may hold it (PostgreSQL's text cannot, SQLite's would
 * keep what PostgreSQL refuses), so it is refused in every body and target, the same on both.
 */
export const NUL_REFUSED = 'Text may not contain NUL characters (U+0000)';

/** `\u0000` in JSON text, where its backslash is not itself escaped. */
const JSON_NUL = /(^|[^\\])(\\\\)*\\u0000/;

export function parseJsonBody(text: string): unknown {
  if (text.trim().length === 0) return undefined;
  // JSON text holds a NUL only as an escape (a raw one is a syntax error), and bodies rarely hold a
  // backslash at all: one search first.
  if (text.includes('\\u0000') && JSON_NUL.test(text)) throw new MalformedBodyError(NUL_REFUSED);
  try {
    const value = JSON.parse(text) as unknown;
    return value === null ? undefined : value;
  } catch {
    throw new MalformedBodyError('Malformed JSON body');
  }
}

export function parseFormBody(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [rawKey, value] of new URLSearchParams(text)) {
    if (rawKey.includes('\0') || value.includes('\0')) throw new MalformedBodyError(NUL_REFUSED);
    if (rawKey.endsWith('[]')) {
      const key = rawKey.slice(0, -2);
      const list = Array.isArray(out[key]) ? (out[key] as unknown[]) : [];
      list.push(value);
      out[key] = list;
    } else {
      out[rawKey] = value;
    }
  }
  return out;
}

export function registerBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, parseFormBody(body as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  // CSV (contact imports) stays text, whatever it starts with.
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_req, body, done) =>
    (body as string).includes('\0') ? done(new MalformedBodyError(NUL_REFUSED), undefined) : done(null, body),
  );
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => {
    const text = (body as string).trim();
    if (text.length === 0) return done(null, undefined);
    if (text.includes('\0')) return done(new MalformedBodyError(NUL_REFUSED), undefined);
    if (text.startsWith('{') || text.startsWith('[')) {
      try {
        return done(null, parseJsonBody(text));
      } catch (err) {
        return done(err as Error, undefined);
      }
    }
    done(null, text);
  });
}
