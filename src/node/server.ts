// The node's HTTP API: a Fastify instance with one plugin per resource, OpenAPI 3.1 generated from the route schemas,
// and every error answered as problem+json. Dataset routes answer only through the access gate, so no record leaves
// without a policy decision and a durable audit entry.
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyError } from 'fastify';
import swagger from '@fastify/swagger';
import type { AuditLogWriter } from '../audit/index.ts';
import { areaCode, codesOf, parseAreaCode, purposes, type AreaCode } from '../model/index.ts';
import type { Store } from '../store/types.ts';
import type { VerifiedDeclaration } from '../trust/verified.ts';
import { createAccessGate } from './access-gate.ts';
import type { NodePolicy } from './node-policies.ts';
import { problemOf, requestLang, sendProblem } from './problem.ts';
import { publicOnly, type Authenticator } from './requester.ts';
import { healthRoutes } from './routes/health.ts';
import { policyRoutes } from './routes/policies.ts';
import { shelterRoutes } from './routes/shelters.ts';

export interface NodeServerOptions {
  store: Store;
  participantId: string;
  /** The node's audit log (opened with the node's key): every decided read is appended before it is answered. */
  auditLog: AuditLogWriter;
  /** The usage policies the node decides by (`loadNodePolicies`). */
  policies: readonly NodePolicy[];
  /** Who asks; until signed requests exist, everyone is the anonymous public. */
  authenticate?: Authenticator;
  /** Verified declarations in force (disaster phases); none by default. */
  declarations?: () => readonly VerifiedDeclaration[];
  /** Where the node's data lies, for a read that names no area and finds nothing; Japan by default. */
  dataAreas?: readonly AreaCode[];
  /** Pino options or false; the CLI passes its logger settings. */
  logger?: boolean | { level: string };
}

export async function buildNodeServer(options: NodeServerOptions): Promise<FastifyInstance> {
  if (options.auditLog.node !== options.participantId) {
    throw new Error(`the audit log belongs to ${options.auditLog.node}, not to this node (${options.participantId})`);
  }
  // The model's own format: a local government code with a valid check digit, JP, or an ASEAN P-code.
  const formats = { 'area-code': (v: string) => parseAreaCode(v).ok };
  const app = Fastify({
    logger: options.logger ?? false,
    // Request ids name reads in the audit log, so they must stay unique across restarts; callers cannot set them.
    genReqId: () => randomUUID(),
    requestIdHeader: false,
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
    if (error.validation && error.validationContext === 'querystring' && error.validation.some((v) => v.instancePath === '/purpose')) {
      const stated = (request.query as Record<string, unknown> | undefined)?.purpose;
      const value = String(stated ?? '').slice(0, 100);
      return sendProblem(reply, problemOf(400, 'NODE_PURPOSE_UNKNOWN', { value, allowed: codesOf(purposes).join(', ') }, lang));
    }
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

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  const policies = options.policies.map((p) => p.policy);
  const gate = createAccessGate({
    policies,
    auditLog: options.auditLog,
    ...(options.declarations ? { declarations: options.declarations } : {}),
    dataAreas: options.dataAreas ?? [areaCode('JP')],
  });
  const authenticate = options.authenticate ?? publicOnly;

  await app.register(healthRoutes, { store: options.store, participantId: options.participantId });
  await app.register(policyRoutes, { policies: options.policies });
  await app.register(shelterRoutes, { store: options.store, gate, authenticate });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}
