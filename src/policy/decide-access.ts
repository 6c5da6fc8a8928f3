// The policy decision point: who may do what with which fields of a dataset, for which purpose, in the phase the
// record's area is in — and why. Pure: everything it knows arrives in the request and the context. Default deny.
import { areaContains, prefectureOf, type AreaCode, type Declaration, type ParticipantRole, type Purpose, type QualityLevel } from '../model/index.ts';
import type { MessageCode, MessageParams } from '../i18n/index.ts';
import type { VerifiedDelegation, VerifiedDeclaration, VerifiedParticipant } from '../trust/verified.ts';
import { compiledFor, type CompiledPermit, type CompiledPolicies, type CompiledPolicy } from './compile-policies.ts';
import type { AggregateSpec } from './aggregate.ts';
import { normalisePaths, type RequestedFields } from './field-grants.ts';
import { activeDeclarations, declarationCovers, instantMs, phaseOfArea, type Instant } from './phase.ts';
import type { JurisdictionRelation, Policy, PolicyAction, PolicyPhase } from './policy-schema.ts';

/**
 * The anonymous public: a requester nobody has authenticated. Only permits with `audience: 'public'` apply to it. It is
 * not a participant and carries no role or jurisdiction, so no participant condition can be met by accident.
 */
export interface PublicRequester {
  readonly kind: 'public';
}

export const PUBLIC_REQUESTER: PublicRequester = Object.freeze({ kind: 'public' as const });

/** How the public is named in decisions and audit entries; a participant id can never contain a colon. */
export const PUBLIC_REQUESTER_ID = 'public:anonymous';

/** Who asks: a participant whose credential trust verified, or the anonymous public. */
export type Requester = VerifiedParticipant | PublicRequester;

export function isPublicRequester(requester: Requester): requester is PublicRequester {
  return 'kind' in requester && requester.kind === 'public';
}

export function requesterIdOf(requester: Requester): string {
  return isPublicRequester(requester) ? PUBLIC_REQUESTER_ID : requester.id;
}

export interface DelegatedRequest {
  /** The participant the delegate acts for: verified, or its id (then looked up in the context's participants). */
  owner: VerifiedParticipant | string;
  delegation: VerifiedDelegation;
}

export interface AccessRequest {
  requester: Requester;
  onBehalfOf?: DelegatedRequest;
  purpose: Purpose;
  action: PolicyAction;
  dataset: string;
  /** Field paths asked for, or '*' for everything the policy grants. */
  fields: RequestedFields;
  /** Areas of the records concerned, or the query's area; every one must be allowed. */
  recordAreas: readonly AreaCode[];
  requestId: string;
  /**
   * What the requester asks to receive: records (the default) or an aggregate. Only aggregate permits answer an
   * aggregate, and an aggregate permit never answers with records.
   */
  answer?: 'records' | 'aggregate';
}

export interface DecisionContext {
  /** The provider's policies: parsed, or compiled once with `compilePolicies` (faster for repeated decisions). */
  policies: readonly Policy[] | CompiledPolicies;
  /** Declarations that passed trust verification; expired, closed and superseded ones are ignored here. */
  declarations: readonly VerifiedDeclaration[];
  now: Instant;
  /** Verified participants by id, to act for a delegation owner named only by id. */
  participants?: ReadonlyMap<string, VerifiedParticipant>;
}

export interface DecisionReason {
  code: MessageCode;
  params: MessageParams;
  permitId?: string;
  policyId?: string;
  /** For a trust problem: the field of the presented document concerned (e.g. `payload.expiresAt`). */
  field?: string;
}

export interface PermitRef {
  policyId: string;
  policyVersion: number;
  permitId: string;
}

export interface RecordScopeObligation {
  /** Each listed field of a record must hold the given participant id (e.g. the clinic's own patients). */
  requesterIdAt: readonly { field: string; equals: string }[];
  /** Only records of these quality levels (e.g. synthetic only, for training); absent when unrestricted. */
  quality?: readonly QualityLevel[];
}

