// GET /health: whether the node is up, which participant it serves and which storage backend it runs on.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Store } from '../../store/types.ts';

const HealthSchema = Type.Object({
  status: Type.Literal('ok'),
  participant: Type.String(),
  backend: Type.String(),
  postgis: Type.Boolean(),
  time: Type.String({ format: 'date-time' }),
});

export const healthRoutes: FastifyPluginAsyncTypebox<{ store: Store; participantId: string }> = async (app, { store, participantId }) => {
  app.get('/health', { schema: { tags: ['node'], summary: 'Node health', response: { 200: HealthSchema } } }, async () => ({
    status: 'ok' as const,
    participant: participantId,
    backend: store.info.backend,
    postgis: store.info.postgis,
    time: new Date().toISOString(),
  }));
};
