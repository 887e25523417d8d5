/**
 * The three documented faces: which routes each owns and how a client authenticates. Routee: an
 * OAuth2 client-credentials token as a Bearer header; Octopush v1: `api-login` and `api-key` headers;
 * the console: its session cookie (and X-CSRF-Token on changes).
 */
import type { OpenApiFace } from './openapi.js';

const OCTOPUSH_V1 = '/v1/public/';
const CONSOLE_API = '/console/api/';
const NOT_ROUTEE = ['/admin', '/openapi', '/console', '/api/', '/metrics', '/health', '/s/', '/v1/'];

export const OPENAPI_FACES: readonly OpenApiFace[] = [
  {
    name: 'routee',
    title: 'Herald — Routee API',
    description:
      'The Routee REST API as Herald serves it (same paths, JSON and error codes). Lenient input is kept: numbers and booleans may be strings, dates ISO 8601 or Unix seconds, unknown keys are ignored.',
    owns: (url) => !NOT_ROUTEE.some((p) => url.startsWith(p)) && url !== '/',
    securitySchemes: {
      routeeToken: {
        type: 'oauth2',
        flows: { clientCredentials: { tokenUrl: '/oauth/token', scopes: {} } },
      },
    },
    security: [{ routeeToken: [] }],
  },
  {
    name: 'octopush',
    title: 'Herald — Octopush API v1',
    description: 'The Octopush v1 REST API as Herald serves it, with its authentication headers.',
    owns: (url) => url.startsWith(OCTOPUSH_V1),
    securitySchemes: {
      apiLogin: { type: 'apiKey', in: 'header', name: 'api-login' },
      apiKey: { type: 'apiKey', in: 'header', name: 'api-key' },
    },
    security: [{ apiLogin: [], apiKey: [] }],
  },
  {
    name: 'console',
    title: 'Herald — console API',
    description:
      'The JSON API of Herald’s console: sign in at POST /console/api/session (a session cookie), then send the returned csrfToken as X-CSRF-Token on every change.',
    owns: (url) => url.startsWith(CONSOLE_API),
    securitySchemes: {
      session: { type: 'apiKey', in: 'cookie', name: 'herald_console' },
      csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
    },
    security: [{ session: [] }],
  },
];
