// GET /operator/audit: "who used my data, for what" — this node's audit log, newest first, filtered and paged by the
// store's audit query, with every reason in the reader's language and a summary per requester × purpose × decision.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { auditEntryKinds, type AuditEntry, type AuditFilter } from '../../audit/index.ts';
import { message, type Lang } from '../../i18n/index.ts';
import { purposes, type Purpose } from '../../model/index.ts';
import { builtInDatasets, fieldLabel, policyActions, renderReasons } from '../../policy/index.ts';
import { problemOf, problemResponse, requestLang, sendProblem } from '../problem.ts';
import { knownNameOf, participantNames } from './peers.ts';
import { AuditResponse } from './api-schemas.ts';
import { unauthorized, type OperatorRouteOptions } from './session-routes.ts';

const Code = Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z][a-z0-9-]*$' });
const Id = Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9][A-Za-z0-9_.:@/-]*$' });
const Instant = Type.String({ format: 'date-time', description: 'ISO 8601 date-time with offset' });

const AuditQuery = Type.Object(
  {
    requester: Type.Optional({ ...Id, description: 'participant id of who asked (e.g. jp-170003-ishikawa-pref)' }),
    purpose: Type.Optional({ ...Code, description: 'purpose of use as stated (e.g. life-saving)' }),
    dataset: Type.Optional({ ...Id, description: 'dataset (e.g. persons, shelters)' }),
    decision: Type.Optional(Type.Union([Type.Literal('allow'), Type.Literal('deny')])),
    kind: Type.Optional({ ...Code, description: 'entry kind (access-decision, declaration-received, admin, …)' }),
    since: Type.Optional({ ...Instant, description: 'entries at or after this instant' }),
    until: Type.Optional({ ...Instant, description: 'entries before this instant' }),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 50 }),
    cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$', description: '`next` of the previous page' })),
    lang: Type.Optional(Type.Union([Type.Literal('ja'), Type.Literal('en')])),
  },
  { additionalProperties: false },
);




function purposeLabel(p: string, lang: Lang): string | undefined {
  return p in purposes ? purposes[p as Purpose][lang] : undefined;
}

export const auditRoutes: FastifyPluginAsyncTypebox<OperatorRouteOptions> = async (app, { context }) => {
  app.get(
    '/audit',
    {
      schema: {
        tags: ['operator'],
        summary: "This node's audit log: who used my data, for what (監査ログ: 誰が何の目的でデータを使ったか)",
        description:
          'Newest first. Filters combine with AND; `since`/`until` bound the entry time. The first page (no `cursor`) ' +
          'carries a summary per requester × purpose × decision over the same filter.',
        security: [{ operatorToken: [] }],
        querystring: AuditQuery,
        response: { 200: AuditResponse, 400: problemResponse('a malformed filter'), ...unauthorized },
      },
    },
    async (request, reply) => {
      const lang = requestLang(request);
      const q = request.query;
      const filter: AuditFilter = {
        ...(q.requester !== undefined ? { requester: q.requester } : {}),
        ...(q.purpose !== undefined ? { purpose: q.purpose } : {}),
        ...(q.dataset !== undefined ? { dataset: q.dataset } : {}),
        ...(q.decision !== undefined ? { decision: q.decision } : {}),
        ...(q.kind !== undefined ? { kind: q.kind } : {}),
        ...(q.since !== undefined ? { from: q.since } : {}),
        ...(q.until !== undefined ? { to: q.until } : {}),
      };
      const page = await context.store.audit.query({ ...filter, limit: q.limit, order: 'newest-first', ...(q.cursor !== undefined ? { cursor: q.cursor } : {}) });
      if (!page.ok) {
        const errors = page.problems.map((p) => ({ path: String(p.params.path ?? ''), message: message(p.code, p.params, lang) }));
        return sendProblem(reply, problemOf(400, 'HTTP_VALIDATION_FAILED', { detail: errors.map((e) => e.message).join('; ') }, lang, { errors }));
      }
      const names = participantNames(context);
      const known = (id: string) => knownNameOf(context, id);
      const items = page.page.entries.map((e: AuditEntry) => {
        const requesterName = known(e.requester);
        const reasons = renderReasons(e.dataset, e.reasons, lang, { participantNames: names });
        const kinds: Readonly<Record<string, { ja: string; en: string }>> = context.auditKinds ?? auditEntryKinds;
        const kind = Object.hasOwn(kinds, e.kind) ? kinds[e.kind]![lang] : undefined;
        const label = purposeLabel(e.purpose, lang);
        // Codes stay (filters and tests use them); people read the labels beside them.
        const dataset = builtInDatasets.get(e.dataset);
        const actionLabel = Object.hasOwn(policyActions, e.action) ? policyActions[e.action as keyof typeof policyActions][lang] : undefined;
        return {
          seq: e.seq,
          at: e.time,
          kind: e.kind,
          ...(kind ? { kindLabel: kind } : {}),
          requester: e.requester,
          ...(requesterName ? { requesterName } : {}),
          ...(e.onBehalfOf ? { onBehalfOf: e.onBehalfOf } : {}),
          purpose: e.purpose,
          ...(label ? { purposeLabel: label } : {}),
          action: e.action,
          ...(actionLabel ? { actionLabel } : {}),
          dataset: e.dataset,
          ...(dataset ? { datasetLabel: dataset.label[lang] } : {}),
          ...(dataset && e.fields.length > 0 ? { fieldLabels: e.fields.map((f) => fieldLabel(dataset, f, lang)) } : {}),
          decision: e.decision,
          reasons: e.reasons.map((r, i) => ({ code: r.code, message: reasons[i] ?? r.code })),
          fields: e.fields,
          count: e.recordCount,
          ...(e.recordIds ? { recordIds: e.recordIds } : {}),
          ...(e.policy ? { policy: e.policy } : {}),
          ...(e.declarationId ? { declarationId: e.declarationId } : {}),
          ...(e.delegationId ? { delegationId: e.delegationId } : {}),
          requestId: e.requestId,
          hash: e.hash,
        };
      });
      let summary;
      if (q.cursor === undefined) {
        const s = await context.store.audit.summarize(filter);
        if (s.ok) {
          summary = s.summary.rows.map((r) => {
            const requesterName = known(r.requester);
            const label = purposeLabel(r.purpose, lang);
            return {
              requester: r.requester,
              ...(requesterName ? { requesterName } : {}),
              purpose: r.purpose,
              ...(label ? { purposeLabel: label } : {}),
              decision: r.decision,
              count: r.entries,
              records: r.records,
              first: r.first,
              last: r.last,
            };
          });
        }
      }
      return { items, ...(page.page.nextCursor ? { next: page.page.nextCursor } : {}), ...(summary ? { summary } : {}) };
    },
  );
};