export interface Obligations {
  grantedFields: readonly string[];
  maskedFields: readonly string[];
  /** Granted paths classed as sensitive personal data (要配慮個人情報), for the audit record. */
  sensitiveFields: readonly string[];
  /** The shortest retention among matched permits (ISO 8601 duration), in text and in seconds. */
  retention: string;
  retentionSeconds: number;
  onwardSharing: boolean;
  /** Withhold records of persons who did not consent to sharing in normal times. */
  requireConsent: boolean;
  recordScope?: RecordScopeObligation;
  /**
   * Release only this aggregate, never the records: the grouping of the first matching permit, the largest minimum
   * cell size of all matching ones.
   */
  aggregate?: AggregateSpec;
  audit: true;
}

export interface AreaPhase {
  area: AreaCode;
  phase: PolicyPhase;
}

export interface AccessDecision {
  effect: 'allow' | 'deny';
  requestId: string;
  dataset: string;
  purpose: Purpose;
  action: PolicyAction;
  /** The policy that decided: the one whose permit matched, or for a denial the first policy in force. */
  policy?: { id: string; version: number };
  matchedPermits: readonly PermitRef[];
  reasons: readonly DecisionReason[];
  obligations: Obligations;
  /** The requesting participant. */
  requester: string;
  /** With a delegation: the owner the requester acted for. */
  actingFor?: string;
  /** Phase of each record area at decision time. */
  areas: readonly AreaPhase[];
  decidedAt: string;
}

const denyObligations: Obligations = Object.freeze({
  grantedFields: [],
  maskedFields: [],
  sensitiveFields: [],
  retention: 'PT0S',
  retentionSeconds: 0,
  onwardSharing: false,
  requireConsent: false,
  audit: true,
});

/** Whom a request is evaluated as: the requester, the owner a delegate acts for, or the public. */
type Acting =
  | { kind: 'participant'; id: string; role: ParticipantRole; jurisdiction: readonly AreaCode[]; delegated: boolean }
  | { kind: 'public'; id: string; delegated: false };

function jurisdictionHolds(relation: JurisdictionRelation, jurisdiction: readonly AreaCode[], area: AreaCode): boolean {
  if (relation === 'any') return true;
  for (const j of jurisdiction) {
    if (areaContains(j, area)) return true;
    if (relation === 'same-prefecture') {
      const pj = prefectureOf(j);
      if (pj !== undefined && pj === prefectureOf(area)) return true;
    }
  }
  return false;
}

function inPermitAreas(areas: readonly AreaCode[], area: AreaCode): boolean {
  for (const a of areas) if (areaContains(a, area)) return true;
  return false;
}

/** How far a request got through a permit's conditions before one failed; the nearest miss explains a denial best. */
interface PermitFailure {
  code: MessageCode;
  params: MessageParams;
  stage: number;
}

