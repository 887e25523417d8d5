/**
 * JSON Schemas the console API validates with (Fastify's Ajv) and documents (OpenAPI): paging, ids,
 * the error envelope; and the two renderings every console answer shares (a page, a time). The
 * console's inputs are Herald's own, so they are strict: unknown keys are refused, types are exact.
 */
export const pageQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    page: { type: 'integer', minimum: 0, default: 0, description: 'Page number, from 0' },
    size: { type: 'integer', minimum: 1, maximum: 100, default: 20, description: 'Items per page' },
  },
} as const;

export interface PageQuery {
  page: number;
  size: number;
}

export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 100 } },
} as const;

export const errorEnvelope = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        fields: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
  },
} as const;

/** A page of items as the console API returns it. */
export function pageView<T>(items: T[], total: number, q: PageQuery) {
  return { items, total, page: q.page, size: q.size };
}

export const statusCounts = {
  type: 'object',
  additionalProperties: { type: 'integer' },
  description: 'Count per status, every status of the kind present',
} as const;

/** A time (ms since the epoch) as the console's answers give it: ISO 8601 in UTC. */
export const isoTime = (ms: number) => new Date(ms).toISOString();

/** The same for a time that may be unset. */
export const isoTimeOrNull = (ms: number | null) => (ms === null ? null : isoTime(ms));
