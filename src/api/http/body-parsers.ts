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

export function parseJsonBody(text: string): unknown {
  if (text.trim().length === 0) return undefined;
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
    done(null, parseFormBody(body as string));
  });
  // CSV (contact imports) stays text, whatever it starts with.
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => {
    const text = (body as string).trim();
    if (text.length === 0) return done(null, undefined);
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
