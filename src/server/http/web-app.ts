// Serves the web UI (built by `npm run build` into dist/web): its files, and index.html for every
// other page address so the browser's router can show it.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyStaticOptions } from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The package root: the nearest folder above this file holding package.json (sources or dist/src). */
function packageRoot(): string | undefined {
  let folder = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
  return folder;
}

/**
 * The built UI's folder when it exists; undefined for a server built without it (it still serves
 * the API).
 */
export function builtWebApp(): string | undefined {
  const root = packageRoot();
  // SETPOINT_WEB_DIR: another build of the UI (a development build, or one per test run).
  const folder = process.env.SETPOINT_WEB_DIR || (root === undefined ? undefined : join(root, 'dist', 'web'));
  return folder !== undefined && existsSync(join(folder, 'index.html')) ? folder : undefined;
}

/**
 * How @fastify/static serves the built UI at `/`.
 *
 * @example
 * const web = builtWebApp();
 * if (web !== undefined) await app.register(fastifyStatic, webAppStatic(web));
 */
export function webAppStatic(folder: string): FastifyStaticOptions {
  return {
    root: folder,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    setHeaders: (res, path) => {
      // Built assets carry a content hash in their name; index.html must be asked for every time.
      res.header(
        'cache-control',
        path.startsWith(join(folder, 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  };
}

/**
 * Whether a request that matched no route is a page of the UI (a GET of an address outside /api
 * that a browser asks for as HTML), to be answered with index.html.
 */
export function isPageRequest(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const path = request.url.split('?')[0] ?? '';
  if (path.startsWith('/api/') || path === '/api' || path === '/metrics') return false;
  return (request.headers.accept ?? '').includes('text/html');
}

/** Answers a page address with the UI's index.html. */
export function sendPage(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-cache').sendFile('index.html');
}
