// The node's HTTP API: a Fastify instance with one plugin per resource, OpenAPI 3.1 generated from the route schemas,
// and every error answered as problem+json. Dataset routes answer only through the access gate, so no record leaves
// without a policy decision and a durable audit entry.
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyError, type FastifyRequest } from 'fastify';
import swagger from '@fastify/swagger';
import type { DestinationStream } from 'pino';
import type { AuditLogWriter } from '../audit/index.ts';
import type { MessageCode } from '../i18n/index.ts';
import { areaCode, codesOf, parseAreaCode, purposes, type AreaCode } from '../model/index.ts';
import type { Store } from '../store/types.ts';
import type { VerifiedDeclaration } from '../trust/verified.ts';
import { createAccessGate } from './access-gate.ts';
import { publicReadLimitHook } from './public-read-limit.ts';
import { signedRequestLimits } from './signed-request-limits.ts';
import { nodeLoggerOptions } from './request-log.ts';
import { responseHeadersHook } from './response-headers.ts';
import type { RefusalLimits } from './operator/refusal-limiter.ts';
import { isAudited } from './audited-requests.ts';
import { lazySerializers } from './lazy-serializers.ts';
import type { NodePolicy } from './node-policies.ts';
import { problemOf, requestLang, sendProblem, sentProblemParams, type Problem } from './problem.ts';
import { publicOnly, type Authenticator } from './requester.ts';
import { healthRoutes } from './routes/health.ts';
import { trustListRoutes } from './routes/trust-list.ts';
import type { TrustListState } from './live-trust.ts';
import { policyRoutes } from './routes/policies.ts';
import { shelterRoutes } from './routes/shelters.ts';
import { catalogRoutes } from './routes/catalog.ts';
import { datasetRecordTypes, datasetRoutes } from './routes/datasets.ts';
import { createDeclarationBook, createDeclarationReceiver, declarationRoutes, type DeclarationBook } from './routes/declarations.ts';
import { deliveryRoutes } from './routes/deliveries.ts';
import {
  DECLARATION_REQUEST_ANSWER_KIND,
  DECLARATION_REQUEST_KIND,
  declarationRequestAnswerReceiver,
  declarationRequestReceiver,
} from './declaration-requests/request-deliveries.ts';
import { docsRoute } from './routes/docs.ts';
import { recordWriteRoutes } from './routes/record-writes.ts';
import { notificationReceiver, subscriptionRoutes } from './routes/subscriptions.ts';
import { clientErrorAuditDraft, installJsonBodyParser, installSignedRequests, type FederationOptions } from './signed-requests.ts';
import { createIdempotencyRegistry } from '../federation/outbox.ts';
import { consoleRoutes } from './console/console-routes.ts';
import type { OperatorContext } from './operator/context.ts';
import { OPERATOR_PREFIX, operatorPlugin } from './operator/operator-plugin.ts';
import type { Application } from './application/application.ts';
import { installApplications } from './application/install.ts';
import { discoverNodes } from '../federation/discovery.ts';
import { standaloneFederationClient } from './operator/trusted-context.ts';
import { AUDIT_CHECKPOINT_DELIVERY_KIND } from '../audit/index.ts';
import { checkpointReceiver } from './audit-anchoring/checkpoint-receiver.ts';
import { checkpointRoutes } from './audit-anchoring/checkpoint-routes.ts';