/** The first condition of a permit the request fails, in a fixed order, or undefined when the permit matches. */
function firstFailure(
  cp: CompiledPermit,
  request: AccessRequest,
  acting: Acting,
  areaPhases: readonly AreaPhase[],
): PermitFailure | undefined {
  if (!cp.purposes.has(request.purpose)) {
    return { code: 'POLICY_PURPOSE_NOT_PERMITTED', params: { purpose: request.purpose, permitted: cp.text.purposes }, stage: 0 };
  }
  // A public permit applies to anyone, so it has no role or jurisdiction to check; a participants permit never
  // applies to the public (the caller offers the public only public permits; this guards the rule all the same).
  const forParticipant = cp.permit.audience === 'public' ? undefined : cp.permit;
  if (forParticipant && acting.kind === 'public') {
    return { code: 'POLICY_PUBLIC_NOT_PERMITTED', params: { dataset: request.dataset }, stage: 1 };
  }
  if (forParticipant && acting.kind === 'participant' && !cp.roles.has(acting.role)) {
    return { code: 'POLICY_ROLE_NOT_PERMITTED', params: { role: acting.role, permitted: cp.text.roles }, stage: 1 };
  }
  if (!cp.actions.has(request.action)) {
    return { code: 'POLICY_ACTION_NOT_PERMITTED', params: { action: request.action, permitted: cp.text.actions }, stage: 2 };
  }
  if (forParticipant && acting.kind === 'participant') {
    const relation = forParticipant.requesterJurisdiction;
    for (const { area } of areaPhases) {
      if (!jurisdictionHolds(relation, acting.jurisdiction, area)) {
        return {
          code: 'POLICY_JURISDICTION',
          params: { participant: acting.id, relation, area, jurisdiction: acting.jurisdiction.join(', ') },
          stage: 3,
        };
      }
    }
  }
  if (cp.areas) {
    for (const { area } of areaPhases) {
      if (!inPermitAreas(cp.areas, area)) return { code: 'POLICY_AREA_NOT_COVERED', params: { area, permitted: cp.text.areas }, stage: 4 };
    }
  }
  for (const { area, phase } of areaPhases) {
    if (!cp.phases.has(phase)) return { code: 'POLICY_PHASE_NOT_PERMITTED', params: { area, phase, permitted: cp.text.phases }, stage: 5 };
  }
  if (acting.delegated && !cp.delegationAllowed) {
    return { code: 'POLICY_DELEGATION_NOT_ALLOWED', params: { permit: cp.permit.id }, stage: 6 };
  }
  // Checked last: "this permit would let you, but only as counts" is the reason a per-person statistics request needs.
  const wantsAggregate = request.answer === 'aggregate';
  if (cp.aggregate && !wantsAggregate) {
    return {
      code: 'POLICY_AGGREGATE_ONLY',
      params: { permit: cp.permit.id, fields: cp.aggregate.groupBy.join(', '), minimum: cp.aggregate.minimumCellSize },
      stage: 7,
    };
  }
  if (!cp.aggregate && wantsAggregate) return { code: 'POLICY_AGGREGATE_NOT_OFFERED', params: { permit: cp.permit.id }, stage: 7 };
  return undefined;
}

const delegationTimes = new WeakMap<object, { fromMs: number; untilMs: number }>();

