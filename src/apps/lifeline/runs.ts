// A run of the lives-to-save list: the records gathered for an area, resolved into persons, each with its priority
// and current safety status; kept in memory (a few runs, least recently used first out) and filtered, sorted and
// paged on the server, since a run may hold 100,000 persons.
import { areaContains, isAreaCode, type AreaCode, type CareNeed, type SafetyStatus } from '../../model/index.ts';
import type { StoredSafetyReport } from './storage.ts';
import type { AnsweredSource, MissingSource, RunArea } from './gather.ts';
import { normaliseName, normaliseWidthAndSpaces, toKatakana } from './japanese-text.ts';
import { prioritize, resolvePersons } from './index.ts';
import { personIdOf } from './resolve.ts';
import type {
  MatchDecision,
  PairMatch,
  PersonView,
  Priority,
  PriorityFactorCode,
  PriorityWeights,
  ResolvedPerson,
  SafetyReport,
  SourcedPerson,
  CurrentSafety,
} from './types.ts';

export type { CurrentSafety } from './types.ts';

export interface RunPerson {
  person: ResolvedPerson;
  priority: Priority;
  safety: CurrentSafety;
  /** Normalised name, reading, address and ids, for the text filter. */
  searchText: string;
  /** The newest observation or status time: the `updated` sort. */
  updatedAt: number;
}

/** What a run is built from: the records gathered and the weights to score them with. */
export interface RunInput {
  id: string;
  generatedAt: string;
  area: RunArea;
  needs?: CareNeed[];
  /** When the declaration the run is for began (for the status-unknown factor). */
  declarationStart?: string;
  answered: AnsweredSource[];
  missing: MissingSource[];
  records: SourcedPerson[];
  weights: PriorityWeights;
}

export interface LifelineRun extends RunInput {
  review: PairMatch[];
  persons: RunPerson[];
  byId: Map<string, RunPerson>;
  /** This node's safety reports on the run's persons, newest first per person. */
  reports: Map<string, StoredSafetyReport[]>;
}

const at = (s: string | undefined): number => {
  const t = s === undefined ? NaN : Date.parse(s);
  return Number.isFinite(t) ? t : -Infinity;
};

/** The newest status any member record carries, as a report (for conflict checks); undefined when none says when. */
export function sourceSafetyOf(person: ResolvedPerson): SafetyReport | undefined {
  let best: SafetyReport | undefined;
  for (const m of person.members) {
    const s = m.person.safety;
    if (s?.status === undefined || s.reportedAt === undefined) continue;
    if (best !== undefined && at(best.at) >= at(s.reportedAt)) continue;
    best = {
      personId: person.id,
      status: s.status,
      ...(s.shelter !== undefined ? { shelter: s.shelter } : {}),
      by: s.reportedBy ?? m.sourceNode,
      node: m.sourceNode,
      at: s.reportedAt,
    };
  }
  return best;
}

/** The status to show: this node's newest settled report or the sources' newest, whichever is newer. */
export function currentSafetyOf(person: ResolvedPerson, reports: readonly StoredSafetyReport[]): CurrentSafety {
  const local = reports.find((r) => r.conflictWith === undefined);
  const source = sourceSafetyOf(person);
  const pick = local !== undefined && (source === undefined || at(local.at) >= at(source.at)) ? local : source;
  const base: CurrentSafety =
    pick !== undefined
      ? { status: pick.status, at: pick.at, by: pick.by, node: pick.node, ...(pick.shelter !== undefined ? { shelter: pick.shelter } : {}) }
      : { status: person.merged.safety?.status ?? 'unknown' };
  const conflicting = reports.filter((r) => r.conflictWith !== undefined && at(r.at) > at(base.at));
  return conflicting.length > 0 ? { ...base, conflicting: conflicting.map(({ id: _id, basedOnAt: _b, conflictWith: _c, ...r }) => r) } : base;
}

function searchTextOf(person: ResolvedPerson): string {
  const v = person.merged;
  const parts = [
    v.name?.full !== undefined ? normaliseName(v.name.full) : '',
    v.name?.kana !== undefined ? toKatakana(normaliseWidthAndSpaces(v.name.kana)) : '',
    v.address?.text !== undefined ? normaliseWidthAndSpaces(v.address.text) : '',
    person.id,
    ...person.members.map((m) => m.recordId),
  ];
  return parts.join('\u0000');
}

