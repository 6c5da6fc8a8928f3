// Headers every answer of the node carries: `X-Content-Type-Options: nosniff` (a browser never guesses a type other
// than the one declared, so a JSON answer holding a submitted string cannot run as a script or page), and
// `Cache-Control: no-store` on the operator API and the data API, whose answers hold personal data that no browser
// or proxy cache may keep — unless the route chose its own caching.
import type { FastifyReply, FastifyRequest } from 'fastify';

const PRIVATE_PREFIXES = ['/operator/', '/api/'];

export async function responseHeadersHook(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  reply.header('x-content-type-options', 'nosniff');
  if (PRIVATE_PREFIXES.some((p) => request.url.startsWith(p)) && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  return payload;
}
