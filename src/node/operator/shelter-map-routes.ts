// GET /operator/shelters: every shelter the federation knows for the console's map — this node's own plus the public
// shelter datasets of every other node, deduplicated by id and then joined into one entry per place
// (src/node/operator/shelter-join.ts) — as one GeoJSON FeatureCollection, with totals and the nodes that did not answer.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { GSI_ADAPTER } from '../../adapters/gsi-shelters.ts';
import { fanOut, missingMessage, PeerFailure } from '../../federation/fan-out.ts';
import { nodeAnswerOf, type AnsweredRecord } from '../../federation/federated-query.ts';
import { message } from '../../i18n/index.ts';
import type { BBox } from '../../model/index.ts';
import { isProblem, problemResponse, requestLang, sendProblem } from '../problem.ts';
import { bboxNumbers, bboxOf } from '../read-params.ts';
import { nameOf, otherPeers, targetOf } from './peers.ts';
import { joinShelters, shelterTotals } from './shelter-join.ts';
import { createShelterHolders } from './shelter-holders.ts';
import { ShelterFeature, SheltersResponse } from './api-schemas.ts';
import { unauthorized, type OperatorRouteOptions } from './session-routes.ts';

export const SHELTER_DEADLINE_MS = 5_000;
/** Most shelters taken from one node (a prefecture holds a few thousand). */
export const MAX_SHELTERS_PER_NODE = 20_000;
const PAGE = 1000;

const SheltersQuery = Type.Object(
  {
    bbox: Type.Optional(Type.String({ maxLength: 200, description: 'west,south,east,north in WGS84 degrees' })),
    lang: Type.Optional(Type.Union([Type.Literal('ja'), Type.Literal('en')])),
  },
  { additionalProperties: false },
);

type Feature = Static<typeof ShelterFeature>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});

/** A shelter record (whatever fields its provider's policy let out) as a map feature. */
export function shelterFeature(record: AnsweredRecord | { id: string }, answeredBy: string): Feature | undefined {
  const r = obj(record);
  const data = obj(r.data);
  const id = str(r.id);
  if (id === undefined) return undefined;
  const name = obj(data.name);
  const coordinates = obj(data.location).coordinates;
  const point =
    Array.isArray(coordinates) && coordinates.length >= 2 && coordinates.every((c) => typeof c === 'number' && Number.isFinite(c))
      ? { type: 'Point' as const, coordinates: [coordinates[0] as number, coordinates[1] as number] }
      : null;
  const counts = Array.isArray(data.evacueeCounts) ? data.evacueeCounts.map(obj) : [];
  const latest = counts.reduce<Record<string, unknown> | undefined>(
    (a, c) => (a === undefined || String(c.observedAt ?? '') > String(a.observedAt ?? '') ? c : a),
    undefined,
  );
  const kinds = Array.isArray(data.kinds) ? data.kinds.filter((k): k is string => typeof k === 'string') : [];
  const capacity = obj(data.capacity).persons;
  const ja = str(name.ja);
  const en = str(name.en);
  // The nationwide (GSI) list publishes no observation time, so its records' time is only when they were imported.
  const lineage = Array.isArray(r.lineage) ? r.lineage.map(obj) : [];
  const importedOnly = lineage.length > 0 && lineage.every((l) => l.activity === 'import' && l.adapter === GSI_ADAPTER);
  return {
    type: 'Feature',
    id,
    geometry: point,
    properties: {
      id,
      name: ja ?? en ?? id,
      ...(en && ja ? { nameEn: en } : {}),
      ...(kinds[0] ? { kind: kinds[0] } : {}),
      kinds,
      openStatus: str(data.openStatus) ?? 'unknown',
      ...(latest && typeof latest.count === 'number' ? { evacuees: latest.count } : {}),
      ...(latest && str(latest.observedAt) ? { evacueesAt: str(latest.observedAt)! } : {}),
      ...(typeof capacity === 'number' ? { capacity } : {}),
      ...(str(data.areaCode) ? { areaCode: str(data.areaCode)! } : {}),
      observedAt: str(r.observedAt) ?? '',
      ...(importedOnly ? { observedAtIsImport: true } : {}),
      sourceNode: answeredBy,
    },
  };
}

