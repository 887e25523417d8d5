/**
 * Serves the built console (Vite's output, `consoleDir`) from memory: `index.html` at `/` and at any
 * `/console/...` page path (the page routes itself), the hashed files under `/console/assets/` with a
 * year's caching. Only files found in the directory when the server starts are served, so no request
 * path ever reaches the file system. Pages carry a Content-Security-Policy allowing nothing but the
 * console's own origin.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; media-src 'self' blob:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

interface Asset {
  body: Buffer;
  type: string;
}

/** Every file under `dir` by its URL path (`/console/assets/…`), read once. */
function readAssets(dir: string): Map<string, Asset> {
  const out = new Map<string, Asset>();
  const walk = (sub: string) => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = path.posix.join(sub, entry.name);
      const type = TYPES[path.extname(entry.name)];
      if (entry.isDirectory()) walk(rel);
      else if (type) out.set(`/console/${rel}`, { body: fs.readFileSync(path.join(dir, rel)), type });
    }
  };
  walk('');
  return out;
}

export function consoleStaticRoutes(dir: string) {
  return async (app: FastifyInstance): Promise<void> => {
    if (!fs.existsSync(path.join(dir, 'index.html'))) {
      app.log.warn({ dir }, 'console not built (npm run build): not served');
      return;
    }
    const assets = readAssets(dir);
    const index = assets.get('/console/index.html')!;
    const page = (reply: FastifyReply) =>
      reply
        .headers({ ...PAGE_HEADERS, 'cache-control': 'no-cache' })
        .type(index.type)
        .send(index.body);

    // Pages and files, not API: in no OpenAPI document.
    const hidden = { schema: { hide: true } };
    app.get('/', hidden, async (_request, reply) => page(reply));
    const icon = assets.get('/console/favicon.svg');
    if (icon)
      app.get('/favicon.ico', hidden, async (_request, reply) =>
        reply.headers({ 'cache-control': 'public, max-age=86400' }).type(icon.type).send(icon.body),
      );
    app.get('/console', hidden, async (_request, reply) => page(reply));
    app.get('/console/*', hidden, async (request, reply) => {
      const url = request.url.split('?')[0]!;
      const asset = assets.get(url);
      if (asset && url !== '/console/index.html')
        return reply
          .headers({
            'x-content-type-options': 'nosniff',
            'cache-control': url.startsWith('/console/assets/')
              ? 'public, max-age=31536000, immutable'
              : 'no-cache',
          })
          .type(asset.type)
          .send(asset.body);
      if (url.startsWith('/console/assets/') || url.startsWith('/console/api/')) return reply.callNotFound();
      return page(reply);
    });
  };
}
