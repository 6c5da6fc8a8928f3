// Usage policy documents: versioned data saying which purposes, roles, phases and areas may see which fields of a
// dataset, with the duties that travel with every copy. `parsePolicy` accepts a policy whole or refuses it whole.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import {
  AreaCodeSchema,
  DateTimeSchema,
  IdSchema,
  ParticipantIdSchema,
  ParticipantRoleSchema,
  PurposeSchema,
  QualityLevelSchema,
  codeSchema,
  codesOf,
  parseAreaCode,
  participantRoles,
  purposes,
  qualityLevels,
  validate,
  type AreaCode,
  type CodeList,
  type ParticipantRole,
  type Purpose,
  type QualityLevel,
} from '../model/index.ts';
import type { MessageCode, MessageParams } from '../i18n/index.ts';
import { builtInDatasets, coversPath, fieldAt, firstNonPublicField, type DatasetDefinition, type FieldClass, type FieldValueKind } from './datasets.ts';
import { parseDuration } from './duration.ts';


/** Phases a permit can name. 'normal' is the absence of any active declaration covering the record's area. */
export const policyPhases = {
  normal: { ja: '平常時', en: 'Normal times' },
  alert: { ja: '警戒', en: 'Alert' },
  emergency: { ja: '応急対応', en: 'Emergency' },
  recovery: { ja: '復旧', en: 'Recovery' },
} as const satisfies CodeList<string>;
export type PolicyPhase = keyof typeof policyPhases;

export const policyActions = {
  read: { ja: '閲覧', en: 'Read' },
  'write-status': { ja: '安否・状況の更新', en: 'Update status' },
  write: { ja: '更新', en: 'Write' },
} as const satisfies CodeList<string>;
export type PolicyAction = keyof typeof policyActions;

export const jurisdictionRelations = {
  any: { ja: '管轄を問わない', en: 'Any jurisdiction' },
  'covers-record-area': { ja: '対象地域を管轄する', en: "Jurisdiction covers the record's area" },
  'same-prefecture': { ja: '対象地域と同じ都道府県', en: "Same prefecture as the record's area" },
} as const satisfies CodeList<string>;
export type JurisdictionRelation = keyof typeof jurisdictionRelations;

export const fieldClasses = {
  public: { ja: '公開情報', en: 'Public' },
  personal: { ja: '個人情報', en: 'Personal data' },
  sensitive: { ja: '要配慮個人情報', en: 'Sensitive personal data' },
} as const satisfies CodeList<FieldClass>;

/**
 * Whom a permit is for. 'participants' (the default): requesters whose credential trust verified, judged by role and
 * jurisdiction. 'public': anyone, unauthenticated requesters included — for open data; reading public fields only.
 */
export const permitAudiences = {
  participants: { ja: '資格情報を確認できた参加者', en: 'Participants with a verified credential' },
  public: { ja: '誰でも（認証なしを含む）', en: 'Anyone, without authentication' },
} as const satisfies CodeList<string>;
export type PermitAudience = keyof typeof permitAudiences;

const delegationRules = ['allowed', 'not-allowed'] as const;

export const PolicyPhaseSchema = codeSchema(policyPhases, 'Phase');
export const PolicyActionSchema = codeSchema(policyActions, 'Action');
export const JurisdictionRelationSchema = codeSchema(jurisdictionRelations, 'Requester jurisdiction');
export const FieldClassSchema = codeSchema(fieldClasses, 'Field class');
export const PermitAudienceSchema = codeSchema(permitAudiences, 'Whom the permit is for (default participants)');

const BilingualSchema = Type.Object(
  { ja: Type.String({ minLength: 1 }), en: Type.String({ minLength: 1 }) },
  { additionalProperties: false },
);