export interface NodeServerOptions {
  store: Store;
  participantId: string;
  /** The node's audit log (opened with the node's key): every decided read is appended before it is answered. */
  auditLog: AuditLogWriter;
  /** The usage policies the node decides by (`loadNodePolicies`). */
  policies: readonly NodePolicy[];
  /** How long a dataset query's area check may hold the event loop at a time (DatasetRouteOptions.areaCheckSliceMs). */
  areaCheckSliceMs?: number;
  /**
   * When response serializers are compiled: at a route's first answer (default; lazy-serializers.ts), or all at start
   * — what tests use to prove every route's response schema compiles.
   */
  responseSerializers?: 'lazy' | 'at-start';
  /** Who asks; until signed requests exist, everyone is the anonymous public. */
  authenticate?: Authenticator;
  /** Verified declarations in force (disaster phases); none by default. */
  declarations?: () => readonly VerifiedDeclaration[];
  /** Where the node's data lies, for a read that names no area and finds nothing; Japan by default. */
  dataAreas?: readonly AreaCode[];
  /** Pino level (and a stream, for tests that read the log) or false; request URLs are logged without their query. */
  logger?: boolean | { level: string; stream?: DestinationStream };
  /**
   * Signed requests between nodes (docs/federation-auth.md): with these, a request carrying a signature is verified
   * (refused 401 and audited when it does not verify), answers to verified requests are signed with `signer`, and the
   * node receives declarations and outbox deliveries. Without them every request is the public.
   */
  federation?: FederationOptions;
  /** Where received declarations are kept; a fresh book by default (the demo may share one to inspect it). */
  declarationBook?: DeclarationBook;
  /** The trust lists this node holds, with their age, for /health (src/node/live-trust.ts). */
  trustLists?: () => TrustListState[];
  /** On a trust anchor's node: serve the list from the anchor's directory and take join requests sent online. */
  trustPublication?: { anchorDir: string };
  /**
   * The operator console and its API (docs/console-api.md): /operator/… behind `token` (Bearer), the console's files
   * at /console/ (built from `console.entry`, web/src/main.tsx by default). Without it the node serves neither.
   */
  operator?: {
    token: string;
    context: OperatorContext;
    console?: { entry?: string; outDir?: string; basemap?: string };
  };
  /**
   * Applications installed on this node (src/node/application; the set shipped is src/apps/index.ts): their
   * migrations run, their delivery kinds are received, and — with `operator` — their console routes are served.
   */
  applications?: readonly Application[];
  /** The budget of unsigned /api/… requests (DEFAULT_PUBLIC_READ_LIMITS, docs/api.md); false for none. */
  publicReads?: RefusalLimits | false;
  /**
   * The budget of each verified participant's /api/… requests (DEFAULT_PEER_REQUEST_LIMITS, docs/api.md; the key is the
   * participant id); false for none. Signatures that do not verify always have their per-address budget.
   */
  peerRequests?: RefusalLimits | false;
  /**
   * Participants (besides each node itself and the trust anchors) that may read the audit checkpoints this node keeps
   * for others (TSUNAGU_AUDIT_AUDITORS; docs/audit.md, "Anchoring"). None by default.
   */
  auditAuditors?: readonly string[];
}

export type { FederationOptions };

/** The stable code of a problem+json body, when it is one. */
function problemCodeOf(payload: string): MessageCode | undefined {
  if (payload.length > 1_000_000) return undefined;
  try {
    const code = (JSON.parse(payload) as { code?: unknown }).code;
    return typeof code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(code) ? (code as MessageCode) : undefined;
  } catch {
    return undefined;
  }
}

