// The console's lifeline API on a node (docs/console-api.md): runs of the lives-to-save list, match decisions and
// safety-status reports. Registered by the operator plugin behind the operator token.
// (Being written — owned by the lifeline service work; the plugin signature is the contract.)
import type { FastifyPluginAsync } from 'fastify';
import type { OperatorContext } from '../operator/context.ts';

export interface LifelineRouteOptions {
  context: OperatorContext;
}

export const lifelineRoutes: FastifyPluginAsync<LifelineRouteOptions> = async () => {};