export const RecordScopeSchema = Type.Object(
  {
    requesterIdAt: Type.Optional(
      Type.String({ minLength: 1, description: "field path whose value must be the requester's participant id (its own patients)" }),
    ),
    quality: Type.Optional(
      Type.Array(QualityLevelSchema, { minItems: 1, uniqueItems: true, description: 'only records of these quality levels' }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type RecordScope = Static<typeof RecordScopeSchema>;

/** The most fields an aggregate may group by: each more splits the counts into smaller, more revealing cells. */
export const MAX_GROUP_FIELDS = 3;
/** Below 3 a withheld count is known to be 1 (groups exist only where records are), so withholding would hide nothing. */
export const MIN_CELL_SIZE = 3;
export const MAX_CELL_SIZE = 1000;

export const AggregateAnswerSchema = Type.Object(
  {
    kind: Type.Literal('aggregate'),
    groupBy: Type.Array(Type.String({ minLength: 1 }), {
      minItems: 1,
      maxItems: MAX_GROUP_FIELDS,
      uniqueItems: true,
      description: 'fields holding codes (area code, kinds of care, …) whose values form the groups counted',
    }),
    sum: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: 10, uniqueItems: true, description: 'numeric fields totalled per group' }),
    ),
    minimumCellSize: Type.Integer({
      minimum: MIN_CELL_SIZE,
      maximum: MAX_CELL_SIZE,
      description: 'groups of fewer records are withheld (with others, so that they cannot be worked out from totals)',
    }),
  },
  { additionalProperties: false },
);

export const PermitAnswerSchema = Type.Union(
  [Type.Object({ kind: Type.Literal('records') }, { additionalProperties: false }), AggregateAnswerSchema],
  { description: "what the permit releases: records (the default) or only counts (and totals) per group, small groups withheld" },
);

export const PermitSchema = Type.Object(
  {
    id: IdSchema,
    description: Type.Optional(Type.Object(
      { ja: Type.Optional(Type.String({ minLength: 1 })), en: Type.Optional(Type.String({ minLength: 1 })) },
      { additionalProperties: false, minProperties: 1 },
    )),
    audience: Type.Optional(PermitAudienceSchema),
    purposes: Type.Array(PurposeSchema, { minItems: 1, uniqueItems: true }),
    roles: Type.Optional(
      Type.Array(ParticipantRoleSchema, { minItems: 1, uniqueItems: true, description: 'required for participants, absent for the public' }),
    ),
    actions: Type.Array(PolicyActionSchema, { minItems: 1, uniqueItems: true }),
    requesterJurisdiction: Type.Optional(JurisdictionRelationSchema),
    phases: Type.Array(PolicyPhaseSchema, { minItems: 1, uniqueItems: true }),
    areas: Type.Optional(Type.Array(AreaCodeSchema, { minItems: 1, uniqueItems: true, description: 'record areas this permit applies to' })),
    fields: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, uniqueItems: true, description: 'granted field paths' }),
    retention: Type.String({ description: 'ISO 8601 duration a consumer may keep a copy, e.g. PT72H or P7D' }),
    onwardSharing: Type.Boolean({ description: 'whether a consumer may pass the data on' }),
    consentRequiredOutsideEmergency: Type.Boolean({
      description: 'outside an alert or emergency declaration, only records of persons who consented are shared',
    }),
    delegation: Type.Optional(Type.Union(delegationRules.map((r) => Type.Literal(r)), {
      description: 'whether a delegate acting for the requester may use this permit (default allowed)',
    })),
    recordScope: Type.Optional(RecordScopeSchema),
    answer: Type.Optional(PermitAnswerSchema),
  },
  { additionalProperties: false },
);

export const PolicySchema = Type.Object(
  {
    id: IdSchema,
    version: Type.Integer({ minimum: 1 }),
    owner: ParticipantIdSchema,
    dataset: Type.String({ minLength: 1 }),
    description: BilingualSchema,
    fieldClasses: Type.Record(Type.String({ minLength: 1 }), FieldClassSchema),
    permits: Type.Array(PermitSchema),
    validFrom: Type.Optional(DateTimeSchema),
    validUntil: Type.Optional(DateTimeSchema),
  },
  { additionalProperties: false, $id: 'Policy' },
);

/** An aggregate-only answer: counts (and totals of numeric fields) per group, groups under the minimum withheld. */
export interface AggregateAnswer {
  readonly kind: 'aggregate';
  readonly groupBy: readonly string[];
  readonly sum?: readonly string[];
  readonly minimumCellSize: number;
}

export type PermitAnswer = { readonly kind: 'records' } | AggregateAnswer;

