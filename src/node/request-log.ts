// What the node's request log says about a request: its method, path and sender — never its query string, which can
// carry personal search text (a person's name in the lifeline list's `q=`) and whose values no operator needs in logs.
import type { DestinationStream } from 'pino';

/** The fields a logged request keeps (a type alias, so pino's serializer type with its index signature accepts it). */
export type LoggedRequest = {
  method: string;
  url: string;
  /** Set when the query string was dropped, so a reader knows the URL had one. */
  queryRedacted?: true;
  host?: string;
  remoteAddress?: string;
  remotePort?: number;
};

/** Fastify passes its request (typed as Node's IncomingMessage, which lacks `host` and `ip`). */
interface SerializableRequest {
  method?: string | undefined;
  url?: string | undefined;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number | undefined } | null;
}

/** The request as logged: the URL cut at its first `?` (parameters never appear in the path itself). */
export function loggedRequest(request: SerializableRequest): LoggedRequest {
  const url = request.url ?? '';
  const cut = url.indexOf('?');
  return {
    method: request.method ?? '',
    url: cut === -1 ? url : url.slice(0, cut),
    ...(cut === -1 ? {} : { queryRedacted: true as const }),
    ...(request.host !== undefined ? { host: request.host } : {}),
    ...(request.ip !== undefined ? { remoteAddress: request.ip } : {}),
    ...(request.socket?.remotePort !== undefined ? { remotePort: request.socket.remotePort } : {}),
  };
}

/** The node's pino options: the level, where to write (stdout unless a test captures it), and the request serializer. */
export function nodeLoggerOptions(settings: { level: string; stream?: DestinationStream }) {
  return {
    level: settings.level,
    ...(settings.stream ? { stream: settings.stream } : {}),
    serializers: { req: loggedRequest },
  };
}
