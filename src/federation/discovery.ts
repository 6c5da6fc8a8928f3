// Which nodes are worth asking: participants in good standing in the trust registry that run a node, have the
// roles asked for, serve an area overlapping the query's, and (when their catalog is known) offer the dataset.
import { areaContains, type AreaCode } from '../model/area-code.ts';
import type { ParticipantRole } from '../model/codes.ts';
import { standingProblems, type TrustRegistry } from '../trust/trust-registry.ts';

export interface NodeTarget {
  participantId: string;
  /** The node's base URL, always ending in `/` so relative paths resolve beneath it. */
  nodeUrl: string;
  role: ParticipantRole;
  jurisdiction: readonly AreaCode[];
  /** The trust list that lists the participant. */
  trustListId: string;
  /** Whether the node's catalog was known; a node whose catalog is unknown is asked anyway (it may offer the dataset). */
  catalogKnown: boolean;
}

/** What a consumer last learnt of a node's catalog: the datasets it offers. */
export interface CatalogSummary {
  datasets: readonly string[];
}

export interface DiscoveryQuery {
  /** Areas of the query; a node qualifies when one of its areas contains, or lies within, one of these. Absent: any area. */
  areas?: readonly AreaCode[];
  /** Roles worth asking; absent: any role. */
  roles?: readonly ParticipantRole[];
  /** The dataset wanted: nodes whose known catalog does not offer it are left out. */
  dataset?: string;
  /** Catalogs by participant id; a node without one is kept, with `catalogKnown: false`. */
  catalogs?: ReadonlyMap<string, CatalogSummary>;
  /** Participants not to ask (usually the node itself). */
  exclude?: readonly string[];
  now: Date;
}

/** Whether two sets of areas overlap: one area of either lies within an area of the other. */
export function areasOverlap(a: readonly AreaCode[], b: readonly AreaCode[]): boolean {
  return a.some((x) => b.some((y) => areaContains(x, y) || areaContains(y, x)));
}

/** The base URL of a node, when it is http(s); undefined for anything else. */
function nodeBase(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  if (!parsed.pathname.endsWith('/')) parsed.pathname = `${parsed.pathname}/`;
  parsed.search = '';
  parsed.hash = '';
  return parsed.toString();
}

/** The nodes worth asking, in participant-id order. Pure: the same registry, query and time give the same list. */
export function discoverNodes(registry: TrustRegistry, query: DiscoveryQuery): NodeTarget[] {
  const excluded = new Set(query.exclude ?? []);
  const roles = query.roles === undefined ? undefined : new Set<string>(query.roles);
  const targets: NodeTarget[] = [];
  for (const [id, listed] of registry.participants) {
    if (excluded.has(id)) continue;
    const p = listed.entry.participant;
    if (p.nodeUrl === undefined) continue;
    const nodeUrl = nodeBase(p.nodeUrl);
    if (nodeUrl === undefined) continue;
    if (roles !== undefined && !roles.has(p.role)) continue;
    // Validated with format `area-code` when the trust list was verified.
    const jurisdiction = p.jurisdiction as readonly string[] as readonly AreaCode[];
    if (query.areas !== undefined && !areasOverlap(jurisdiction, query.areas)) continue;
    if (standingProblems(listed, query.now).length > 0) continue;
    const catalog = query.catalogs?.get(id);
    if (query.dataset !== undefined && catalog !== undefined && !catalog.datasets.includes(query.dataset)) continue;
    targets.push({
      participantId: id,
      nodeUrl,
      role: p.role,
      jurisdiction,
      trustListId: listed.trustList.list.id,
      catalogKnown: catalog !== undefined,
    });
  }
  return targets.sort((a, b) => (a.participantId < b.participantId ? -1 : a.participantId > b.participantId ? 1 : 0));
}