/** What every permit says, whoever it is for. */
interface PermitTerms {
  readonly id: string;
  readonly description?: { readonly ja?: string; readonly en?: string };
  readonly purposes: readonly Purpose[];
  readonly actions: readonly PolicyAction[];
  readonly phases: readonly PolicyPhase[];
  readonly areas?: readonly AreaCode[];
  readonly fields: readonly string[];
  readonly retention: string;
  readonly onwardSharing: boolean;
  readonly consentRequiredOutsideEmergency: boolean;
  readonly delegation?: 'allowed' | 'not-allowed';
  readonly recordScope?: { readonly requesterIdAt?: string; readonly quality?: readonly QualityLevel[] };
  /** Records when absent. */
  readonly answer?: PermitAnswer;
}

/** A permit for participants whose credential trust verified, by role and jurisdiction (the default audience). */
export interface ParticipantsPermit extends PermitTerms {
  readonly audience?: 'participants';
  readonly roles: readonly ParticipantRole[];
  readonly requesterJurisdiction: JurisdictionRelation;
}

/** A permit for anyone, unauthenticated requesters included: reading fields the dataset classes as public. */
export interface PublicPermit extends PermitTerms {
  readonly audience: 'public';
  readonly roles?: undefined;
  readonly requesterJurisdiction?: 'any';
  readonly recordScope?: { readonly requesterIdAt?: undefined; readonly quality?: readonly QualityLevel[] };
}

/** A permit as typed code sees it (the schema's codes narrowed to their unions), discriminated by its audience. */
export type Permit = ParticipantsPermit | PublicPermit;

export function isPublicPermit(permit: Permit): permit is PublicPermit {
  return permit.audience === 'public';
}

export interface Policy {
  readonly id: string;
  readonly version: number;
  readonly owner: string;
  readonly dataset: string;
  readonly description: { readonly ja: string; readonly en: string };
  readonly fieldClasses: Readonly<Record<string, FieldClass>>;
  readonly permits: readonly Permit[];
  readonly validFrom?: string;
  readonly validUntil?: string;
}

export interface PolicyProblem {
  code: MessageCode;
  params: MessageParams;
  /** JSON Pointer of the offending value, e.g. `/permits/1/purposes/0`. */
  path: string;
}

export type PolicyParseResult = { ok: true; value: Policy } | { ok: false; problems: PolicyProblem[] };
export type PoliciesParseResult = { ok: true; value: Policy[] } | { ok: false; problems: PolicyProblem[] };

export interface ParseOptions {
  /** Datasets policies may govern; the built-in persons, shelters and facilities by default. */
  datasets?: ReadonlyMap<string, DatasetDefinition>;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

interface CodeCheck {
  key: string;
  allowed: readonly string[];
  unknownCode: MessageCode;
}

const permitCodeLists: readonly CodeCheck[] = [
  { key: 'purposes', allowed: codesOf(purposes), unknownCode: 'POLICY_SCHEMA_UNKNOWN_PURPOSE' },
  { key: 'roles', allowed: codesOf(participantRoles), unknownCode: 'POLICY_SCHEMA_UNKNOWN_ROLE' },
  { key: 'actions', allowed: codesOf(policyActions), unknownCode: 'POLICY_SCHEMA_UNKNOWN_ACTION' },
  { key: 'phases', allowed: codesOf(policyPhases), unknownCode: 'POLICY_SCHEMA_UNKNOWN_PHASE' },
];

/** Checks the JSON Schema cannot say in words people understand, or cannot say at all. */
function semanticProblems(doc: Json, datasets: ReadonlyMap<string, DatasetDefinition>): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const add = (code: MessageCode, path: string, params: MessageParams = {}) => problems.push({ code, path, params: { path, ...params } });

  const datasetName = doc.dataset;
  const dataset = typeof datasetName === 'string' ? datasets.get(datasetName) : undefined;
  if (typeof datasetName === 'string' && !dataset) {
    add('POLICY_SCHEMA_UNKNOWN_DATASET', '/dataset', { value: datasetName, allowed: [...datasets.keys()].join(', ') });
  }
  const checkField = (path: string, value: unknown) => {
    if (dataset && typeof value === 'string' && !fieldAt(dataset, value)) {
      add('POLICY_SCHEMA_UNKNOWN_FIELD', path, { value, dataset: dataset.name });
    }
  };

