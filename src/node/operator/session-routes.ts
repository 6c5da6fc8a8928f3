// GET /operator/session and /operator/declarations: who this node is, whom it can ask, and the disaster declarations
// it has received — in force now, and past ones from its store.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { DeclarationsResponse, SessionResponse } from './api-schemas.ts';
import { DEFAULT_TIME_ZONE } from '../config.ts';

export { DeclarationSummarySchema, TextPair } from './api-schemas.ts';
import type { Declaration } from '../../model/index.ts';
import type { Lang } from '../../i18n/index.ts';
import { problemResponse, requestLang } from '../problem.ts';
import type { OperatorContext } from './context.ts';
import type { TrustListState } from '../live-trust.ts';
import { nameOf, peerViews } from './peers.ts';
import { anchorPaths, readAnchorFile } from '../../trust/anchor-files.ts';

export const LangQuery = Type.Object(
  { lang: Type.Optional(Type.Union([Type.Literal('ja'), Type.Literal('en')], { description: 'language of messages; default from Accept-Language, else Japanese' })) },
  { additionalProperties: false },
);







export const unauthorized = {
  401: problemResponse('no operator token, or a wrong one (OPERATOR_TOKEN_REQUIRED / OPERATOR_TOKEN_INVALID)'),
  429: problemResponse('too many requests without a valid token from this sender, or from all senders, this minute (OPERATOR_TOO_MANY_REFUSALS; see Retry-After)'),
};

const keyOf = (d: Pick<Declaration, 'issuer' | 'id'>) => `${d.issuer}\n${d.id}`;

/** Areas named after the authority whose jurisdiction is exactly that area (七尾市 for 172022), else left as codes. */
export function areaNamesOf(context: OperatorContext, areas: readonly string[], lang: Lang): string[] | undefined {
  const authorities = context.peers().filter((p) => (p.role === 'municipality' || p.role === 'prefecture') && p.jurisdiction.length === 1);
  let named = false;
  const names = areas.map((a) => {
    const p = authorities.find((x) => x.jurisdiction[0] === a);
    if (!p) return a;
    named = true;
    return nameOf(context, p.participantId)[lang];
  });
  return named ? names : undefined;
}

export function declarationSummary(context: OperatorContext, d: Declaration, active: boolean, lang: Lang) {
  const areaNames = areaNamesOf(context, d.areas, lang);
  return {
    id: d.id,
    issuer: d.issuer,
    issuerName: nameOf(context, d.issuer),
    title: { ...(d.title.ja ? { ja: d.title.ja } : {}), ...(d.title.en ? { en: d.title.en } : {}) },
    hazard: d.hazard,
    phase: d.phase,
    areas: [...d.areas],
    ...(areaNames ? { areaNames } : {}),
    validFrom: d.issuedAt,
    validUntil: d.expiresAt,
    ...(d.geometry ? { area: d.geometry } : {}),
    active,
  };
}

/** A held trust list as the session reports it: a problem's parameters without the ones that were not given. */
function trustListView({ lastProblem, ...held }: TrustListState) {
  if (!lastProblem) return held;
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(lastProblem.params)) if (v !== undefined) params[k] = v;
  return { ...held, lastProblem: { code: lastProblem.code, params } };
}

/** The anchor this node serves, from its anchor.json (a file read: the anchor's database stays closed). */
async function servedAnchor(context: OperatorContext): Promise<{ anchor?: { anchorId: string; trustListId: string } }> {
  if (!context.anchorDir) return {};
  const file = await readAnchorFile(anchorPaths(context.anchorDir));
  return file.ok ? { anchor: { anchorId: file.value.anchorId, trustListId: file.value.trustListId } } : {};
}

export interface OperatorRouteOptions {
  context: OperatorContext;
}

export const sessionRoutes: FastifyPluginAsyncTypebox<OperatorRouteOptions> = async (app, { context }) => {
  const security = [{ operatorToken: [] }];

  app.get(
    '/session',
    {
      schema: {
        tags: ['operator'],
        summary: 'This node, its declarations in force and the nodes it may ask (コンソールのセッション)',
        security,
        querystring: LangQuery,
        response: { 200: SessionResponse, ...unauthorized },
      },
    },
    async (request) => ({
      node: { id: context.participantId, name: context.name, timeZone: context.timeZone ?? DEFAULT_TIME_ZONE },
      ...(await servedAnchor(context)),
      declarations: context.declarations().map((v) => declarationSummary(context, v.declaration, true, requestLang(request))),
      peers: peerViews(context),
      applications: [...(context.applications ?? [])],
      ...(context.trustLists ? { trustLists: context.trustLists().map(trustListView) } : {}),
    }),
  );

  app.get(
    '/declarations',
    {
      schema: {
        tags: ['operator'],
        summary: 'Disaster declarations received, in force and past, newest first (災害宣言の一覧)',
        security,
        querystring: LangQuery,
        response: { 200: DeclarationsResponse, ...unauthorized },
      },
    },
    async (request) => {
      const lang = requestLang(request);
      const active = new Set(context.declarations().map((v) => keyOf(v.declaration)));
      const byKey = new Map<string, Declaration>();
      for (const v of context.declarations()) byKey.set(keyOf(v.declaration), v.declaration);
      // Every declaration the node accepted was verified before it was stored; past ones live only in the store.
      for (const r of await context.store.query({ type: 'declaration' })) {
        if (!byKey.has(keyOf(r.data))) byKey.set(keyOf(r.data), r.data);
      }
      const items = [...byKey.values()]
        .sort((a, b) => Date.parse(b.issuedAt) - Date.parse(a.issuedAt) || (a.id < b.id ? -1 : 1))
        .map((d) => declarationSummary(context, d, active.has(keyOf(d)), lang));
      return { items };
    },
  );
};