export async function buildNodeServer(options: NodeServerOptions): Promise<FastifyInstance> {
  if (options.auditLog.node !== options.participantId) {
    throw new Error(`the audit log belongs to ${options.auditLog.node}, not to this node (${options.participantId})`);
  }
  // The model's own format: a local government code with a valid check digit, JP, or an ASEAN P-code.
  const formats = { 'area-code': (v: string) => parseAreaCode(v).ok };
  const app = Fastify({
    logger: options.logger === true ? nodeLoggerOptions({ level: 'info' }) : options.logger ? nodeLoggerOptions(options.logger) : false,
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
    // Each route's response serializer is compiled when it first answers (lazy-serializers.ts): memory, not speed.
    ...(options.responseSerializers === 'at-start' ? {} : { schemaController: { compilersFactory: { buildSerializer: lazySerializers() } } }),
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tsunagu node API',
        description: 'Tsunagu 防災データスペースのノードAPI / API of a Tsunagu disaster data space node',
        version: '0.1.0',
      },
      components: {
        securitySchemes: { operatorToken: { type: 'http', scheme: 'bearer', description: "the node's operator token (console)" } },
      },
    },
  });

  /** The problem for an error a route or Fastify raised: a client error names its cause, a server error only an id. */
  function problemOfError(error: FastifyError, request: FastifyRequest): Problem {
    const lang = requestLang(request);
    if (error.code === 'NODE_BODY_NOT_JSON') return problemOf(400, 'NODE_BODY_NOT_JSON', { detail: error.message }, lang);
    const purposeIn = error.validationContext === 'querystring' ? request.query : error.validationContext === 'body' ? request.body : undefined;
    if (error.validation && purposeIn !== undefined && error.validation.some((v) => v.instancePath === '/purpose')) {
      const stated = (purposeIn as Record<string, unknown> | null)?.purpose;
      const value = String(stated ?? '').slice(0, 100);
      return problemOf(400, 'NODE_PURPOSE_UNKNOWN', { value, allowed: codesOf(purposes).join(', ') }, lang);
    }
    if (error.validation) {
      const errors = error.validation.map((v) => ({ path: v.instancePath || String(v.params?.missingProperty ?? ''), message: v.message ?? '' }));
      return problemOf(400, 'HTTP_VALIDATION_FAILED', { detail: error.message }, lang, { errors });
    }
    if (error.statusCode && error.statusCode < 500) return problemOf(error.statusCode, 'HTTP_VALIDATION_FAILED', { detail: error.message }, lang);
    request.log.error({ err: error, requestId: request.id }, 'request failed');
    return problemOf(500, 'HTTP_INTERNAL', { requestId: request.id }, lang);
  }

  app.setErrorHandler(async (error: FastifyError, request, reply) => sendProblem(reply, { ...problemOfError(error, request), requestId: request.id }));
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, problemOf(404, 'HTTP_NOT_FOUND', { what: request.url }, requestLang(request))),
  );

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onSend', responseHeadersHook);

  // Every refusal is audited: the gate and the routes audit their own decisions, and any other 4xx answer (malformed,
  // oversized, outside the vocabulary) is audited here before it is sent. Ids of requests already audited are noted
  // as their entries are appended, and forgotten once answered.
  const audited = new Set<string>();
  const auditLog: Pick<AuditLogWriter, 'append'> = {
    append: (drafts, appendOptions) => {
      for (const d of drafts) audited.add(d.requestId);
      return options.auditLog.append(drafts, appendOptions);
    },
  };
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode < 400 || reply.statusCode >= 500 || audited.has(request.id) || isAudited(request)) return payload;
    const code = typeof payload === 'string' ? problemCodeOf(payload) : undefined;
    if (code === 'HTTP_NOT_FOUND') return payload; // an unknown path asks for nothing the node holds
    try {
      const appended = await auditLog.append([clientErrorAuditDraft(request, code ?? 'HTTP_VALIDATION_FAILED', sentProblemParams(request))]);
      if (!appended.ok) request.log.error({ requestId: request.id }, 'refusal not audited');
    } catch (e) {
      request.log.error({ requestId: request.id, err: e }, 'refusal not audited');
    }
    return payload;
  });
  app.addHook('onResponse', async (request) => {
    audited.delete(request.id);
  });

  installJsonBodyParser(app);
  const federation = options.federation;
  if (options.publicReads !== false) {
    const limits = options.publicReads;
    app.addHook('onRequest', publicReadLimitHook({ auditLog, verifiesSignatures: federation !== undefined, ...(limits ? { limits } : {}) }));
  }
  const now = federation?.now ?? (() => new Date());
  const authenticate = federation
    ? installSignedRequests(app, {
        ...federation,
        audience: options.participantId,
        auditLog,
        limits: signedRequestLimits({ auditLog, ...(options.peerRequests !== undefined ? { peers: options.peerRequests } : {}) }),
        ...(options.authenticate ? { fallback: options.authenticate } : {}),
      })
    : (options.authenticate ?? publicOnly);

  const book = options.declarationBook ?? createDeclarationBook();
  const given = options.declarations;
  const policies = options.policies.map((p) => p.policy);
  const gate = createAccessGate({
    policies,
    auditLog,
    declarations: () => (given ? [...given(), ...book.active(now())] : book.active(now())),
    dataAreas: options.dataAreas ?? [areaCode('JP')],
    now,
  });
  const published = new Set(policies.map((p) => p.dataset).filter((d) => datasetRecordTypes[d] !== undefined));

  // Applications get what the node's operator context knows (identity, peers, client); a node without a console
  // still knows itself and, when it federates, its peers, so deliveries from peers reach its applications.
  const operatorContext = options.operator?.context;
  const installed = await installApplications(options.applications ?? [], {
    store: options.store,
    participantId: options.participantId,
    name: operatorContext?.name ?? { ja: options.participantId, en: options.participantId },
    dataAreas: options.dataAreas ?? [areaCode('JP')],
    participantName: (id) => operatorContext?.participantName?.(id),
    now,
    declarations: () => (given ? [...given(), ...book.active(now())] : book.active(now())),
    peers: () => operatorContext?.peers() ?? (federation ? discoverNodes(federation.registry, { now: now() }) : []),
    client: operatorContext?.client ?? standaloneFederationClient('this node has no federation client for its applications'),
    auditLog,
    gate,
    ...(federation ? { registry: federation.registry } : {}),
    authenticate,
    warn: (detail, msg) => app.log.warn(detail, msg),
  });

  await app.register(healthRoutes, { store: options.store, participantId: options.participantId, ...(options.trustLists ? { trustLists: options.trustLists } : {}) });
  if (options.trustPublication) await app.register(trustListRoutes, { anchorDir: options.trustPublication.anchorDir, auditLog, now });
  await app.register(policyRoutes, { policies: options.policies });
  await app.register(catalogRoutes, { store: options.store, participantId: options.participantId, policies: options.policies, published });
  await app.register(shelterRoutes, { store: options.store, gate, authenticate });
  await app.register(datasetRoutes, {
    store: options.store,
    gate,
    authenticate,
    auditLog,
    published,
    now,
    ...(federation ? { registry: federation.registry } : {}),
    ...(options.areaCheckSliceMs !== undefined ? { areaCheckSliceMs: options.areaCheckSliceMs } : {}),
  });
  if (federation) {
    await app.register(recordWriteRoutes, { store: options.store, participantId: options.participantId, published, auditLog, authenticate });
    await app.register(declarationRoutes, { store: options.store, registry: federation.registry, book, auditLog, authenticate, now });
    const asked = { participantId: options.participantId, registry: federation.registry, now };
    const kinds = {
      notification: notificationReceiver({ store: options.store, now, onReceived: (n) => installed.notify(n) }),
      // Every federated node keeps its peers' audit checkpoints when they send them (docs/audit.md, "Anchoring").
      [AUDIT_CHECKPOINT_DELIVERY_KIND]: checkpointReceiver({ registry: federation.registry, now }),
      [DECLARATION_REQUEST_KIND]: declarationRequestReceiver(asked),
      [DECLARATION_REQUEST_ANSWER_KIND]: declarationRequestAnswerReceiver(asked),
    };
    await app.register(deliveryRoutes, {
      gate,
      receipts: createIdempotencyRegistry(options.store, { now }),
      auditLog,
      authenticate,
      now,
      kinds,
      applicationKinds: installed.deliveryKinds,
    });
    await app.register(checkpointRoutes, {
      participantId: options.participantId,
      anchors: options.store.auditAnchors,
      registry: federation.registry,
      auditors: options.auditAuditors ?? [],
      authenticate,
      auditLog,
    });
    await app.register(subscriptionRoutes, { store: options.store, gate, registry: federation.registry, auditLog, authenticate, published, dataAreas: options.dataAreas ?? [areaCode('JP')], now });
  }
  if (options.operator) {
    // Operator routes append through the server's wrapper too, so a refusal they audit is not audited twice.
    const context: OperatorContext = {
      ...options.operator.context,
      auditLog,
      auditKinds: installed.auditKinds,
      ...(options.trustPublication ? { anchorDir: options.trustPublication.anchorDir } : {}),
      applications: installed.installed.map((a) => ({ id: a.id, name: a.name, ...(a.console ? { console: a.console } : {}) })),
      ...(federation
        ? { declaring: { signer: federation.signer, registry: federation.registry, receive: createDeclarationReceiver({ store: options.store, registry: federation.registry, book, auditLog, now }) } }
        : {}),
    };
    const applicationRoutes = installed.installed.flatMap((a) => (a.parts.operatorRoutes ? [a.parts.operatorRoutes] : []));
    await app.register(operatorPlugin, { prefix: OPERATOR_PREFIX, token: options.operator.token, context, auditLog, applicationRoutes });
    await app.register(consoleRoutes, options.operator.console ?? {});
  }
  for (const a of installed.installed) if (a.parts.publicRoutes) await app.register(a.parts.publicRoutes);
  docsRoute(app);

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}
