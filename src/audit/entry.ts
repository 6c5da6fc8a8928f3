// What one audit entry says: a policy decision or another accountable event on a node, chained to the entry before it.
// Entries name participants, datasets, fields and at most record ids — never names or other personal data.
import { Type, type Static, type TString } from '@sinclair/typebox';
import { IdSchema, ParticipantIdSchema, validate, type CodeList, type ValidationProblem } from '../model/index.ts';

/** The prevHash of entry 1: there is nothing before it. */
export const GENESIS_PREV_HASH = '0'.repeat(64);

/** Lower-case hex SHA-256. */
export const HashSchema = Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256, lower-case hex' });

/**
 * UTC with milliseconds, exactly as `Date.prototype.toISOString` writes it. One fixed form means times compare
 * correctly as text, in SQL indexes and in exported files alike.
 */
export const AuditTimeSchema = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$',
  description: 'UTC instant, YYYY-MM-DDTHH:MM:SS.sssZ',
});

/** A lower-case code: entry kinds, actions and purposes as the requester stated them. */
const CodeSchema = Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z][a-z0-9-]*$' });

/**
 * Kinds the node itself writes. Installed applications add their own with their labels (src/node/application); the
 * schema accepts any lower-case code so an application's entries, and a newer node's log, verify and read anywhere.
 */
export const auditEntryKinds = {
  'access-decision': { ja: 'アクセス判定', en: 'Access decision' },
  'copy-deleted': { ja: '複製の削除', en: 'Copy deleted' },
  'declaration-received': { ja: '災害宣言の受信', en: 'Declaration received' },
  'declaration-issued': { ja: '災害宣言の発出', en: 'Declaration issued' },
  'declaration-sent': { ja: '災害宣言の送信', en: 'Declaration sent' },
  'declaration-request': { ja: '災害宣言の依頼', en: 'Declaration request' },
  'delegation-used': { ja: '代理権限の行使', en: 'Delegation used' },
  admin: { ja: '管理操作', en: 'Administration' },
  'operator-query': { ja: 'コンソールからの問い合わせ', en: 'Query from the console' },
  export: { ja: '書き出し', en: 'Export' },
  import: { ja: '取り込み', en: 'Import' },
  'checkpoint-sent': { ja: 'チェックポイントの送信', en: 'Checkpoint sent' },
  'checkpoint-received': { ja: 'チェックポイントの受信', en: 'Checkpoint received' },
  'checkpoint-read': { ja: '保持チェックポイントの提供', en: 'Held checkpoints read' },
} as const satisfies CodeList<string>;
export type KnownAuditEntryKind = keyof typeof auditEntryKinds;
export type AuditEntryKind = KnownAuditEntryKind | (string & {});

export const AuditReasonSchema = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Z][A-Z0-9_]*$', description: 'message code' }),
    params: Type.Record(
      Type.String({ maxLength: 100 }),
      Type.Union([Type.String({ maxLength: 1000 }), Type.Number(), Type.Boolean()]),
    ),
  },
  { additionalProperties: false },
);
export type AuditReason = Static<typeof AuditReasonSchema>;

/** The fields a caller supplies; the log adds seq, time, node, prevHash and hash. */
const draftProperties = {
  kind: CodeSchema as TString & { static: AuditEntryKind },
  /** The participant that asked (or, for `admin`, the operator's role or account id — not a name). */
  requester: IdSchema,
  /** With a delegation: the participant the requester acted for. */
  onBehalfOf: Type.Optional(ParticipantIdSchema),
  /** The purpose as the request stated it, even when it is not in the vocabulary (then the decision is `deny`). */
  purpose: CodeSchema,
  action: CodeSchema,
  dataset: IdSchema,
  /** Field paths granted (allow) or asked for (deny). */
  fields: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 1000 }),
  recordCount: Type.Integer({ minimum: 0 }),
  /** Ids of the records concerned, when few enough to list; never names. */
  recordIds: Type.Optional(Type.Array(IdSchema, { maxItems: 1000 })),
  policy: Type.Optional(
    Type.Object({ id: IdSchema, version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
  ),
  /** The disaster declaration that put the policy in emergency mode, when one did. */
  declarationId: Type.Optional(IdSchema),
  /** The delegation the requester acted under, when it did. */
  delegationId: Type.Optional(IdSchema),
  decision: Type.Union([Type.Literal('allow'), Type.Literal('deny')]),
  reasons: Type.Array(AuditReasonSchema, { maxItems: 100 }),
  requestId: IdSchema,
};

export const AuditEntryDraftSchema = Type.Object(draftProperties, { additionalProperties: false, $id: 'AuditEntryDraft' });
export type AuditEntryDraft = Static<typeof AuditEntryDraftSchema>;

const chainProperties = {
  seq: Type.Integer({ minimum: 1 }),
  time: AuditTimeSchema,
  /** The participant whose node keeps this log. */
  node: ParticipantIdSchema,
  prevHash: HashSchema,
};

/** An entry as hashed: everything but its own hash. */
export const UnhashedAuditEntrySchema = Type.Object(
  { ...chainProperties, ...draftProperties },
  { additionalProperties: false, $id: 'UnhashedAuditEntry' },
);
export type UnhashedAuditEntry = Static<typeof UnhashedAuditEntrySchema>;

/** hash = SHA-256 of the RFC 8785 canonical JSON of the entry without `hash` (so prevHash is covered). */
export const AuditEntrySchema = Type.Object(
  { ...chainProperties, ...draftProperties, hash: HashSchema },
  { additionalProperties: false, $id: 'AuditEntry' },
);
export type AuditEntry = Static<typeof AuditEntrySchema>;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Strings canonical JSON cannot encode (a lone surrogate) or PostgreSQL's jsonb cannot hold (NUL). Caught up front,
 * because one such draft would otherwise fail every append committed in the same batch.
 */
function unencodableStrings(value: unknown, path: string, out: ValidationProblem[]): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000') || LONE_SURROGATE.test(value)) out.push({ path, message: 'contains a NUL character or a lone surrogate' });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => unencodableStrings(v, `${path}/${i}`, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) unencodableStrings(v, `${path}/${k}`, out);
  }
}

/** Problems with drafts, each path prefixed with the draft's index (`/2/fields/0`). Empty when all are valid. */
export function auditDraftProblems(drafts: readonly unknown[]): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  drafts.forEach((d, i) => {
    const r = validate(AuditEntryDraftSchema, d);
    if (!r.ok) for (const p of r.problems) problems.push({ path: `/${i}${p.path}`, message: p.message });
    else unencodableStrings(d, `/${i}`, problems);
  });
  return problems;
}
