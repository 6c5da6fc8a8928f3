// The lifeline service of a node's console: start a run for a declaration or a hazard polygon (gather, resolve,
// prioritise), page through it, take operators' match decisions and safety reports — decisions and reports kept in
// the application's own tables, reports carried to each record's owner by the outbox, every write audited on this node.
import { randomUUID } from 'node:crypto';
import { areaContains } from '../../model/area-code.ts';
import { AreaGeometrySchema, validateYielding, type AreaCode, type AreaGeometry, type CareNeed, type SafetyStatus } from '../../model/index.ts';
import { areasOverlap, type ApplicationContext, type AuditEntryDraft, type MessageCode, type MessageParams } from '../../node/application/index.ts';
import type { LifelineMessageCode } from './messages.ts';
import { lifelineStorage, type SafetyDelivery, type StoredSafetyReport } from './storage.ts';
import { catalogMemory, gatherPersons, type RunArea } from './gather.ts';
import { DEFAULT_PRIORITY_WEIGHTS } from './index.ts';
import { applyReport, buildRun, reportIdsOf, createRunBook, reresolveRun, selectPersons, sourceSafetyOf, type LifelineRun, type RunFilter, type RunPerson } from './runs.ts';
import { decisionAuditDraft, planSafetyDeliveries, safetyAuditDraft } from './safety.ts';
import type { PairMatch, PriorityWeights, SafetyReport, SourcedPerson } from './types.ts';

/** A problem for the operator, rendered by the route in the request's language. */
export interface ServiceProblem {
  status: number;
  /** The lifeline's own code, or the node's (e.g. an unknown delivery target). */
  code: LifelineMessageCode | MessageCode;
  params: MessageParams;
}

export type ServiceOutcome<T> = { ok: true; value: T } | { ok: false; problem: ServiceProblem };

const fail = (status: number, code: ServiceProblem['code'], params: MessageParams = {}): { ok: false; problem: ServiceProblem } => ({
  ok: false,
  problem: { status, code, params },
});

export interface StartRunInput {
  declarationId?: string;
  /** A GeoJSON Polygon or MultiPolygon, checked here (so a bad one gets a clear problem). */
  hazard?: unknown;
  needs?: CareNeed[];
}

export interface DecideInput {
  runId: string;
  a: string;
  b: string;
  decision: 'confirm' | 'split';
  by: string;
}

export interface SafetyInput {
  runId: string;
  personId: string;
  status: SafetyStatus;
  shelter?: string;
  note?: string;
  by: string;
  basedOnAt?: string;
}

export interface SafetyOutcome {
  report: StoredSafetyReport;
  deliveries: SafetyDelivery[];
  conflict?: { current: SafetyReport };
}

export interface ReviewItem {
  a: SourcedPerson;
  b: SourcedPerson;
  match: PairMatch;
}

export interface LifelineServiceOptions {
  /** How long a run may take to gather, in milliseconds (default 20 s). */
  deadlineMs?: number;
  /** Runs kept in memory (default 4). */
  runCapacity?: number;
  weights?: PriorityWeights;
  /** Keep copies of the answers under the providers' terms, so a silent node's copies stand in later (default true). */
  keepCopies?: boolean;
  pageSize?: number;
}

export interface LifelineService {
  startRun(input: StartRunInput, signal?: AbortSignal): Promise<ServiceOutcome<LifelineRun>>;
  run(runId: string): ServiceOutcome<LifelineRun>;
  persons(runId: string, filter: RunFilter): ServiceOutcome<{ run: LifelineRun; total: number; items: RunPerson[] }>;
  review(runId: string): ServiceOutcome<{ run: LifelineRun; items: ReviewItem[] }>;
  decide(input: DecideInput, requestId: string): Promise<ServiceOutcome<{ reviewCount: number; total: number }>>;
  reportSafety(input: SafetyInput, requestId: string): Promise<ServiceOutcome<SafetyOutcome>>;
  safetyOf(personId: string, runId?: string): Promise<ServiceOutcome<{ reports: StoredSafetyReport[]; deliveries: SafetyDelivery[] }>>;
  /** Append to this node's audit log; false when it could not be made durable. */
  audit(draft: AuditEntryDraft): Promise<boolean>;
}

/** A hazard polygon as GeoJSON, or the problem with it; its rings are checked in slices, the event loop free between. */
export async function parseHazard(raw: unknown): Promise<ServiceOutcome<AreaGeometry>> {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch (e) {
      return fail(400, 'LIFELINE_HAZARD_INVALID', { detail: (e as Error).message.slice(0, 200) });
    }
  }
  // The validator checks the rings too (closure, crossings), as it does wherever it meets an area.
  const v = await validateYielding(AreaGeometrySchema, value);
  if (!v.ok) return fail(400, 'LIFELINE_HAZARD_INVALID', { detail: v.problems.map((p) => `${p.path || '/'} ${p.message}`).join('; ').slice(0, 500) });
  return { ok: true, value: v.value };
}

