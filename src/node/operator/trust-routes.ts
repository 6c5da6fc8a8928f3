// GET /operator/trust and POST /operator/trust/refresh: the trust lists this node holds (version, age, last fetch and why
// it failed), and a fetch from the anchors now rather than at the next scheduled one (tsunagu trust fetch).
import type { FastifyPluginAsync } from 'fastify';
import { Type } from '@sinclair/typebox';
import { problemOf, problemResponse, requestLang, sendProblem } from '../problem.ts';
import { LangQuery, unauthorized, type OperatorRouteOptions } from './session-routes.ts';

const TrustListsResponse = Type.Object({
  trustLists: Type.Array(Type.Object({ anchorId: Type.String(), trustListId: Type.String(), stale: Type.Boolean() }, { additionalProperties: true })),
});

export const trustRoutes: FastifyPluginAsync<OperatorRouteOptions> = async (app, { context }) => {
  const security = [{ operatorToken: [] }];
  const schema = (summary: string) => ({
    tags: ['operator'],
    summary,
    security,
    querystring: LangQuery,
    response: { 200: TrustListsResponse, 409: problemResponse('this node holds no trust list (it does not federate)'), ...unauthorized },
  });
  const none = (request: Parameters<typeof requestLang>[0]) => problemOf(409, 'TRUST_LIST_NONE_HELD', {}, requestLang(request));

  app.get('/trust', { schema: schema('The trust lists this node holds, with their age (トラストリストの状態)') }, async (request, reply) =>
    context.trustLists ? { trustLists: context.trustLists() } : sendProblem(reply, none(request)),
  );

  app.post('/trust/refresh', { schema: schema("Fetch the anchors' lists now (トラストリストを今すぐ取得)") }, async (request, reply) => {
    if (!context.trustLists || !context.refreshTrust) return sendProblem(reply, none(request));
    await context.refreshTrust();
    return { trustLists: context.trustLists() };
  });
};
