/**
 * OpenAPI 3.1 documents generated from the route schemas (@fastify/swagger): one per face — the
 * Routee API, the Octopush v1 API and the console's JSON API — each an instance of the plugin that
 * keeps only its own routes, served at /openapi/{name}.json, with a local docs page (Swagger UI's
 * files served by Herald, no CDN) at /openapi/.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';

/** Herald's version (package.json), the documents' info.version. */
export const HERALD_VERSION = (createRequire(import.meta.url)('../../package.json') as { version: string })
  .version;

export interface OpenApiFace {
  name: string;
  title: string;
  description: string;
  /** Whether a route (by its URL) belongs to this face. */
  owns(url: string): boolean;
  /** Security schemes of the face and the one every operation needs. */
  securitySchemes: Record<string, unknown>;
  security: Array<Record<string, string[]>>;
}

/** The first face keeps the plugin's own decorator (`swagger`), which the docs page's /openapi/json reads. */
const decoratorOf = (face: OpenApiFace, faces: readonly OpenApiFace[]) =>
  face === faces[0] ? 'swagger' : `openapi_${face.name}`;

/** Registers one generator per face; call before the faces' routes are registered. */
export async function registerOpenApi(
  app: FastifyInstance,
  faces: readonly OpenApiFace[],
  version = HERALD_VERSION,
): Promise<void> {
  for (const face of faces) {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: { title: face.title, description: face.description, version },
        components: { securitySchemes: face.securitySchemes as never },
        security: face.security,
      },
      decorator: decoratorOf(face, faces),
      transform: ({ schema, url }) => {
        const mine = face.owns(url) && !(schema as { hide?: boolean } | undefined)?.hide;
        return { schema: mine ? schema : { ...(schema ?? {}), hide: true }, url };
      },
    });
  }
}

/** The documents and the docs page; registered after every route so the documents see them all. */
export function openApiRoutes(faces: readonly OpenApiFace[]) {
  return async (app: FastifyInstance): Promise<void> => {
    for (const face of faces) {
      app.get(`/openapi/${face.name}.json`, { schema: { hide: true } }, async () => {
        const doc = (app as unknown as Record<string, () => unknown>)[decoratorOf(face, faces)]!;
        return doc();
      });
    }
    await app.register(swaggerUi, {
      routePrefix: '/openapi',
      uiConfig: { urls: faces.map((f) => ({ name: f.title, url: `/openapi/${f.name}.json` })) },
      staticCSP: true,
      // Herald may be served over plain HTTP on a LAN: no upgrade of the page's own requests.
      transformStaticCSP: (header: string) => header.replace('upgrade-insecure-requests;', ''),
      logLevel: 'warn',
    });
  };
}
