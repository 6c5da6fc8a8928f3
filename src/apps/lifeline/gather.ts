// Gathering the persons of an area from every node that holds a persons dataset (this node included): signed
// federated queries for purpose life-saving, paged until done, under one deadline; what did not answer is reported.
import type { AreaCode, AreaGeometry, Purpose } from '../../model/index.ts';
import { areasOverlap, fanOut, type AnsweredRecord, type ApplicationFederation, type MissingReason, type NodeTarget } from '../../node/application/index.ts';
import type { PersonView, SourcedPerson } from './types.ts';

export const PERSONS_DATASET = 'persons';
export const LIFELINE_PURPOSE: Purpose = 'life-saving';

/** The area a run covers: area codes (from a declaration), a hazard polygon, or both (persons must be in both). */
export interface RunArea {
  areas: AreaCode[];
  hazard?: AreaGeometry;
  declarationId?: string;
}

export interface AnsweredSource {
  node: string;
  dataset: string;
  count: number;
  /** Present when the node's part came from copies kept earlier, not from a live answer: the oldest copy's age. */
  cachedAgeSeconds?: number;
  /** Field paths the node's policy withheld from every record it gave (its answer's maskedFields), when it said. */
  withheld?: string[];
}

export interface MissingSource {
  node: string;
  reason: MissingReason | 'incomplete';
  detail: string;
  /** The peer's problem code (e.g. NODE_ACCESS_DENIED), when it sent one. */
  code?: string;
  /** The HTTP status, when the peer answered. */
  status?: number;
  attempts: number;
  /** Records it gave before it stopped (for `incomplete`). */
  received?: number;
}

export interface GatherOutcome {
  persons: SourcedPerson[];
  answered: AnsweredSource[];
  missing: MissingSource[];
}

/** Which peers hold a persons dataset, as their catalogs said; remembered a while so a run does not ask every time. */
export interface CatalogMemory {
  get(node: string, now: Date): boolean | undefined;
  set(node: string, holdsPersons: boolean, now: Date): void;
}

export function catalogMemory(ttlMs = 5 * 60_000): CatalogMemory {
  const known = new Map<string, { holds: boolean; at: number }>();
  return {
    get(node, now) {
      const k = known.get(node);
      return k !== undefined && now.getTime() - k.at < ttlMs ? k.holds : undefined;
    },
    set(node, holds, now) {
      known.set(node, { holds, at: now.getTime() });
    },
  };
}

export interface GatherOptions {
  /** The node's federated query and signed requests (src/node/application). */
  federation: ApplicationFederation;
  /** The nodes this node may ask, itself included. */
  peers: readonly NodeTarget[];
  area: RunArea;
  /** The whole gathering (catalogs and every page) answers within this many milliseconds. */
  deadlineMs: number;
  now: () => Date;
  /** Keep copies under the providers' terms, from which a silent node's copies stand in (default true). */
  keepCopies?: boolean;
  catalogs?: CatalogMemory;
  /** Records asked per page (the providers allow at most 1000). */
  pageSize?: number;
  signal?: AbortSignal;
}

function holdsPersons(body: unknown): boolean | undefined {
  const datasets = typeof body === 'object' && body !== null ? (body as { dataset?: unknown }).dataset : undefined;
  if (!Array.isArray(datasets)) return undefined;
  return datasets.some((d) => typeof d === 'object' && d !== null && (d as { identifier?: unknown }).identifier === PERSONS_DATASET);
}

/** The peers to ask: serving an area of the run, and not known (from their catalog) to hold no persons. */
async function personHolders(options: GatherOptions, deadlineMs: number): Promise<NodeTarget[]> {
  const { area, catalogs } = options;
  const inArea = area.areas.length === 0 ? [...options.peers] : options.peers.filter((p) => areasOverlap(p.jurisdiction, area.areas));
  const unknown = inArea.filter((p) => catalogs?.get(p.participantId, options.now()) === undefined);
  if (unknown.length > 0) {
    const outcome = await fanOut({
      targets: unknown,
      deadlineMs,
      retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
      request: async (t, signal) => {
        const r = await options.federation.request({ participantId: t.participantId, url: t.nodeUrl }, 'GET', '/api/v1/catalog', undefined, signal);
        return r.ok && r.status === 200 ? holdsPersons(r.body) : undefined;
      },
    });
    for (const r of outcome.results) if (r.value !== undefined) catalogs?.set(r.target.participantId, r.value, options.now());
    const said = new Map(outcome.results.map((r) => [r.target.participantId, r.value]));
    // A node whose catalog did not answer is asked anyway: it may hold persons, and its silence must show as missing.
    return inArea.filter((p) => said.get(p.participantId) !== false);
  }
  return inArea.filter((p) => catalogs?.get(p.participantId, options.now()) !== false);
}

function sourcedPerson(node: string, record: AnsweredRecord, fetchedAt: string, cachedAgeSeconds: number | undefined): SourcedPerson | undefined {
  const data = record.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const version = typeof record.version === 'number' ? record.version : undefined;
  const observedAt = typeof record.observedAt === 'string' ? record.observedAt : undefined;
  return {
    key: `${node}/${record.id}`,
    sourceNode: node,
    dataset: PERSONS_DATASET,
    recordId: record.id,
    ...(version !== undefined ? { version } : {}),
    ...(observedAt !== undefined ? { observedAt } : {}),
    person: data as PersonView,
    fetchedAt,
    ...(cachedAgeSeconds !== undefined ? { cachedAgeSeconds } : {}),
  };
}

