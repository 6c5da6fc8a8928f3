// GET /api/v1/catalog: the datasets this node publishes, DCAT-inspired, with how many records each holds and each
// governing policy in plain Japanese and English. Counts only: no record, no personal data.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { builtInDatasets, renderPolicy } from '../../policy/index.ts';
import type { Store } from '../../store/types.ts';
import type { NodePolicy } from '../node-policies.ts';
import { datasetRecordTypes } from './datasets.ts';

const Text = Type.Object({ ja: Type.String(), en: Type.String() });

const CatalogResponse = Type.Object({
  publisher: Type.String({ description: 'participant id of this node' }),
  dataset: Type.Array(
    Type.Object({
      identifier: Type.String(),
      title: Text,
      recordCount: Type.Integer({ description: 'current records (an aggregate, never the records)' }),
      accessURL: Type.String({ description: 'query endpoint, relative to this node' }),
      policies: Type.Array(
        Type.Object({ identifier: Type.String(), version: Type.Integer(), title: Text, summary: Text }, { description: 'renderPolicy text' }),
      ),
    }),
  ),
});

export interface CatalogRouteOptions {
  store: Store;
  participantId: string;
  policies: readonly NodePolicy[];
  published: ReadonlySet<string>;
}

export const catalogRoutes: FastifyPluginAsyncTypebox<CatalogRouteOptions> = async (app, { store, participantId, policies, published }) => {
  app.get(
    '/api/v1/catalog',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Datasets this node publishes, with their usage policies in words (データカタログ)',
        response: { 200: CatalogResponse },
      },
    },
    async () => {
      const dataset = [];
      for (const name of [...published].sort()) {
        const type = datasetRecordTypes[name];
        if (type === undefined) continue;
        const def = builtInDatasets.get(name);
        const governing = policies.filter((p) => p.policy.dataset === name);
        dataset.push({
          identifier: name,
          title: { ja: def?.label.ja ?? name, en: def?.label.en ?? name },
          recordCount: await store.count({ type }),
          accessURL: `/api/v1/datasets/${name}/records`,
          policies: governing.map(({ policy }) => {
            const ja = renderPolicy(policy, 'ja');
            const en = renderPolicy(policy, 'en');
            return { identifier: policy.id, version: policy.version, title: { ja: ja.title, en: en.title }, summary: { ja: ja.text, en: en.text } };
          }),
        });
      }
      return { publisher: participantId, dataset };
    },
  );
};
