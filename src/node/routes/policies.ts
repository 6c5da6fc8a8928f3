// GET /api/v1/policies: the usage policies this node decides by, as data and in plain Japanese and English, so that
// anyone — the people whose data it is included — can read who may see what, for which purpose, and when.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { PolicySchema, renderPolicy, type RenderedPolicy } from '../../policy/index.ts';
import type { NodePolicy } from '../node-policies.ts';
import { withoutIds } from '../response-schemas.ts';

const RenderedSchema = Type.Object({
  title: Type.String(),
  permits: Type.Array(Type.Object({ id: Type.String(), text: Type.String() })),
  text: Type.String({ description: 'the title and one paragraph per permit' }),
});

const PoliciesResponse = Type.Object({
  items: Type.Array(
    Type.Object({
      policy: withoutIds(PolicySchema),
      source: Type.String({ description: "'built-in', or the name of the policy file it was loaded from" }),
      text: Type.Object({ ja: RenderedSchema, en: RenderedSchema }, { description: 'the policy in words (renderPolicy)' }),
    }),
  ),
});

export const policyRoutes: FastifyPluginAsyncTypebox<{ policies: readonly NodePolicy[] }> = async (app, { policies }) => {
  // Policies are fixed while the node runs, so their texts are rendered once.
  const items = policies.map(({ policy, source }) => {
    const text: { ja: RenderedPolicy; en: RenderedPolicy } = { ja: renderPolicy(policy, 'ja'), en: renderPolicy(policy, 'en') };
    return { policy, source, text };
  });
  app.get(
    '/api/v1/policies',
    {
      schema: {
        tags: ['policies'],
        summary: 'Usage policies of this node, as data and in words (利用ポリシー)',
        description:
          'Every read of a dataset is decided by these policies and recorded in the audit log. A permit with ' +
          '`audience: public` lets anyone read public fields without authentication; other permits serve participants ' +
          'with a verified credential. Datasets no policy names are not shared (default deny).',
        response: { 200: PoliciesResponse },
      },
    },
    async () => ({ items }),
  );
};