  if (isObject(doc.fieldClasses)) {
    for (const [field, cls] of Object.entries(doc.fieldClasses)) {
      const path = `/fieldClasses/${field.replaceAll('~', '~0').replaceAll('/', '~1')}`;
      checkField(path, field);
      if (typeof cls !== 'string' || !Object.hasOwn(fieldClasses, cls)) {
        add('POLICY_SCHEMA_UNKNOWN_FIELD_CLASS', path, { value: String(cls), allowed: codesOf(fieldClasses).join(', ') });
      }
    }
  }

  const policyClasses = knownClasses(doc.fieldClasses);
  const seenPermits = new Map<string, number>();
  const permits = Array.isArray(doc.permits) ? doc.permits : [];
  permits.forEach((permit: unknown, i) => {
    if (!isObject(permit)) return;
    const at = `/permits/${i}`;
    if (typeof permit.id === 'string') {
      const first = seenPermits.get(permit.id);
      if (first !== undefined) add('POLICY_SCHEMA_DUPLICATE_PERMIT', `${at}/id`, { id: permit.id, first: `/permits/${first}` });
      else seenPermits.set(permit.id, i);
    }
    for (const { key, allowed, unknownCode } of permitCodeLists) {
      const list = permit[key];
      if (!Array.isArray(list)) continue;
      if (list.length === 0) add('POLICY_SCHEMA_EMPTY_LIST', `${at}/${key}`);
      list.forEach((v: unknown, j) => {
        if (typeof v === 'string' && !allowed.includes(v)) {
          add(unknownCode, `${at}/${key}/${j}`, { value: v, allowed: allowed.join(', ') });
        } else if (list.indexOf(v) !== j) add('POLICY_SCHEMA_DUPLICATE_VALUE', `${at}/${key}/${j}`, { value: String(v) });
      });
    }
    const relation = permit.requesterJurisdiction;
    if (typeof relation === 'string' && !Object.hasOwn(jurisdictionRelations, relation)) {
      add('POLICY_SCHEMA_UNKNOWN_JURISDICTION', `${at}/requesterJurisdiction`, {
        value: relation,
        allowed: codesOf(jurisdictionRelations).join(', '),
      });
    }
    if (Array.isArray(permit.fields)) {
      if (permit.fields.length === 0) add('POLICY_SCHEMA_EMPTY_LIST', `${at}/fields`);
      permit.fields.forEach((f: unknown, j) => checkField(`${at}/fields/${j}`, f));
    }
    if (permit.audience === 'public') publicPermitProblems(permit, at, dataset, policyClasses, add);
    else if (permit.audience === undefined || permit.audience === 'participants') {
      // Optional in the schema only because a public permit has no requester conditions; a participants permit needs both.
      for (const key of ['roles', 'requesterJurisdiction'] as const) {
        if (permit[key] === undefined) add('POLICY_SCHEMA_PERMIT_REQUIRES', `${at}/${key}`, { key });
      }
    }
    if (Array.isArray(permit.areas)) {
      permit.areas.forEach((a: unknown, j) => {
        if (typeof a !== 'string') return;
        const parsed = parseAreaCode(a);
        if (!parsed.ok) add('POLICY_SCHEMA_BAD_AREA', `${at}/areas/${j}`, { value: a, problem: parsed.problem.code });
      });
    }
    if (typeof permit.retention === 'string') {
      const d = parseDuration(permit.retention);
      if (!d.ok) {
        add(d.problem === 'calendar-unit' ? 'POLICY_SCHEMA_DURATION_CALENDAR' : 'POLICY_SCHEMA_BAD_DURATION', `${at}/retention`, {
          value: permit.retention,
        });
      }
    }
    if (permit.consentRequiredOutsideEmergency === true && dataset && !dataset.consentField) {
      add('POLICY_SCHEMA_NO_CONSENT_FIELD', `${at}/consentRequiredOutsideEmergency`, { dataset: dataset.name });
    }
    if (isObject(permit.recordScope)) checkField(`${at}/recordScope/requesterIdAt`, permit.recordScope.requesterIdAt);
    answerProblems(permit, at, dataset, policyClasses, add, checkField);
  });