/**
 * Ask every person-holding node for the run's area and page through each answer until it ends or the deadline
 * passes. A node that could not be asked, refused, or stopped answering mid-way is listed in `missing` (with the
 * records it did give, if any); copies kept earlier stand in for a silent node, with their age.
 */
export async function gatherPersons(options: GatherOptions): Promise<GatherOutcome> {
  const started = Date.now();
  const remaining = () => Math.max(0, options.deadlineMs - (Date.now() - started));
  const targets = await personHolders(options, Math.min(2_000, Math.floor(options.deadlineMs / 3)));
  const pageSize = Math.min(1000, Math.max(1, options.pageSize ?? 1000));
  const byKey = new Map<string, SourcedPerson>();
  const counts = new Map<string, { count: number; cachedAgeSeconds?: number }>();
  const missing = new Map<string, MissingSource>();
  const base = {
    purpose: LIFELINE_PURPOSE,
    ...(options.area.areas.length > 0 ? { area: options.area.areas } : {}),
    ...(options.area.hazard !== undefined ? { within: options.area.hazard } : {}),
    limit: pageSize,
  };

  const withheld = new Map<string, Set<string>>();
  const take = (node: string, items: readonly AnsweredRecord[], cachedAgeSeconds?: number, masked?: readonly string[]) => {
    const fetchedAt = options.now().toISOString();
    if (masked !== undefined) {
      const set = withheld.get(node) ?? new Set<string>();
      for (const f of masked) set.add(f);
      withheld.set(node, set);
    }
    const c = counts.get(node) ?? { count: 0 };
    for (const item of items) {
      const p = sourcedPerson(node, item, fetchedAt, cachedAgeSeconds);
      if (p === undefined || byKey.has(p.key)) continue;
      byKey.set(p.key, p);
      c.count++;
    }
    if (cachedAgeSeconds !== undefined) c.cachedAgeSeconds = Math.max(c.cachedAgeSeconds ?? 0, cachedAgeSeconds);
    counts.set(node, c);
  };

  // Each round asks every node that still has a next page, each from its own cursor.
  let cursors: { target: NodeTarget; after?: string }[] = targets.map((target) => ({ target }));
  for (let round = 0; cursors.length > 0; round++) {
    const left = remaining();
    if (left <= 0) {
      for (const c of cursors) {
        const received = counts.get(c.target.participantId)?.count ?? 0;
        missing.set(c.target.participantId, { node: c.target.participantId, reason: 'incomplete', detail: 'the deadline passed', attempts: 0, received });
      }
      break;
    }
    const groups = round === 0 ? [cursors] : cursors.map((c) => [c]);
    const outcomes = await Promise.all(
      groups.map((group) =>
        options.federation.query({
          targets: group.map((c) => c.target),
          dataset: PERSONS_DATASET,
          params: { ...base, ...(group[0]!.after !== undefined && group.length === 1 ? { after: group[0]!.after } : {}) },
          deadlineMs: left,
          ...(options.keepCopies === false ? { keepCopies: false } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
        }),
      ),
    );
    const next: typeof cursors = [];
    for (const outcome of outcomes) {
      // A node that refused (its policy said no) is not stood in for by copies: a refusal must never yield persons.
      const refused = new Set(outcome.missing.filter((m) => m.reason === 'refused' && (m.status ?? 0) < 500).map((m) => m.target.participantId));
      for (const r of outcome.results) {
        const node = r.target.participantId;
        if (r.source === 'cache' && refused.has(node)) continue;
        take(node, r.value.items, r.source === 'cache' ? r.ageSeconds : undefined, r.source === 'live' ? r.value.access?.maskedFields : undefined);
        if (r.source === 'live' && r.value.next !== undefined) next.push({ target: targets.find((t) => t.participantId === node)!, after: r.value.next });
      }
      for (const m of outcome.missing) {
        const node = m.target.participantId;
        const got = counts.get(node)?.count ?? 0;
        const incomplete = round > 0 && got > 0;
        missing.set(node, {
          node,
          reason: incomplete ? 'incomplete' : m.reason,
          detail: m.detail.slice(0, 500),
          attempts: m.attempts,
          ...(incomplete ? { received: got } : {}),
          ...(m.code !== undefined ? { code: m.code } : {}),
          ...(m.status !== undefined ? { status: m.status } : {}),
        });
      }
    }
    cursors = next;
  }

  const answered: AnsweredSource[] = [];
  for (const t of targets) {
    const c = counts.get(t.participantId);
    if (c === undefined) continue;
    const masked = withheld.get(t.participantId);
    answered.push({
      node: t.participantId,
      dataset: PERSONS_DATASET,
      count: c.count,
      ...(c.cachedAgeSeconds !== undefined ? { cachedAgeSeconds: c.cachedAgeSeconds } : {}),
      ...(masked !== undefined && masked.size > 0 ? { withheld: [...masked].sort() } : {}),
    });
  }
  return { persons: [...byKey.values()], answered, missing: [...missing.values()] };
}