/** Whether a delegation lets the requester act for its owner here and now; the owner's identity when it does. */
function actingForOwner(
  request: AccessRequest,
  onBehalfOf: DelegatedRequest,
  context: DecisionContext,
  active: readonly Declaration[],
  nowMs: number,
): { ok: true; acting: Acting } | { ok: false; reason: { code: MessageCode; params: MessageParams } } {
  const d = onBehalfOf.delegation.delegation;
  const ownerId = typeof onBehalfOf.owner === 'string' ? onBehalfOf.owner : onBehalfOf.owner.id;
  const fail = (code: MessageCode, params: MessageParams) => ({ ok: false as const, reason: { code, params: { delegation: d.id, ...params } } });
  const requesterId = requesterIdOf(request.requester);
  if (d.delegate !== requesterId) {
    return fail('POLICY_DELEGATION_MISMATCH', { party: 'delegate', expected: d.delegate, actual: requesterId });
  }
  if (d.owner !== ownerId) return fail('POLICY_DELEGATION_MISMATCH', { party: 'owner', expected: d.owner, actual: ownerId });
  const owner = typeof onBehalfOf.owner === 'string' ? context.participants?.get(onBehalfOf.owner) : onBehalfOf.owner;
  if (!owner || owner.id !== ownerId) return fail('POLICY_DELEGATION_OWNER_UNKNOWN', { owner: ownerId });

  let times = delegationTimes.get(d);
  if (!times) {
    times = { fromMs: Date.parse(d.validFrom), untilMs: Date.parse(d.validUntil) };
    delegationTimes.set(d, times);
  }
  if (!(times.fromMs <= nowMs && nowMs < times.untilMs)) {
    return fail('POLICY_DELEGATION_INACTIVE', { validFrom: d.validFrom, validUntil: d.validUntil });
  }
  if (!d.datasets.includes(request.dataset)) {
    return fail('POLICY_DELEGATION_SCOPE', { aspect: 'dataset', requested: request.dataset, allowed: d.datasets.join(', ') });
  }
  if (!d.purposes.includes(request.purpose)) {
    return fail('POLICY_DELEGATION_SCOPE', { aspect: 'purpose', requested: request.purpose, allowed: d.purposes.join(', ') });
  }
  // A delegation names read or write; updating a status is a write.
  const needed = request.action === 'read' ? 'read' : 'write';
  if (!d.actions.includes(needed)) {
    return fail('POLICY_DELEGATION_SCOPE', { aspect: 'action', requested: request.action, allowed: d.actions.join(', ') });
  }
  for (const area of request.recordAreas) {
    if (!d.areas.some((a) => areaContains(a as AreaCode, area))) {
      return fail('POLICY_DELEGATION_SCOPE', { aspect: 'area', requested: area, allowed: d.areas.join(', ') });
    }
  }
  for (const area of request.recordAreas) {
    const activated = active.some(
      (decl) =>
        (decl.phase === 'alert' || decl.phase === 'emergency') &&
        (d.hazards === undefined || d.hazards.includes(decl.hazard)) &&
        declarationCovers(decl, area),
    );
    if (!activated) return fail('POLICY_DELEGATION_NO_DECLARATION', { area, hazards: (d.hazards ?? []).join(', ') });
  }
  return { ok: true, acting: { kind: 'participant', id: owner.id, role: owner.role, jurisdiction: owner.jurisdiction, delegated: true } };
}

/** Policies in force now: the highest version in force of each policy id. */
function policiesInForce(candidates: readonly CompiledPolicy[], nowMs: number): { inForce: readonly CompiledPolicy[]; outOfForce: DecisionReason[] } {
  if (candidates.length === 1 && candidates[0]!.validFromMs <= nowMs && nowMs < candidates[0]!.validUntilMs) {
    return { inForce: candidates, outOfForce: [] };
  }
  const byId = new Map<string, CompiledPolicy>();
  const outOfForce: DecisionReason[] = [];
  for (const c of candidates) {
    const { id, version } = c.policy;
    if (nowMs < c.validFromMs) {
      outOfForce.push({ code: 'POLICY_NOT_YET_VALID', params: { policy: id, version, validFrom: c.policy.validFrom }, policyId: id });
    } else if (nowMs >= c.validUntilMs) {
      outOfForce.push({ code: 'POLICY_EXPIRED', params: { policy: id, version, validUntil: c.policy.validUntil }, policyId: id });
    } else {
      const held = byId.get(id);
      if (!held || held.policy.version < version) byId.set(id, c);
    }
  }
  return { inForce: [...byId.values()], outOfForce };
}

function intersect<T>(a: readonly T[] | undefined, b: readonly T[]): T[] {
  return a === undefined ? [...b] : a.filter((x) => b.includes(x));
}

/** What every decision says about the request, whatever its outcome. */
export interface DecisionSubject {
  requestId: string;
  dataset: string;
  purpose: Purpose;
  action: PolicyAction;
  requester: string;
}

// Decisions over many records share one moment; formatting it once saves a Date per decision.
let lastMoment = { ms: Number.NaN, iso: '' };
function isoOf(ms: number): string {
  if (ms !== lastMoment.ms) lastMoment = { ms, iso: new Date(ms).toISOString() };
  return lastMoment.iso;
}

