// The operator API under /operator: the console's only way into its node. Every route — the session, declarations,
// audit, catalog, federated query, shelter map and (on an anchor's node) the anchor's page here, and the installed applications' routes — sits behind the
// operator token.
import type { FastifyPluginAsync } from 'fastify';
import type { AuditLogWriter } from '../../audit/index.ts';
import { anchorRoutes } from './anchor-routes.ts';
import { auditRoutes } from './audit-routes.ts';
import type { OperatorContext } from './context.ts';
import { declareRoutes } from './declare-routes.ts';
import { declarationRequestRoutes } from './declaration-request-routes.ts';
import { logRoutes } from './log-routes.ts';
import { federationRoutes } from './federation-routes.ts';
import { operatorAuthHook } from './operator-auth.ts';
import { sessionRoutes } from './session-routes.ts';
import { shelterMapRoutes } from './shelter-map-routes.ts';
import { trustRoutes } from './trust-routes.ts';

export const OPERATOR_PREFIX = '/operator';

export interface OperatorPluginOptions {
  /** The bearer token the console presents; compared in constant time, never logged. */
  token: string;
  context: OperatorContext;
  /** Where refusals are audited: the node's log (through the server's wrapper, so each is recorded once). */
  auditLog: Pick<AuditLogWriter, 'append'>;
  /** Installed applications' console routes (src/node/application), registered behind the same token. */
  applicationRoutes?: readonly FastifyPluginAsync[];
}

/** Register with `{ prefix: OPERATOR_PREFIX }`. */
export const operatorPlugin: FastifyPluginAsync<OperatorPluginOptions> = async (app, { token, context, auditLog, applicationRoutes }) => {
  app.addHook('onRequest', operatorAuthHook({ token, auditLog }));
  await app.register(sessionRoutes, { context });
  await app.register(declareRoutes, { context });
  await app.register(declarationRequestRoutes, { context });
  await app.register(auditRoutes, { context });
  await app.register(logRoutes, { context });
  await app.register(federationRoutes, { context });
  await app.register(shelterMapRoutes, { context });
  await app.register(trustRoutes, { context });
  await app.register(anchorRoutes, { context });
  // Declared relative (/lifeline/…), so they land under the prefix and behind the token with the routes above.
  for (const routes of applicationRoutes ?? []) await app.register(routes);
};