export const shelterMapRoutes: FastifyPluginAsyncTypebox<OperatorRouteOptions> = async (app, { context }) => {
  const holders = createShelterHolders({
    fetchCatalog: async (participantId, signal) => {
      const peer = otherPeers(context).find((p) => p.participantId === participantId);
      if (!peer) return 'unreadable';
      const r = await context.client.request(targetOf(peer), 'GET', '/api/v1/catalog', undefined, signal);
      if (!r.ok && r.reason === 'network') throw new PeerFailure('unreachable', r.detail);
      return r.ok && r.status === 200 ? { body: r.body } : 'unreadable';
    },
  });
  app.get(
    '/shelters',
    {
      schema: {
        tags: ['operator'],
        summary: 'Shelters across the federation for the map, as GeoJSON (避難所マップ)',
        description:
          "This node's own shelters and every other node's shelter dataset (asked for evacuation-support, decided and " +
          "audited by each provider; a node whose public catalog counts no shelter is not asked), deduplicated by id — this node's version first — and joined into one feature per " +
          "shelter (same name and municipality, within 300 m: the city's open status and evacuee count on one dot), with " +
          `totals. Answers within ${SHELTER_DEADLINE_MS / 1000} s.`,
        security: [{ operatorToken: [] }],
        querystring: SheltersQuery,
        response: { 200: SheltersResponse, 400: problemResponse('a malformed bbox'), ...unauthorized },
      },
    },
    async (request, reply) => {
      const lang = requestLang(request);
      let bbox: BBox | undefined;
      if (request.query.bbox !== undefined) {
        const parsed = bboxOf(bboxNumbers(request.query.bbox), lang);
        if (isProblem(parsed)) return sendProblem(reply, parsed);
        bbox = parsed;
      }
      const features = new Map<string, Feature>();
      // Own shelters straight from the store: the node's own operator reads its own data.
      for (let after: string | undefined, n = 0; n < MAX_SHELTERS_PER_NODE; ) {
        const rows = await context.store.query({ type: 'shelter', limit: PAGE, ...(bbox ? { bbox } : {}), ...(after ? { after } : {}) });
        for (const r of rows) {
          const f = shelterFeature(r, context.participantId);
          if (f && !features.has(f.id)) features.set(f.id, f);
        }
        n += rows.length;
        if (rows.length < PAGE) break;
        after = rows[rows.length - 1]!.id;
      }
      const outcome = await fanOut({
        targets: otherPeers(context),
        deadlineMs: SHELTER_DEADLINE_MS,
        retry: { attempts: 2, baseDelayMs: 100, maxDelayMs: 500 },
        request: async (peer, signal) => {
          const items: AnsweredRecord[] = [];
          if (!(await holders.holdsShelters(peer.participantId, signal))) return items;
          for (let after: string | undefined; items.length < MAX_SHELTERS_PER_NODE; ) {
            const result = await context.client.query(
              targetOf(peer),
              'shelters',
              { purpose: 'evacuation-support', lang, limit: PAGE, ...(bbox ? { bbox: [bbox.west, bbox.south, bbox.east, bbox.north] as const } : {}), ...(after ? { after } : {}) },
              signal,
            );
            const answer = nodeAnswerOf(result, 'evacuation-support');
            items.push(...answer.items);
            if (answer.next === undefined) break;
            after = answer.next;
          }
          return items;
        },
      });
      for (const r of outcome.results) {
        for (const item of r.value) {
          const f = shelterFeature(item, r.target.participantId);
          if (f && !features.has(f.id)) features.set(f.id, f);
        }
      }
      const missing = outcome.missing.map((m) => {
        const name = nameOf(context, m.target.participantId);
        const text = missingMessage(m, name[lang]);
        return { participantId: m.target.participantId, name, reason: m.reason, detail: message(text.code, text.params, lang) };
      });
      const byId = new Map([...features.values()].map((f) => [f.id, f.properties.sourceNode]));
      const shelters = joinShelters([...features.values()]).map((f) => {
        const holders = [...new Set((f.properties.ids ?? [f.id]).map((id) => byId.get(id) ?? f.properties.sourceNode))];
        return { ...f, properties: { ...f.properties, sources: holders.map((participantId) => ({ participantId, name: nameOf(context, participantId) })) } };
      });
      return { type: 'FeatureCollection' as const, features: shelters, missing, totals: shelterTotals(shelters) };
    },
  );
};