function hasNeed(view: PersonView, needs: readonly CareNeed[]): boolean {
  const own = view.care?.needs ?? [];
  return needs.some((n) => own.includes(n));
}

/**
 * The ids a person's reports may be filed under: its id now, and the id it had when any one of its members was the
 * smallest key (after a decision joined or split records, the person's id may have been another member's).
 */
export function reportIdsOf(person: ResolvedPerson): string[] {
  // A person of one record has only ever had one id (hashing every key of a large run is not free).
  if (person.members.length < 2) return [person.id];
  return [...new Set([person.id, ...person.members.map((m) => personIdOf(m.key))])];
}

/** This node's reports on a person, newest first. */
function reportsOf(run: Pick<LifelineRun, 'reports'>, person: ResolvedPerson): StoredSafetyReport[] {
  const seen = new Set<string>();
  const out: StoredSafetyReport[] = [];
  for (const id of reportIdsOf(person)) {
    for (const r of run.reports.get(id) ?? []) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      out.push(r);
    }
  }
  return out.sort((a, b) => at(b.at) - at(a.at));
}

function evaluate(run: Pick<LifelineRun, 'declarationStart' | 'area' | 'weights' | 'reports'>, person: ResolvedPerson, now: Date): RunPerson {
  const safety = currentSafetyOf(person, reportsOf(run, person));
  const withSafety: ResolvedPerson = {
    ...person,
    merged: {
      ...person.merged,
      safety: {
        ...person.merged.safety,
        status: safety.status,
        ...(safety.at !== undefined ? { reportedAt: safety.at } : {}),
      },
    },
  };
  const priority = prioritize(withSafety, {
    now,
    ...(run.declarationStart !== undefined ? { declarationStart: run.declarationStart } : {}),
    ...(run.area.hazard !== undefined ? { hazard: run.area.hazard } : {}),
    weights: run.weights,
  });
  const updatedAt = Math.max(at(safety.at), ...person.members.map((m) => at(m.observedAt)));
  return { person, priority, safety, searchText: searchTextOf(person), updatedAt };
}

function place(run: LifelineRun, resolved: ResolvedPerson[], now: Date): void {
  const kept = run.needs !== undefined && run.needs.length > 0 ? resolved.filter((p) => hasNeed(p.merged, run.needs!)) : resolved;
  run.persons = kept.map((p) => evaluate(run, p, now));
  run.byId = new Map(run.persons.map((p) => [p.person.id, p]));
}

/** Reads this node's reports filed under any of these person ids. */
export type ReportLoader = (ids: readonly string[]) => Promise<Map<string, StoredSafetyReport[]>>;

function idsOf(persons: readonly ResolvedPerson[]): string[] {
  const ids = new Set<string>();
  for (const p of persons) for (const id of reportIdsOf(p)) ids.add(id);
  return [...ids];
}

/** Resolve and score the gathered records under the decisions known now. */
export async function buildRun(input: RunInput, decisions: readonly MatchDecision[], loadReports: ReportLoader, now: Date): Promise<LifelineRun> {
  const resolution = resolvePersons(input.records, decisions);
  const reports = await loadReports(idsOf(resolution.persons));
  const run: LifelineRun = { ...input, review: resolution.review, persons: [], byId: new Map(), reports };
  place(run, resolution.persons, now);
  return run;
}

/** Resolve again after a decision: the same records, the decisions as they stand now. */
export async function reresolveRun(run: LifelineRun, decisions: readonly MatchDecision[], loadReports: ReportLoader, now: Date): Promise<void> {
  const resolution = resolvePersons(run.records, decisions);
  run.reports = await loadReports(idsOf(resolution.persons));
  run.review = resolution.review;
  place(run, resolution.persons, now);
}

/** Take a report recorded on this node into the run: the person's status and priority change at once. */
export function applyReport(run: LifelineRun, report: StoredSafetyReport, now: Date): void {
  run.reports.set(report.personId, [report, ...(run.reports.get(report.personId) ?? [])]);
  const current = run.byId.get(report.personId);
  if (current === undefined) return;
  const updated = evaluate(run, current.person, now);
  run.byId.set(report.personId, updated);
  const i = run.persons.indexOf(current);
  if (i >= 0) run.persons[i] = updated;
}

