// GET /console/: the operator console's page, scripts, styles and offline basemap, served by the node itself under a
// strict Content-Security-Policy (nothing from other origins). The files need no token; every API call they make does.
import { readFile } from 'node:fs/promises';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { problemOf, requestLang, sendProblem } from '../problem.ts';
import { consoleBundle, defaultConsolePaths, forgetConsoleBundle } from './console-bundle.ts';

/**
 * Only this node's origin. MapLibre starts its worker from a same-origin module (or a blob: URL when it has to),
 * draws into canvases whose images are data:/blob: URLs, and sets inline styles only through the DOM (allowed).
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "child-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface ConsoleRouteOptions {
  /** The console's entry module; web/src/main.tsx by default. */
  entry?: string;
  /** Where builds are kept; .tsunagu/console-build by default. */
  outDir?: string;
  /** The offline basemap; web/basemap/japan-prefectures.topo.json by default. */
  basemap?: string;
}

const AssetParams = Type.Object({ file: Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$' }) });

function secure(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', CONSOLE_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY');
}

export const consoleRoutes: FastifyPluginAsync<ConsoleRouteOptions> = async (app, options) => {
  const entry = options.entry ?? defaultConsolePaths.entry;
  const outDir = options.outDir ?? defaultConsolePaths.outDir;
  const basemapFile = options.basemap ?? defaultConsolePaths.basemap;
  let basemap: Promise<Buffer> | undefined;

  const bundleOrProblem = async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      return await consoleBundle({ entry, outDir });
    } catch (e) {
      request.log.error({ requestId: request.id, err: e }, 'console build failed');
      sendProblem(secure(reply), problemOf(503, 'OPERATOR_CONSOLE_BUILD_FAILED', { requestId: request.id }, requestLang(request), { requestId: request.id }));
      return undefined;
    }
  };

  app.get('/console', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/console/', 308));

  app.get('/console/', { schema: { hide: true } }, async (request, reply) => {
    const bundle = await bundleOrProblem(request, reply);
    if (!bundle) return reply;
    // The page names the current build's files, so it must never be served from a cache.
    return secure(reply).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(bundle.indexHtml);
  });

  app.get<{ Params: Static<typeof AssetParams> }>('/console/assets/:file', { schema: { hide: true, params: AssetParams } }, async (request, reply) => {
    const bundle = await bundleOrProblem(request, reply);
    if (!bundle) return reply;
    const file = bundle.assets.get(request.params.file);
    if (!file) return sendProblem(reply, problemOf(404, 'HTTP_NOT_FOUND', { what: request.url }, requestLang(request)));
    let body: Buffer;
    try {
      body = await readFile(file.path);
    } catch (e) {
      // Another process's build replaced this one's files meanwhile: forget this build, so the page reloaded reads
      // the new manifest and names the new files.
      forgetConsoleBundle({ entry, outDir });
      request.log.warn({ requestId: request.id, err: e }, 'console file gone');
      return sendProblem(reply, problemOf(404, 'HTTP_NOT_FOUND', { what: request.url }, requestLang(request)));
    }
    return secure(reply)
      .header('cache-control', file.immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=86400')
      .type(file.contentType)
      .send(body);
  });

  app.get('/console/basemap/japan-prefectures.topo.json', { schema: { hide: true } }, async (request, reply) => {
    basemap ??= readFile(basemapFile);
    let body: Buffer;
    try {
      body = await basemap;
    } catch (e) {
      basemap = undefined;
      request.log.error({ requestId: request.id, err: e }, 'basemap not readable');
      return sendProblem(reply, problemOf(404, 'HTTP_NOT_FOUND', { what: request.url }, requestLang(request)));
    }
    return secure(reply).header('cache-control', 'public, max-age=86400').type('application/json; charset=utf-8').send(body);
  });
};