  if (typeof doc.validFrom === 'string' && typeof doc.validUntil === 'string') {
    const from = Date.parse(doc.validFrom);
    const until = Date.parse(doc.validUntil);
    if (!Number.isNaN(from) && !Number.isNaN(until) && from >= until) {
      add('POLICY_SCHEMA_VALIDITY', '/validUntil', { validFrom: doc.validFrom, validUntil: doc.validUntil });
    }
  }
  return problems;
}

/** The policy's field classes that name a known class (unknown ones are reported on their own). */
function knownClasses(value: unknown): Record<string, FieldClass> {
  const out: Record<string, FieldClass> = {};
  if (!isObject(value)) return out;
  for (const [field, cls] of Object.entries(value)) {
    if (typeof cls === 'string' && Object.hasOwn(fieldClasses, cls)) out[field] = cls as FieldClass;
  }
  return out;
}

/**
 * A public permit reaches requesters nobody has authenticated: it may only let them read fields the dataset classes
 * as public (and the policy does not restrict), and it cannot set conditions only a verified participant could meet.
 */
function publicPermitProblems(
  permit: Json,
  at: string,
  dataset: DatasetDefinition | undefined,
  policyClasses: Readonly<Record<string, FieldClass>>,
  add: (code: MessageCode, path: string, params?: MessageParams) => void,
): void {
  if (permit.roles !== undefined) add('POLICY_SCHEMA_PUBLIC_REQUESTER_CONDITION', `${at}/roles`, { condition: 'roles' });
  if (permit.requesterJurisdiction !== undefined && permit.requesterJurisdiction !== 'any') {
    add('POLICY_SCHEMA_PUBLIC_REQUESTER_CONDITION', `${at}/requesterJurisdiction`, { condition: 'requesterJurisdiction' });
  }
  if (isObject(permit.recordScope) && permit.recordScope.requesterIdAt !== undefined) {
    add('POLICY_SCHEMA_PUBLIC_REQUESTER_CONDITION', `${at}/recordScope/requesterIdAt`, { condition: 'recordScope.requesterIdAt' });
  }
  if (Array.isArray(permit.actions)) {
    permit.actions.forEach((a: unknown, j) => {
      if (typeof a === 'string' && a !== 'read' && Object.hasOwn(policyActions, a)) add('POLICY_SCHEMA_PUBLIC_ACTION', `${at}/actions/${j}`, { value: a });
    });
  }
  if (dataset && Array.isArray(permit.fields)) {
    permit.fields.forEach((f: unknown, j) => {
      if (typeof f !== 'string' || !fieldAt(dataset, f)) return;
      const closed = firstNonPublicField(dataset, policyClasses, f);
      if (closed) add('POLICY_SCHEMA_PUBLIC_FIELD', `${at}/fields/${j}`, { field: closed.field, fieldClass: closed.fieldClass, dataset: dataset.name });
    });
  }
}

const isAggregate = (answer: unknown): answer is Json => isObject(answer) && answer.kind === 'aggregate';

/**
 * An aggregate permit groups by code fields and totals numeric ones, all granted by the permit, and only lets read. A
 * statistics permit over anything but public fields must be aggregate: per-person rows with stable record ids can be
 * joined with other answers, and statistics need counts, not people.
 */
