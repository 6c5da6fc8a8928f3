// Records from many registers resolved into persons: pairs that share a block are scored, merge-band pairs and
// confirmed pairs are joined strongest first, and a join that would put two records a person split (or two records of
// one register) into one person is refused and offered for review instead. Pure and deterministic.
import { careNeeds, codesOf, type CareNeed } from '../../model/index.ts';
import {
  bandOf,
  candidatePairs,
  compareFeatures,
  confidenceOf,
  createFeatureMemo,
  DEFAULT_MATCH_WEIGHTS,
  DEFAULT_MAX_BLOCK_SIZE,
  matchFeatures,
  MERGE_THRESHOLD,
  normalisedAddressOf,
  phoneDigits,
  scoreFeatures,
  type FeatureMemo,
  type MatchWeights,
} from './match.ts';
import type {
  FieldConflict,
  MatchDecision,
  MemberLink,
  PairMatch,
  PersonView,
  ResolutionResult,
  ResolvedPerson,
  SourcedPerson,
} from './types.ts';

export interface ResolveOptions {
  weights?: MatchWeights;
  /** Blocks with more records than this are compared by sorted neighbourhood only; see candidatePairs. */
  maxBlockSize?: number;
}

/** The id prefix of a resolved person. */
export const PERSON_ID_PREFIX = 'lp-';

const utf8 = new TextEncoder();

/**
 * A 64-bit non-cryptographic hash (two multiply-xorshift lanes, as in cyrb53) over the UTF-8 bytes: short, stable and
 * dependency-free, so the id is the same in a node, a test and a browser. Not for anything secret: the id only needs
 * to be stable and rarely collide.
 */
