// GET /federation/audit-checkpoints/:node — a keeper giving out the checkpoints it holds of a node, with the conflicts
// it refused (forks, rewinds). Signed requests only, and only for the node itself, a trust anchor this keeper trusts,
// or an auditor this keeper's operator named: the checkpoints say how active a node is, which is not everyone's to
// know. Every answer and refusal is audited; the answer is signed like every answer to a signed request.
import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { HeldCheckpointsAnswerSchema, type AuditLogWriter, type HeldCheckpointsAnswer } from '../../audit/index.ts';
import { ParticipantIdSchema } from '../../model/index.ts';
import { isPublicRequester, PUBLIC_REQUESTER_ID } from '../../policy/index.ts';
import type { AuditAnchorStorage } from '../../store/audit-anchor-store.ts';
import type { TrustRegistry } from '../../trust/trust-registry.ts';
import { problemOf, problemResponse, requestLang, sendProblem } from '../problem.ts';
import type { Authenticator } from '../requester.ts';
import { anchoringAuditDraft } from './anchoring-audit.ts';

export const HELD_CHECKPOINTS_PATH = '/federation/audit-checkpoints';

/** Why a reader may see a node's held checkpoints. */
export type CheckpointReaderStanding = 'self' | 'trust-anchor' | 'auditor';

/** Whether `reader` may read what this keeper holds of `node`; undefined when it may not. Pure. */
export function checkpointReaderStanding(
  reader: string,
  node: string,
  trusted: { anchors: ReadonlySet<string> | ReadonlyMap<string, unknown>; auditors: readonly string[] },
): CheckpointReaderStanding | undefined {
  if (reader === node) return 'self';
  if (trusted.anchors.has(reader)) return 'trust-anchor';
  if (trusted.auditors.includes(reader)) return 'auditor';
  return undefined;
}

const Params = Type.Object({ node: ParticipantIdSchema });
const Query = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })) }, { additionalProperties: false });

export interface CheckpointRouteOptions {
  /** This node: the keeper. */
  participantId: string;
  anchors: Pick<AuditAnchorStorage, 'held' | 'conflicts'>;
  registry: TrustRegistry;
  /** Participants this keeper's operator lets read any node's checkpoints (TSUNAGU_AUDIT_AUDITORS). */
  auditors: readonly string[];
  authenticate: Authenticator;
  auditLog: Pick<AuditLogWriter, 'append'>;
}

export const checkpointRoutes: FastifyPluginAsync<CheckpointRouteOptions> = async (app, options) => {
  app.get<{ Params: Static<typeof Params>; Querystring: Static<typeof Query> }>(
    `${HELD_CHECKPOINTS_PATH}/:node`,
    {
      schema: {
        tags: ['federation'],
        summary: "Checkpoints of a node's audit log held here (保持している監査ログのチェックポイント)",
        description:
          'Signed requests only. The newest `limit` checkpoints this node keeps of `node` (newest first) and the ' +
          'conflicting ones it refused as evidence. Only `node` itself, a trust anchor this node trusts and the auditors ' +
          "its operator named may read them (docs/audit.md, \"Anchoring\").",
        params: Params,
        querystring: Query,
        response: {
          200: HeldCheckpointsAnswerSchema,
          401: problemResponse('unsigned, or a signature that did not verify'),
          403: problemResponse('neither the node itself, a trust anchor nor a named auditor'),
        },
      },
    },
    async (request, reply) => {
      const lang = requestLang(request);
      const node = request.params.node;
      const who = await options.authenticate(request);
      if (!who.ok) return sendProblem(reply, who.problem);
      const requester = who.value.requester;
      const reader = isPublicRequester(requester) ? PUBLIC_REQUESTER_ID : requester.id;
      const standing = isPublicRequester(requester)
        ? undefined
        : checkpointReaderStanding(reader, node, { anchors: options.registry.anchors, auditors: options.auditors });
      const audit = async (decision: 'allow' | 'deny', code: 'AUDIT_ANCHOR_READ' | 'AUDIT_ANCHOR_READ_DENIED', params: Record<string, string | number>, count: number) => {
        const r = await options.auditLog.append([anchoringAuditDraft({ kind: 'checkpoint-read', requester: reader, decision, code, params, recordCount: count, requestId: request.id })]);
        if (!r.ok) throw new Error(`read of held checkpoints not audited: ${r.problems.map((p) => p.code).join(', ')}`);
      };
      if (standing === undefined) {
        const params = { node, reader };
        await audit('deny', 'AUDIT_ANCHOR_READ_DENIED', params, 0);
        return sendProblem(reply, problemOf(isPublicRequester(requester) ? 401 : 403, 'AUDIT_ANCHOR_READ_DENIED', params, lang, { requestId: request.id }));
      }
      const limit = request.query.limit ?? 100;
      const held = await options.anchors.held(node, limit);
      const conflicts = await options.anchors.conflicts(node, limit);
      // Audited before it leaves: no answer goes out that the keeper's log does not show.
      await audit('allow', 'AUDIT_ANCHOR_READ', { node, reader, as: standing, count: held.length }, held.length);
      const answer: HeldCheckpointsAnswer = {
        node,
        keeper: options.participantId,
        checkpoints: held.map((h) => ({ checkpoint: h.checkpoint, receivedAt: h.receivedAt })),
        conflicts: conflicts.map(({ sender: _sender, ...c }) => c),
      };
      return reply.code(200).send(answer);
    },
  );
};