function answerProblems(
  permit: Json,
  at: string,
  dataset: DatasetDefinition | undefined,
  policyClasses: Readonly<Record<string, FieldClass>>,
  add: (code: MessageCode, path: string, params?: MessageParams) => void,
  checkField: (path: string, value: unknown) => void,
): void {
  const answer = permit.answer;
  const granted = Array.isArray(permit.fields) ? permit.fields.filter((f): f is string => typeof f === 'string') : [];
  if (isAggregate(answer)) {
    const fieldsOf = (key: 'groupBy' | 'sum', wanted: (k: FieldValueKind | undefined) => boolean, wrongKind: MessageCode) => {
      const list = answer[key];
      if (!Array.isArray(list)) return;
      list.forEach((f: unknown, j) => {
        const path = `${at}/answer/${key}/${j}`;
        if (typeof f !== 'string') return;
        checkField(path, f);
        if (!dataset || !fieldAt(dataset, f)) return;
        if (!wanted(dataset.valueKinds.get(f))) add(wrongKind, path, { field: f, dataset: dataset.name });
        else if (!granted.some((g) => coversPath(g, f))) add('POLICY_SCHEMA_AGGREGATE_FIELD_NOT_GRANTED', path, { field: f });
      });
    };
    const m = answer.minimumCellSize;
    if (!(typeof m === 'number' && Number.isInteger(m) && m >= MIN_CELL_SIZE && m <= MAX_CELL_SIZE)) {
      add('POLICY_SCHEMA_AGGREGATE_MINIMUM', `${at}/answer/minimumCellSize`, { value: String(m), min: MIN_CELL_SIZE, max: MAX_CELL_SIZE });
    }
    fieldsOf('groupBy', (k) => k === 'code' || k === 'codes', 'POLICY_SCHEMA_AGGREGATE_GROUP_FIELD');
    fieldsOf('sum', (k) => k === 'number', 'POLICY_SCHEMA_AGGREGATE_SUM_FIELD');
    if (Array.isArray(permit.actions)) {
      permit.actions.forEach((a: unknown, j) => {
        if (typeof a === 'string' && a !== 'read' && Object.hasOwn(policyActions, a)) add('POLICY_SCHEMA_AGGREGATE_ACTION', `${at}/actions/${j}`, { value: a });
      });
    }
    return;
  }
  if (!Array.isArray(permit.purposes) || !permit.purposes.includes('statistics') || !dataset) return;
  const closed = granted.map((f) => (fieldAt(dataset, f) ? firstNonPublicField(dataset, policyClasses, f) : undefined)).find((c) => c !== undefined);
  if (closed) {
    add('POLICY_SCHEMA_STATISTICS_NOT_AGGREGATE', `${at}/answer`, { field: closed.field, fieldClass: closed.fieldClass, dataset: dataset.name });
  }
}

const related = (a: string, b: string) => a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * Parse a policy from JSON text or an already-decoded value. Every problem is reported with its JSON Pointer; a
 * policy with any problem is refused whole, so no permit of a broken policy can ever apply.
 */
export function parsePolicy(input: unknown, options: ParseOptions = {}): PolicyParseResult {
  let doc: unknown = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input);
    } catch (e) {
      return { ok: false, problems: [{ code: 'POLICY_SCHEMA_NOT_JSON', path: '', params: { detail: (e as Error).message } }] };
    }
  }
  if (!isObject(doc)) {
    return { ok: false, problems: [{ code: 'POLICY_SCHEMA_INVALID', path: '', params: { path: '/', detail: 'a policy is a JSON object' } }] };
  }
  const semantic = semanticProblems(doc, options.datasets ?? builtInDatasets);
  const structural = validate(PolicySchema, doc);
  const problems = [...semantic];
  if (!structural.ok) {
    for (const p of structural.problems) {
      if (semantic.some((s) => related(s.path, p.path))) continue;
      if (problems.some((q) => q.path === p.path)) continue;
      problems.push({ code: 'POLICY_SCHEMA_INVALID', path: p.path, params: { path: p.path || '/', detail: p.message } });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const copy = typeof input === 'string' ? doc : structuredClone(doc);
  return { ok: true, value: deepFreeze(copy) as unknown as Policy };
}

/** Parse a set of policies; one broken policy, or two with the same id and version, refuses the whole set. */
export function parsePolicies(inputs: readonly unknown[], options: ParseOptions = {}): PoliciesParseResult {
  const problems: PolicyProblem[] = [];
  const value: Policy[] = [];
  const seen = new Set<string>();
  inputs.forEach((input, i) => {
    const r = parsePolicy(input, options);
    if (!r.ok) {
      for (const p of r.problems) problems.push({ ...p, path: `/${i}${p.path}`, params: { ...p.params, path: `/${i}${p.path}` } });
      return;
    }
    const key = `${r.value.id}@${r.value.version}`;
    if (seen.has(key)) {
      problems.push({ code: 'POLICY_SCHEMA_DUPLICATE_POLICY', path: `/${i}`, params: { id: r.value.id, version: r.value.version } });
    }
    seen.add(key);
    value.push(r.value);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value };
}

export type PolicyDocument = Static<typeof PolicySchema>;