function hash64(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (const byte of utf8.encode(text)) {
    h1 = Math.imul(h1 ^ byte, 2654435761);
    h2 = Math.imul(h2 ^ byte, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}

/** The id of the person whose smallest member key is `key`: `lp-` and 12 hex digits (48 bits). */
export function personIdOf(key: string): string {
  return PERSON_ID_PREFIX + hash64(key).slice(0, 12);
}

/** A pair of record indices as one number (the smaller index first): cheaper to hash and compare than two keys. */
const pairNumber = (i: number, j: number, n: number) => (i < j ? i * n + j : j * n + i);

/** The latest decision on each pair (by `at`, the later in the list on a tie), for pairs of known records only. */
function latestDecisions(decisions: readonly MatchDecision[], indexOf: ReadonlyMap<string, number>): Map<number, { i: number; j: number; decision: MatchDecision }> {
  const n = indexOf.size;
  const latest = new Map<number, { i: number; j: number; decision: MatchDecision }>();
  for (const d of decisions) {
    const i = indexOf.get(d.a);
    const j = indexOf.get(d.b);
    if (i === undefined || j === undefined || i === j) continue;
    const id = pairNumber(i, j, n);
    const before = latest.get(id);
    if (before === undefined || instant(d.at) >= instant(before.decision.at)) latest.set(id, { i, j, decision: d });
  }
  return latest;
}

/** Union-find over record indices, with what every cluster must never be joined with. */
class Clusters {
  private readonly parent: number[];
  private readonly members: number[][];
  private readonly nodes: Set<string>[];
  private readonly splitFrom: Set<number>[];

  constructor(sourceNodes: readonly string[], splits: readonly (readonly [number, number])[]) {
    this.parent = sourceNodes.map((_, i) => i);
    this.members = sourceNodes.map((_, i) => [i]);
    this.nodes = sourceNodes.map((n) => new Set([n]));
    this.splitFrom = sourceNodes.map(() => new Set<number>());
    for (const [i, j] of splits) {
      this.splitFrom[i]!.add(j);
      this.splitFrom[j]!.add(i);
    }
  }

  find(i: number): number {
    let r = i;
    while (this.parent[r] !== r) r = this.parent[r]!;
    // Path compression keeps later finds near constant time.
    let c = i;
    while (this.parent[c] !== r) {
      const next = this.parent[c]!;
      this.parent[c] = r;
      c = next;
    }
    return r;
  }

  /**
   * Why joining the clusters of i and j is not allowed, if it is not: a person split two of their records, or (for a
   * join by score) they hold records of one register.
   */
  conflict(i: number, j: number, byScore: boolean): 'split-conflict' | 'same-source' | undefined {
    const ri = this.find(i);
    const rj = this.find(j);
    const [small, large] = this.members[ri]!.length <= this.members[rj]!.length ? [ri, rj] : [rj, ri];
    if (this.members[small]!.some((m) => this.splitFrom[large]!.has(m))) return 'split-conflict';
    if (byScore && [...this.nodes[small]!].some((n) => this.nodes[large]!.has(n))) return 'same-source';
    return undefined;
  }

  union(i: number, j: number): void {
    const ri = this.find(i);
    const rj = this.find(j);
    if (ri === rj) return;
    const [small, large] = this.members[ri]!.length <= this.members[rj]!.length ? [ri, rj] : [rj, ri];
    this.parent[small] = large;
    this.members[large]!.push(...this.members[small]!);
    for (const n of this.nodes[small]!) this.nodes[large]!.add(n);
    for (const s of this.splitFrom[small]!) this.splitFrom[large]!.add(s);
    this.members[small] = [];
  }
}

interface Edge {
  i: number;
  j: number;
  match: PairMatch;
  confirmed: boolean;
}

/** A time as milliseconds; a missing or malformed one sorts as the oldest, never as NaN. */
function instant(iso: string | undefined): number {
  const t = iso === undefined ? Number.NaN : Date.parse(iso);
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
}

/** Comparator: the later instant first. */
const laterFirst = (x: number, y: number) => (x === y ? 0 : x > y ? -1 : 1);

/** Most recent first: observedAt when the source said, else when it was fetched; the smaller key first on a tie. */
function recency(s: SourcedPerson): number {
  return instant(s.observedAt ?? s.fetchedAt);
}

function byRecency(members: readonly SourcedPerson[]): SourcedPerson[] {
  // Most persons have one record: nothing to order, and no time to parse.
  if (members.length < 2) return [...members];
  return [...members].sort((x, y) => laterFirst(recency(x), recency(y)) || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
}

const careNeedOrder = codesOf(careNeeds);

/**
 * The best-known view of a person: each field from the most recently observed member that has it, with three
 * exceptions that keep life-critical facts from being lost to a newer but thinner record: care needs are the union
 * of every member's (the clinic knows the dialysis, the care provider the bedridden); the evacuation-support-list
 * flag is true when any register lists the person; the safety status is the latest reported one that is not
 * 'unknown', and the oxygen supply the one with the latest `asOf`.
 */
export function mergeViews(members: readonly SourcedPerson[]): PersonView {
  const ordered = byRecency(members);
  const views = ordered.map((m) => m.person);
  const first = <T>(pick: (v: PersonView) => T | undefined): T | undefined => {
    for (const v of views) {
      const x = pick(v);
      if (x !== undefined) return x;
    }
    return undefined;
  };
  const merged: PersonView = {};
  const nameSource = views.find((v) => v.name?.full !== undefined || v.name?.family !== undefined);
  if (nameSource?.name) {
    // Full, family and given come from one record so the parts agree with each other; the reading and Latin spelling
    // may come from another.
    const name: NonNullable<PersonView['name']> = { ...nameSource.name };
    const kana = first((v) => v.name?.kana);
    const latin = first((v) => v.name?.latin);
    if (name.kana === undefined && kana !== undefined) name.kana = kana;
    if (name.latin === undefined && latin !== undefined) name.latin = latin;
    merged.name = name;
  }
  const birthDate = first((v) => v.birthDate);
  if (birthDate !== undefined) merged.birthDate = birthDate;
  const sex = first((v) => (v.sex === 'unknown' ? undefined : v.sex)) ?? first((v) => v.sex);
  if (sex !== undefined) merged.sex = sex;
  const areaCode = first((v) => v.areaCode);
  if (areaCode !== undefined) merged.areaCode = areaCode;
  const address = first((v) => v.address);
  if (address !== undefined) merged.address = address;
  const location = first((v) => v.location);
  if (location !== undefined) merged.location = location;
  const contact = first((v) => v.contact);
  if (contact !== undefined) merged.contact = contact;
  const consent = first((v) => v.consent);
  if (consent !== undefined) merged.consent = consent;
  const listed = views.map((v) => v.onEvacuationSupportList).filter((x): x is boolean => x !== undefined);
  if (listed.length > 0) merged.onEvacuationSupportList = listed.some((x) => x);

  if (views.some((v) => v.care !== undefined)) {
    const care: NonNullable<PersonView['care']> = {};
    const needs = new Set<CareNeed>(views.flatMap((v) => v.care?.needs ?? []));
    if (views.some((v) => v.care?.needs !== undefined)) care.needs = careNeedOrder.filter((n) => needs.has(n));
    const careLevel = first((v) => v.care?.careLevel);
    if (careLevel !== undefined) care.careLevel = careLevel;
    const dialysis = first((v) => v.care?.dialysis);
    if (dialysis !== undefined) {
      // The last session any register knows of: a clinic's record is the one that knows, whatever its observedAt.
      const sessions = views.map((v) => v.care?.dialysis?.lastSessionAt).filter((t): t is string => t !== undefined);
      const last = sessions.sort((x, y) => laterFirst(instant(x), instant(y)))[0];
      care.dialysis = { ...dialysis, ...(last !== undefined ? { lastSessionAt: last } : {}) };
    }
    const oxygen = views
      .map((v) => v.care?.homeOxygen)
      .filter((o): o is NonNullable<typeof o> => o !== undefined)
      .sort((x, y) => laterFirst(instant(x.asOf), instant(y.asOf)))[0];
    if (oxygen !== undefined) care.homeOxygen = oxygen;
    const language = first((v) => v.care?.language);
    if (language !== undefined) care.language = language;
    const note = first((v) => v.care?.note);
    if (note !== undefined) care.note = note;
    merged.care = care;
  }

  const withStatus = ordered.filter((m) => m.person.safety?.status !== undefined);
  // One report needs no time parsed to be the latest.
  const reports =
    withStatus.length < 2
      ? withStatus.map((m) => ({ safety: m.person.safety! }))
      : withStatus
          .map((m) => ({ safety: m.person.safety!, at: instant(m.person.safety?.reportedAt ?? m.observedAt ?? m.fetchedAt) }))
          .sort((x, y) => laterFirst(x.at, y.at));
  const safety = reports.find((r) => r.safety.status !== 'unknown') ?? reports[0];
  if (safety !== undefined) merged.safety = { ...safety.safety };
  return merged;
}

/** Fields whose disagreement the operator must see, with how each member wrote it and how it is compared. */
const conflictFields: readonly { field: string; value: (p: PersonView, memo?: FeatureMemo) => { shown: string; compared: string } | undefined }[] = [
  { field: 'birthDate', value: (p) => (p.birthDate !== undefined ? { shown: p.birthDate, compared: p.birthDate } : undefined) },
  { field: 'sex', value: (p) => (p.sex !== undefined && p.sex !== 'unknown' ? { shown: p.sex, compared: p.sex } : undefined) },
  {
    field: 'phone',
    value: (p, memo) => {
      const digits = p.contact?.phone !== undefined ? phoneDigits(p.contact.phone, memo) : undefined;
      return digits !== undefined ? { shown: p.contact!.phone!, compared: digits } : undefined;
    },
  },
  {
    field: 'address',
    value: (p, memo) => {
      if (p.address === undefined) return undefined;
      const n = normalisedAddressOf(p.address, memo);
      return { shown: p.address.text, compared: `${p.address.municipality ?? ''}|${n.locality}|${n.numbers}` };
    },
  },
  {
    field: 'safety.status',
    // 'unknown' is the absence of news, not a claim that could contradict another.
    value: (p) => (p.safety?.status !== undefined && p.safety.status !== 'unknown' ? { shown: p.safety.status, compared: p.safety.status } : undefined),
  },
];

/** Fields on which the members disagree. `memo`, from the resolution, saves normalising an address or phone again. */
export function fieldConflicts(members: readonly SourcedPerson[], memo?: FeatureMemo): FieldConflict[] {
  // One record cannot disagree with itself; most persons have one record, so this is most of the calls.
  if (members.length < 2) return [];
  const sorted = [...members].sort((x, y) => (x.key < y.key ? -1 : 1));
  const conflicts: FieldConflict[] = [];
  for (const { field, value } of conflictFields) {
    const values: { key: string; value: string }[] = [];
    const distinct = new Set<string>();
    for (const m of sorted) {
      const v = value(m.person, memo);
      if (v === undefined) continue;
      values.push({ key: m.key, value: v.shown });
      distinct.add(v.compared);
    }
    if (distinct.size > 1) conflicts.push({ field, values });
  }
  return conflicts;
}

/** Member links of a cluster: breadth-first from the seed over the accepted joins, so each member says how it joined. */
function linksOf(memberKeys: readonly string[], edges: readonly Edge[], keys: readonly string[]): MemberLink[] {
  if (memberKeys.length === 1) return [{ key: memberKeys[0]!, via: 'seed' }];
  const adjacency = new Map<string, { other: string; edge: Edge }[]>();
  const connect = (from: string, other: string, edge: Edge) => {
    const list = adjacency.get(from);
    if (list) list.push({ other, edge });
    else adjacency.set(from, [{ other, edge }]);
  };
  for (const e of edges) {
    connect(keys[e.i]!, keys[e.j]!, e);
    connect(keys[e.j]!, keys[e.i]!, e);
  }
  const seed = memberKeys[0]!;
  const links = new Map<string, MemberLink>([[seed, { key: seed, via: 'seed' }]]);
  const queue = [seed];
  while (queue.length > 0) {
    const at = queue.shift()!;
    const next = [...(adjacency.get(at) ?? [])].sort((x, y) => (x.other < y.other ? -1 : x.other > y.other ? 1 : 0));
    for (const { other, edge } of next) {
      if (links.has(other)) continue;
      links.set(other, { key: other, via: edge.confirmed ? 'confirmed' : 'score', match: edge.match });
      queue.push(other);
    }
  }
  return memberKeys.map((k) => links.get(k)!);
}

const byConfidenceThenKeys = (x: PairMatch, y: PairMatch) =>
  y.confidence - x.confidence || (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : 0);

/**
 * Resolve records into persons. A confirmed pair is joined whatever its score, a split pair never, even through other
 * records; merge-band pairs are joined strongest first, so when a chain of joins would reach a split pair the weakest
 * join in it is the one refused (and offered for review). Review-band pairs nobody decided yet are listed in `review`
 * while their records are in different persons, and so is a confirmed pair that contradicts a split, for a person to
 * settle. Same input, same output, in the same order.
 */
export function resolvePersons(
  sources: readonly SourcedPerson[],
  decisions: readonly MatchDecision[] = [],
  options: ResolveOptions = {},
): ResolutionResult {
  const weights = options.weights ?? DEFAULT_MATCH_WEIGHTS;
  // One record per key: a later version (or a later fetch of the same version) replaces an earlier one.
  const byKey = new Map<string, SourcedPerson>();
  for (const s of sources) {
    const before = byKey.get(s.key);
    if (before === undefined || (s.version ?? 0) > (before.version ?? 0) || ((s.version ?? 0) === (before.version ?? 0) && instant(s.fetchedAt) >= instant(before.fetchedAt))) {
      byKey.set(s.key, s);
    }
  }
  const records = [...byKey.values()].sort((x, y) => (x.key < y.key ? -1 : 1));
  const keys = records.map((r) => r.key);
  const indexOf = new Map(keys.map((k, i) => [k, i]));
  const memo = createFeatureMemo();
  const features = records.map((r) => matchFeatures(r, memo));

  const candidates = candidatePairs(features, options.maxBlockSize ?? DEFAULT_MAX_BLOCK_SIZE);
  const n = records.length;
  const matches = new Map<number, { i: number; j: number; match: PairMatch }>();
  for (const [i, j] of candidates.pairs) {
    // Distinct pairs are dropped on their score alone, before any evidence is built: they are most of the comparisons
    // and nothing below needs them (a confirmed distinct pair is scored again for its evidence).
    if (bandOf(confidenceOf(scoreFeatures(features[i]!, features[j]!, weights))) === 'distinct') continue;
    matches.set(pairNumber(i, j, n), { i, j, match: compareFeatures(features[i]!, features[j]!, weights) });
  }

  const decided = latestDecisions(decisions, indexOf);
  const splits: [number, number][] = [];
  const edges: Edge[] = [];
  for (const [id, { i, j, decision: d }] of decided) {
    if (d.decision === 'split') {
      splits.push([i, j]);
      continue;
    }
    let m = matches.get(id);
    if (m === undefined) {
      // A confirmed pair scored distinct or sharing no block: scored here, so the operator sees the evidence behind the link.
      m = { i: Math.min(i, j), j: Math.max(i, j), match: compareFeatures(features[i]!, features[j]!, weights) };
    }
    edges.push({ i: m.i, j: m.j, match: m.match, confirmed: true });
  }
  for (const [id, m] of matches) if (m.match.band === 'merge' && !decided.has(id)) edges.push({ ...m, confirmed: false });
  // Confirmed joins first, then by falling confidence: the weakest link is the one a constraint refuses.
  edges.sort((x, y) => Number(y.confirmed) - Number(x.confirmed) || byConfidenceThenKeys(x.match, y.match));

  const clusters = new Clusters(
    records.map((r) => r.sourceNode),
    splits,
  );
  const accepted: Edge[] = [];
  const refused: PairMatch[] = [];
  for (const e of edges) {
    if (clusters.find(e.i) === clusters.find(e.j)) continue;
    const conflict = clusters.conflict(e.i, e.j, !e.confirmed);
    if (conflict !== undefined) {
      refused.push({ ...e.match, band: 'review', reviewReason: conflict });
      continue;
    }
    clusters.union(e.i, e.j);
    accepted.push(e);
  }

  const groups = new Map<number, number[]>();
  records.forEach((_, i) => {
    const r = clusters.find(i);
    const g = groups.get(r);
    if (g) g.push(i);
    else groups.set(r, [i]);
  });
  const edgesOf = new Map<number, Edge[]>();
  for (const e of accepted) {
    const r = clusters.find(e.i);
    const list = edgesOf.get(r);
    if (list) list.push(e);
    else edgesOf.set(r, [e]);
  }
  const persons: ResolvedPerson[] = [...groups.entries()]
    .map(([root, indices]) => {
      const members = indices.map((i) => records[i]!);
      const memberKeys = members.map((m) => m.key);
      return {
        id: personIdOf(memberKeys[0]!),
        members,
        links: linksOf(memberKeys, edgesOf.get(root) ?? [], keys),
        merged: mergeViews(members),
        conflicts: fieldConflicts(members, memo),
      };
    })
    .sort((x, y) => (x.members[0]!.key < y.members[0]!.key ? -1 : 1));

  const review = new Map<number, PairMatch>();
  for (const [id, m] of matches) {
    if (m.match.band !== 'review' || decided.has(id) || clusters.find(m.i) === clusters.find(m.j)) continue;
    const sameSource = records[m.i]!.sourceNode === records[m.j]!.sourceNode && m.match.confidence >= MERGE_THRESHOLD;
    review.set(id, { ...m.match, reviewReason: sameSource ? 'same-source' : 'score' });
  }
  for (const r of refused) {
    const i = indexOf.get(r.a)!;
    const j = indexOf.get(r.b)!;
    if (clusters.find(i) !== clusters.find(j)) review.set(pairNumber(i, j, n), r);
  }

  return {
    persons,
    review: [...review.values()].sort(byConfidenceThenKeys),
    stats: { records: records.length, blocks: candidates.blocks, comparisons: candidates.pairs.length, oversizedBlocks: candidates.oversizedBlocks.length },
  };
}
