// The node's HTTP API: a Fastify instance with one plugin per resource, OpenAPI 3.1 generated from the route schemas,
// and every error answered as problem+json.
import Fastify, { type FastifyInstance, type FastifyError } from 'fastify';
import swagger from '@fastify/swagger';
import { parseAreaCode } from '../model/index.ts';
import type { Store } from '../store/types.ts';
import { problemOf, requestLang, sendProblem } from './problem.ts';
import { healthRoutes } from './routes/health.ts';
import { shelterRoutes } from './routes/shelters.ts';

export interface NodeServerOptions {
  store: Store;
  participantId: string;
  /** Pino options or false; the CLI passes its logger settings. */
  logger?: boolean | { level: string };
}

export async function buildNodeServer(options: NodeServerOptions): Promise<FastifyInstance> {
  // The model's own format: a local government code with a valid check digit, JP, or an ASEAN P-code.
  const formats = { 'area-code': (v: string) => parseAreaCode(v).ok };
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 5 * 1024 * 1024,
    ajv: {
      customOptions: {
        allErrors: false,
        coerceTypes: 'array',
        removeAdditional: false,
        formats,
      },
    },
    serializerOpts: { ajv: { formats } },
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tsunagu node API',
        description: 'Tsunagu 防災データスペースのノードAPI / API of a Tsunagu disaster data space node',
        version: '0.1.0',
      },
    },
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const lang = requestLang(request);
    if (error.validation) {
      const errors = error.validation.map((v) => ({ path: v.instancePath || String(v.params?.missingProperty ?? ''), message: v.message ?? '' }));
      return sendProblem(reply, problemOf(400, 'HTTP_VALIDATION_FAILED', { detail: error.message }, lang, { errors }));
    }
    if (error.statusCode && error.statusCode < 500) {
      return sendProblem(reply, problemOf(error.statusCode, 'HTTP_VALIDATION_FAILED', { detail: error.message }, lang));
    }
    request.log.error({ err: error, requestId: request.id }, 'request failed');
    return sendProblem(reply, problemOf(500, 'HTTP_INTERNAL', { requestId: request.id }, lang));
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, problemOf(404, 'HTTP_NOT_FOUND', { what: request.url }, requestLang(request))),
  );

  await app.register(healthRoutes, { store: options.store, participantId: options.participantId });
  await app.register(shelterRoutes, { store: options.store, participantId: options.participantId });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}
