// GET /health: whether the node is up, which participant it serves and which storage backend it runs on.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Store } from '../../store/types.ts';
import type { TrustListState } from '../live-trust.ts';

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
  app.get('/health', { schema: { tags: ['node'], summary: 'Node health', response: { 200: HealthSchema } } }, async () => ({
    status: 'ok' as const,
    participant: participantId,
    backend: store.info.backend,
    postgis: store.info.postgis,
    time: new Date().toISOString(),
    ...(trustLists ? { trustLists: trustLists() } : {}),
  }));
};
