/**
 * pino with redaction: credentials, tokens, message bodies and phone numbers never reach the logs.
 */
import pino, { type Logger } from 'pino';

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["api-key"]',
  'req.headers.cookie',
  '*.authorization',
  '*.secret',
  '*.applicationSecret',
  '*.apiKey',
  '*.api_key',
  '*.password',
  '*.access_token',
  '*.body',
  '*.text',
  '*.to',
  '*.recipient',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      base: { service: 'herald' },
    },
    destination,
  );
}

export type { Logger };