function denial(
  subject: DecisionSubject,
  decidedAt: string,
  areas: readonly AreaPhase[],
  reasons: readonly DecisionReason[],
  policy?: CompiledPolicy,
  matched?: readonly PermitRef[],
  actingFor?: string,
): AccessDecision {
  const d: AccessDecision = {
    effect: 'deny',
    requestId: subject.requestId,
    dataset: subject.dataset,
    purpose: subject.purpose,
    action: subject.action,
    requester: subject.requester,
    decidedAt,
    matchedPermits: matched ?? [],
    reasons,
    obligations: denyObligations,
    areas,
  };
  if (policy) d.policy = { id: policy.policy.id, version: policy.policy.version };
  if (actingFor !== undefined) d.actingFor = actingFor;
  return d;
}

/** A denial decided before any policy was consulted (e.g. a credential that failed verification). */
export function denialOf(subject: DecisionSubject, reasons: readonly DecisionReason[], now: Instant): AccessDecision {
  return denial(subject, isoOf(instantMs(now)), [], reasons);
}

interface PhaseMemo {
  nowMs: number;
  active: Declaration[];
  byArea: Map<string, PolicyPhase>;
}

// Keyed by the declarations list itself: callers pass a list and do not change it afterwards (as with policies),
// so the active set and each area's phase are worked out once per list and moment.
const phaseMemo = new WeakMap<readonly VerifiedDeclaration[], PhaseMemo>();

function phasesAt(declarations: readonly VerifiedDeclaration[], nowMs: number): PhaseMemo {
  let memo = phaseMemo.get(declarations);
  if (!memo || memo.nowMs !== nowMs) {
    memo = { nowMs, active: activeDeclarations(declarations, nowMs), byArea: new Map() };
    phaseMemo.set(declarations, memo);
  }
  return memo;
}

const expiryMs = new WeakMap<object, number>();

function credentialInForce(p: VerifiedParticipant, nowMs: number): boolean {
  let ms = expiryMs.get(p);
  if (ms === undefined) {
    ms = Date.parse(p.credentialExpiresAt);
    expiryMs.set(p, ms);
  }
  return ms > nowMs;
}

/** The aggregate a set of matched permits allows (all aggregate, or none: the answer kind is a permit condition). */
function aggregateOf(matched: readonly CompiledPermit[]): AggregateSpec | undefined {
  const first = matched[0]?.aggregate;
  if (!first) return undefined;
  let minimumCellSize = first.minimumCellSize;
  for (const cp of matched) if (cp.aggregate && cp.aggregate.minimumCellSize > minimumCellSize) minimumCellSize = cp.aggregate.minimumCellSize;
  return { groupBy: first.groupBy, sum: first.sum, minimumCellSize };
}

