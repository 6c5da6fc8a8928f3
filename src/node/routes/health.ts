// GET /health: whether the node is up (and its data can still be read), which participant it serves and which storage
// backend it runs on.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Store } from '../../store/types.ts';
import type { TrustListState } from '../live-trust.ts';
import { problemOf, problemResponse, requestLang, sendProblem } from '../problem.ts';

/** The trust lists a federated node holds: version, age, and whether the last fetch from the anchor worked. */
const TrustListHealthSchema = Type.Object({
  anchorId: Type.String(),
  trustListId: Type.String(),
  via: Type.String({ description: 'configuration (pinned) or recognition (by a trusted list)' }),
  listUrl: Type.Optional(Type.String()),
  version: Type.Optional(Type.Integer()),
  issuedAt: Type.Optional(Type.String()),
  nextUpdate: Type.Optional(Type.String()),
  ageSeconds: Type.Optional(Type.Integer({ description: 'seconds since the held list was issued' })),
  stale: Type.Boolean({ description: 'past its nextUpdate: still used, with a warning' }),
  lastConfirmedAt: Type.Optional(Type.String({ description: 'last fetch that brought a list that verified' })),
  lastAttemptAt: Type.Optional(Type.String()),
  lastProblem: Type.Optional(Type.Object({ code: Type.String(), params: Type.Record(Type.String(), Type.Unknown()) })),
});

const HealthSchema = Type.Object({
  status: Type.Literal('ok'),
  participant: Type.String(),
  backend: Type.String(),
  postgis: Type.Boolean(),
  time: Type.String({ format: 'date-time' }),
  trustLists: Type.Optional(Type.Array(TrustListHealthSchema, { description: 'the trust lists held, on a node that federates' })),
});

export const healthRoutes: FastifyPluginAsyncTypebox<{ store: Store; participantId: string; trustLists?: () => TrustListState[] }> = async (app, { store, participantId, trustLists }) => {
  app.get(
    '/health',
    {
      schema: {
        tags: ['node'], summary: 'Node health',
        description: 'Answers 503 when the node can answer nothing more from its data (its embedded database’s thread ended): restart the node.',
        response: { 200: HealthSchema, 503: problemResponse('the node’s database can answer nothing more') },
      },
    },
    async (request, reply) => {
      // /health reads no database, so without this a node whose database thread died would look healthy while every
      // other request failed.
      const unavailable = store.unavailable?.();
      if (unavailable) return sendProblem(reply, { ...problemOf(503, unavailable.code, unavailable.params, requestLang(request)), requestId: request.id });
      return {
        status: 'ok' as const,
        participant: participantId,
        backend: store.info.backend,
        postgis: store.info.postgis,
        time: new Date().toISOString(),
        ...(trustLists ? { trustLists: trustLists() } : {}),
      };
    },
  );
};