export type RunSort = 'priority' | 'name' | 'status' | 'updated';

export interface RunFilter {
  offset: number;
  limit: number;
  sort: RunSort;
  order: 'asc' | 'desc';
  needs?: readonly CareNeed[];
  status?: readonly SafetyStatus[];
  areas?: readonly string[];
  factors?: readonly PriorityFactorCode[];
  q?: string;
}

/** Statuses from the most to the least urgent, for the `status` sort. */
const STATUS_URGENCY: readonly SafetyStatus[] = ['needs-rescue', 'missing', 'unknown', 'hospitalised', 'evacuated', 'safe', 'deceased'];
const collator = new Intl.Collator('ja');

function nameKey(p: RunPerson): string {
  const n = p.person.merged.name;
  return n?.kana !== undefined ? toKatakana(normaliseWidthAndSpaces(n.kana)) : (n?.full ?? '');
}

function compare(sort: RunSort): (a: RunPerson, b: RunPerson) => number {
  switch (sort) {
    case 'priority':
      return (a, b) => a.priority.score - b.priority.score;
    case 'name':
      return (a, b) => collator.compare(nameKey(a), nameKey(b));
    case 'status':
      // Ascending puts the most urgent first.
      return (a, b) => STATUS_URGENCY.indexOf(a.safety.status) - STATUS_URGENCY.indexOf(b.safety.status);
    case 'updated':
      return (a, b) => a.updatedAt - b.updatedAt;
  }
}

function rowAreaOf(run: LifelineRun, p: RunPerson): string | undefined {
  return p.person.merged.areaCode ?? (run.area.areas.length === 1 ? run.area.areas[0] : undefined);
}

/** The page of persons a filter selects, and how many it selects in all. Ties keep a stable order by person id. */
export function selectPersons(run: LifelineRun, filter: RunFilter): { total: number; items: RunPerson[] } {
  const q = filter.q?.trim();
  const qForms = q ? [normaliseName(q), toKatakana(normaliseWidthAndSpaces(q)), normaliseWidthAndSpaces(q)] : [];
  const areas = filter.areas?.filter(isAreaCode) as AreaCode[] | undefined;
  const selected = run.persons.filter((p) => {
    if (filter.needs && filter.needs.length > 0 && !hasNeed(p.person.merged, filter.needs)) return false;
    if (filter.status && filter.status.length > 0 && !filter.status.includes(p.safety.status)) return false;
    if (areas && filter.areas && filter.areas.length > 0) {
      const code = rowAreaOf(run, p);
      if (code === undefined || !isAreaCode(code) || !areas.some((a) => areaContains(a, code))) return false;
    }
    if (filter.factors && filter.factors.length > 0 && !p.priority.factors.some((f) => filter.factors!.includes(f.code))) return false;
    if (qForms.length > 0 && !qForms.some((f) => f !== '' && p.searchText.includes(f))) return false;
    return true;
  });
  const by = compare(filter.sort);
  const sign = filter.order === 'asc' ? 1 : -1;
  selected.sort((a, b) => sign * by(a, b) || (a.person.id < b.person.id ? -1 : a.person.id > b.person.id ? 1 : 0));
  return { total: selected.length, items: selected.slice(filter.offset, filter.offset + filter.limit) };
}

export { rowAreaOf };

/** The last few runs, least recently used evicted first. */
export interface RunBook {
  put(run: LifelineRun): void;
  get(id: string): LifelineRun | undefined;
  readonly size: number;
}

export function createRunBook(capacity = 4): RunBook {
  const runs = new Map<string, LifelineRun>();
  return {
    put(run) {
      runs.delete(run.id);
      runs.set(run.id, run);
      while (runs.size > capacity) runs.delete(runs.keys().next().value!);
    },
    get(id) {
      const run = runs.get(id);
      if (run !== undefined) {
        runs.delete(id);
        runs.set(id, run);
      }
      return run;
    },
    get size() {
      return runs.size;
    },
  };
}