/** The parts of `declared` inside `jurisdiction`: a declared area within it, or the jurisdiction within a declared area. */
export function ownPartOf(declared: readonly AreaCode[], jurisdiction: readonly AreaCode[]): AreaCode[] {
  const out = new Set<AreaCode>();
  for (const a of declared) {
    for (const j of jurisdiction) {
      if (areaContains(j, a)) out.add(a);
      else if (areaContains(a, j)) out.add(j);
    }
  }
  return [...out].sort();
}

export function createLifelineService(context: ApplicationContext, options: LifelineServiceOptions = {}): LifelineService {
  const storage = lifelineStorage(context);
  const runs = createRunBook(options.runCapacity ?? 4);
  const catalogs = catalogMemory();
  const weights = options.weights ?? DEFAULT_PRIORITY_WEIGHTS;
  const deadlineMs = options.deadlineMs ?? 20_000;

  function runOf(runId: string): ServiceOutcome<LifelineRun> {
    const run = runs.get(runId);
    return run === undefined ? fail(404, 'LIFELINE_RUN_UNKNOWN', { runId }) : { ok: true, value: run };
  }

  const loadReports = (ids: readonly string[]) => storage.safetyReportsOf(ids);

  async function audit(draft: AuditEntryDraft): Promise<boolean> {
    return context.audit.append(draft);
  }

  async function areaOf(input: StartRunInput): Promise<ServiceOutcome<RunArea & { declarationStart?: string }>> {
    if (input.declarationId === undefined && input.hazard === undefined) return fail(400, 'LIFELINE_RUN_TARGET_REQUIRED');
    let hazard: AreaGeometry | undefined;
    if (input.hazard !== undefined) {
      const parsed = await parseHazard(input.hazard);
      if (!parsed.ok) return parsed;
      hazard = parsed.value;
    }
    const peers = context.peers();
    if (input.declarationId !== undefined) {
      const inForce = context.declarations();
      const found = inForce.find((d) => d.declaration.id === input.declarationId);
      if (found === undefined) {
        const known = inForce.map((d) => d.declaration.id).join(', ') || '-';
        return fail(404, 'LIFELINE_DECLARATION_UNKNOWN', { id: input.declarationId, known });
      }
      const d = found.declaration;
      const declared = d.areas as AreaCode[];
      const outside = declared.filter((a) => !peers.some((p) => areasOverlap(p.jurisdiction, [a])));
      if (outside.length === declared.length) return fail(400, 'LIFELINE_AREA_OUTSIDE_JURISDICTION', { areas: outside.join(', ') });
      // A run covers the declared areas this node answers for: a city asks about its own residents, not its
      // neighbour's (the neighbour's providers would refuse the whole query). Without a known jurisdiction, all of it.
      const own = peers.find((p) => p.participantId === context.node.id)?.jurisdiction;
      const areas = own === undefined || own.length === 0 ? declared : ownPartOf(declared, own);
      if (areas.length === 0) return fail(400, 'LIFELINE_AREA_OUTSIDE_JURISDICTION', { areas: declared.join(', ') });
      const geometry = hazard ?? d.geometry;
      return {
        ok: true,
        value: { areas, declarationId: d.id, declarationStart: d.issuedAt, ...(geometry !== undefined ? { hazard: geometry } : {}) },
      };
    }
    // A polygon alone covers what this node may ask about inside it: its own jurisdiction.
    const self = peers.find((p) => p.participantId === context.node.id);
    const areas = [...(self?.jurisdiction ?? [])];
    const declarationStart = context
      .declarations()
      .filter((d) => areas.length === 0 || areasOverlap(d.declaration.areas as AreaCode[], areas))
      .map((d) => d.declaration.issuedAt)
      .sort()[0];
    return { ok: true, value: { areas, hazard: hazard!, ...(declarationStart !== undefined ? { declarationStart } : {}) } };
  }

  return {
    audit,

    async startRun(input, signal) {
      const area = await areaOf(input);
      if (!area.ok) return area;
      const { declarationStart, ...runArea } = area.value;
      const gathered = await gatherPersons({
        federation: context.federation,
        peers: context.peers(),
        area: runArea,
        deadlineMs,
        now: () => context.now(),
        catalogs,
        ...(options.keepCopies === false ? { keepCopies: false } : {}),
        ...(options.pageSize !== undefined ? { pageSize: options.pageSize } : {}),
        ...(signal !== undefined ? { signal } : {}),
      });
      const decisions = await storage.decisions();
      const now = context.now();
      const records = gathered.persons;
      const run = await buildRun(
        {
          id: randomUUID(),
          generatedAt: now.toISOString(),
          area: runArea,
          ...(input.needs !== undefined && input.needs.length > 0 ? { needs: input.needs } : {}),
          ...(declarationStart !== undefined ? { declarationStart } : {}),
          answered: gathered.answered,
          missing: gathered.missing,
          records,
          weights,
        },
        decisions,
        loadReports,
        now,
      );
      runs.put(run);
      return { ok: true, value: run };
    },

    run: runOf,

    persons(runId, filter) {
      const run = runOf(runId);
      if (!run.ok) return run;
      return { ok: true, value: { run: run.value, ...selectPersons(run.value, filter) } };
    },

    review(runId) {
      const found = runOf(runId);
      if (!found.ok) return found;
      const run = found.value;
      const byKey = new Map(run.records.map((r) => [r.key, r]));
      const items: ReviewItem[] = [];
      for (const match of run.review) {
        const a = byKey.get(match.a);
        const b = byKey.get(match.b);
        if (a !== undefined && b !== undefined) items.push({ a, b, match });
      }
      return { ok: true, value: { run, items } };
    },

    async decide(input, requestId) {
      const found = runOf(input.runId);
      if (!found.ok) return found;
      const run = found.value;
      const keys = new Set(run.records.map((r) => r.key));
      for (const key of [input.a, input.b]) if (!keys.has(key)) return fail(404, 'LIFELINE_RECORD_UNKNOWN', { key, runId: input.runId });
      if (input.a === input.b) return fail(400, 'LIFELINE_DECISION_SAME_RECORD', { key: input.a });
      const [a, b] = input.a < input.b ? [input.a, input.b] : [input.b, input.a];
      await storage.saveDecision({ a, b, decision: input.decision, by: input.by, at: context.now().toISOString() });
      await audit(decisionAuditDraft({ a, b, decision: input.decision, by: input.by, requestId }));
      await reresolveRun(run, await storage.decisions(), loadReports, context.now());
      return { ok: true, value: { reviewCount: run.review.length, total: run.persons.length } };
    },

    async reportSafety(input, requestId) {
      const found = runOf(input.runId);
      if (!found.ok) return found;
      const run = found.value;
      const entry = run.byId.get(input.personId);
      if (entry === undefined) return fail(404, 'LIFELINE_PERSON_UNKNOWN', { personId: input.personId, runId: input.runId });
      const person = entry.person;
      const report: StoredSafetyReport = {
        id: randomUUID(),
        personId: person.id,
        status: input.status,
        ...(input.shelter !== undefined ? { shelter: input.shelter } : {}),
        ...(input.note !== undefined ? { note: input.note } : {}),
        by: input.by,
        node: context.node.id,
        at: context.now().toISOString(),
        ...(input.basedOnAt !== undefined ? { basedOnAt: input.basedOnAt } : {}),
      };
      const plan = planSafetyDeliveries(person, report, context.node.id, context.peers());
      const source = sourceSafetyOf(person);
      const recorded = await storage.recordSafetyReport({
        report,
        ...(source !== undefined ? { sourceCurrent: source } : {}),
        deliveries: plan.drafts,
      });
      const conflict = recorded.kind === 'conflict';
      await audit(
        safetyAuditDraft({
          report: recorded.report,
          recordKeys: person.members.map((m) => m.key),
          deliveries: conflict ? 0 : plan.drafts.length,
          conflict,
          requestId,
        }),
      );
      applyReport(run, recorded.report, context.now());
      if (recorded.kind === 'conflict') return { ok: true, value: { report: recorded.report, deliveries: [], conflict: { current: recorded.current } } };
      const failed: SafetyDelivery[] = plan.unroutable.map((u) => ({ reportId: report.id, node: u.node, recordId: u.recordId, state: 'failed', lastError: 'NODE_UNKNOWN' }));
      return { ok: true, value: { report: recorded.report, deliveries: [...recorded.deliveries, ...failed] } };
    },

    async safetyOf(personId, runId) {
      let ids = [personId];
      if (runId !== undefined) {
        const found = runOf(runId);
        if (!found.ok) return found;
        const entry = found.value.byId.get(personId);
        if (entry === undefined) return fail(404, 'LIFELINE_PERSON_UNKNOWN', { personId, runId });
        // Reports filed under an earlier id of the same person belong to it too.
        ids = reportIdsOf(entry.person);
      }
      const byId = await storage.safetyReportsOf(ids);
      const unique = new Map<string, StoredSafetyReport>();
      for (const list of byId.values()) for (const r of list) unique.set(r.id, r);
      const reports = [...unique.values()].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
      const deliveries = await storage.safetyDeliveries(reports.map((r) => r.id));
      return { ok: true, value: { reports, deliveries } };
    },
  };
}
