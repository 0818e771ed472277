import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** The console's policy: its own scripts, styles and data only; nothing inline, no frames. */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Paths the gateway answers itself or routes to a service; everything else is the console. */
const NOT_CONSOLE = /^\/(api|oauth|\.well-known|auth|health|metrics)(\/|$)/;

/**
 * Serves the built console at `/`: hashed assets cached for a year, and index.html (never
 * cached) for every other page path so the console's router can take it. Without a build,
 * those paths answer 404 and the API works as before.
 */
export async function serveConsole(fastify: FastifyInstance, distDir: string): Promise<boolean> {
  const indexFile = join(distDir, 'index.html');
  if (!existsSync(indexFile)) return false;
  const index = await readFile(indexFile);
  await fastify.register(fastifyStatic, {
    root: distDir,
    prefix: '/',
    // Routes for the files there are now; the console's own paths fall through to index.html.
    wildcard: false,
    cacheControl: false,
    setHeaders: (reply, path) => {
      void reply.header('content-security-policy', CONSOLE_CSP);
      void reply.header(
        'cache-control',
        path.includes(`${join(distDir, 'assets')}`)
          ? 'public, max-age=31536000, immutable'
          : 'no-cache',
      );
    },
  });
  fastify.get('/*', (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (NOT_CONSOLE.test(path) || /\.[a-z0-9]+$/i.test(path)) {
      return reply.callNotFound();
    }
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-security-policy', CONSOLE_CSP)
      .send(index);
  });
  return true;
}