/** Decide one request. Never throws for a well-typed request; an unparseable `now` is a programming error. */
export function decideAccess(request: AccessRequest, context: DecisionContext): AccessDecision {
  const nowMs = instantMs(context.now);
  const decidedAt = isoOf(nowMs);
  const subject: DecisionSubject = {
    requestId: request.requestId,
    dataset: request.dataset,
    purpose: request.purpose,
    action: request.action,
    requester: requesterIdOf(request.requester),
  };

  const compiled = compiledFor(context.policies);
  const candidates = compiled.byDataset.get(request.dataset);
  if (!candidates || candidates.length === 0) {
    return denial(subject, decidedAt, [], [{ code: 'POLICY_NO_POLICY', params: { dataset: request.dataset } }]);
  }
  const { inForce, outOfForce } = policiesInForce(candidates, nowMs);
  if (inForce.length === 0) return denial(subject, decidedAt, [], outOfForce);
  const decidingPolicy = inForce[0]!;
  if (request.recordAreas.length === 0) return denial(subject, decidedAt, [], [{ code: 'POLICY_NO_AREA', params: {} }], decidingPolicy);

  const phases = phasesAt(context.declarations, nowMs);
  const areas: AreaPhase[] = [];
  for (const area of request.recordAreas) {
    let phase = phases.byArea.get(area);
    if (phase === undefined) {
      phase = phaseOfArea(phases.active, area);
      phases.byArea.set(area, phase);
    }
    areas.push({ area, phase });
  }

  const requester = request.requester;
  let acting: Acting;
  if (isPublicRequester(requester)) {
    acting = { kind: 'public', id: PUBLIC_REQUESTER_ID, delegated: false };
  } else {
    if (!credentialInForce(requester, nowMs)) {
      const reason = {
        code: 'POLICY_CREDENTIAL_EXPIRED' as const,
        params: { participant: requester.id, expiresAt: requester.credentialExpiresAt },
      };
      return denial(subject, decidedAt, areas, [reason], decidingPolicy);
    }
    acting = { kind: 'participant', id: requester.id, role: requester.role, jurisdiction: requester.jurisdiction, delegated: false };
  }
  if (request.onBehalfOf) {
    const r = actingForOwner(request, request.onBehalfOf, context, phases.active, nowMs);
    if (!r.ok) return denial(subject, decidedAt, areas, [r.reason], decidingPolicy);
    acting = r.acting;
  }
  const actingFor = acting.delegated ? acting.id : undefined;

  // The public is judged by public permits alone: a participants permit it could never meet would only bury the
  // one reason that matters under a reason per permit.
  if (acting.kind === 'public' && !inForce.some((p) => p.permits.some((cp) => cp.public))) {
    return denial(subject, decidedAt, areas, [{ code: 'POLICY_PUBLIC_NOT_PERMITTED', params: { dataset: request.dataset } }], decidingPolicy);
  }

  const matched: CompiledPermit[] = [];
  const failures: (DecisionReason & { stage: number })[] = [];
  for (const policy of inForce) {
    for (const cp of policy.permits) {
      if (acting.kind === 'public' && !cp.public) continue;
      const failure = firstFailure(cp, request, acting, areas);
      if (failure) {
        failures.push({ code: failure.code, params: failure.params, permitId: cp.permit.id, policyId: policy.policy.id, stage: failure.stage });
      } else matched.push(cp);
    }
  }
  if (matched.length === 0) {
    if (failures.length === 0) {
      return denial(subject, decidedAt, areas, [{ code: 'POLICY_NO_PERMITS', params: { policy: decidingPolicy.policy.id } }], decidingPolicy);
    }
    // Nearest miss first (stable among equals): "your jurisdiction does not cover the area" says more than
    // "purpose not permitted" from an unrelated permit.
    failures.sort((a, b) => b.stage - a.stage);
    const reasons: DecisionReason[] = failures.map((f) => ({ code: f.code, params: f.params, permitId: f.permitId, policyId: f.policyId }));
    const nearest = inForce.length === 1 ? decidingPolicy : (inForce.find((x) => x.policy.id === failures[0]!.policyId) ?? decidingPolicy);
    return denial(subject, decidedAt, areas, reasons, nearest, undefined, actingFor);
  }

  const matchedPolicy = matched[0]!.policy;
  const matchedRefs: PermitRef[] = matched.map((cp) => ({
    policyId: cp.policy.policy.id,
    policyVersion: cp.policy.policy.version,
    permitId: cp.permit.id,
  }));
  const aggregate = aggregateOf(matched);
  // An aggregate grants exactly what it groups by and totals, whatever fields were asked for.
  const grant = aggregate
    ? { granted: normalisePaths([...aggregate.groupBy, ...aggregate.sum]), masked: [], sensitive: [], maskedText: '' }
    : compiled.fieldGrant(matched, request.fields);
  if (grant.granted.length === 0) {
    const reason = { code: 'POLICY_FIELDS_NOT_GRANTED' as const, params: { fields: grant.masked.join(', ') } };
    return denial(subject, decidedAt, areas, [reason], matchedPolicy, matchedRefs, actingFor);
  }

  // Several permits: the union of their fields, but the strictest of their duties.
  let shortest = matched[0]!;
  let onwardSharing = true;
  let requireConsent = false;
  const ownRecordFields: string[] = [];
  let quality: QualityLevel[] | undefined;
  const outsideEmergency = areas.some((a) => a.phase !== 'alert' && a.phase !== 'emergency');
  for (const cp of matched) {
    if (cp.retentionSeconds < shortest.retentionSeconds) shortest = cp;
    if (!cp.permit.onwardSharing) onwardSharing = false;
    if (cp.permit.consentRequiredOutsideEmergency && outsideEmergency) requireConsent = true;
    const scope = cp.permit.recordScope;
    if (scope?.requesterIdAt && !ownRecordFields.includes(scope.requesterIdAt)) ownRecordFields.push(scope.requesterIdAt);
    if (scope?.quality) quality = intersect(quality, scope.quality);
  }

  const phaseText = areas.length === 1 ? areas[0]!.phase : areas.map((a) => a.phase).join(', ');
  const reasons: DecisionReason[] = [];
  for (const cp of matched) {
    const permit = cp.permit;
    const ref = { permitId: permit.id, policyId: cp.policy.policy.id };
    if (permit.audience === 'public' || acting.kind === 'public') {
      reasons.push({ code: 'POLICY_PUBLIC_PERMIT_MATCHED', params: { permit: permit.id, purpose: request.purpose, action: request.action, phase: phaseText }, ...ref });
      continue;
    }
    reasons.push({
      code: 'POLICY_PERMIT_MATCHED',
      params: {
        permit: permit.id,
        purpose: request.purpose,
        role: acting.role,
        action: request.action,
        phase: phaseText,
        relation: permit.requesterJurisdiction,
      },
      ...ref,
    });
  }
  if (actingFor) {
    reasons.push({
      code: 'POLICY_DELEGATED_ACCESS',
      params: { delegate: subject.requester, owner: actingFor, delegation: request.onBehalfOf!.delegation.delegation.id },
    });
  }
  if (grant.masked.length > 0) reasons.push({ code: 'POLICY_FIELDS_MASKED', params: { fields: grant.maskedText } });
  if (requireConsent) reasons.push({ code: 'POLICY_CONSENT_REQUIRED', params: {} });
  for (const field of ownRecordFields) reasons.push({ code: 'POLICY_RECORD_SCOPE_OWN', params: { field, participant: acting.id } });
  if (quality !== undefined) reasons.push({ code: 'POLICY_RECORD_SCOPE_QUALITY', params: { levels: quality.join(', ') } });
  if (aggregate) {
    reasons.push({ code: 'POLICY_AGGREGATE_ANSWER', params: { fields: aggregate.groupBy.join(', '), minimum: aggregate.minimumCellSize } });
  }

  const obligations: Obligations = {
    grantedFields: grant.granted,
    maskedFields: grant.masked,
    sensitiveFields: grant.sensitive,
    retention: shortest.permit.retention,
    retentionSeconds: shortest.retentionSeconds,
    onwardSharing,
    requireConsent,
    audit: true,
  };
  if (aggregate) obligations.aggregate = aggregate;
  if (ownRecordFields.length > 0 || quality !== undefined) {
    obligations.recordScope = {
      requesterIdAt: ownRecordFields.map((field) => ({ field, equals: acting.id })),
      ...(quality !== undefined ? { quality } : {}),
    };
  }
  const decision: AccessDecision = {
    effect: 'allow',
    requestId: subject.requestId,
    dataset: subject.dataset,
    purpose: subject.purpose,
    action: subject.action,
    requester: subject.requester,
    decidedAt,
    policy: { id: matchedPolicy.policy.id, version: matchedPolicy.policy.version },
    matchedPermits: matchedRefs,
    reasons,
    obligations,
    areas,
  };
  if (actingFor !== undefined) decision.actingFor = actingFor;
  return decision;
}
