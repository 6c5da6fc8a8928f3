// From an alert to people: the persons requiring care and the shelters in the alert's areas (by municipality code,
// and inside its polygons or circles where it has them), asked of every node serving those areas through the node's
// federated query. Providers decide: for life-saving without a declaration in force they refuse, and the answer says
// so node by node. Every figure keeps the node and record it came from.
import { alertGeometry, areaCode, withoutCitiesNamedByWard, type Alert, type AreaGeometry, type Purpose } from '../../model/index.ts';
import { areasOverlap, type ApplicationContext, type MissingReason, type NodeTarget } from '../../node/application/index.ts';

export type AtRiskDataset = 'persons' | 'shelters';
const DATASETS: readonly AtRiskDataset[] = ['persons', 'shelters'];

export interface PersonAtRisk {
  node: string;
  recordId: string;
  areaCode?: string;
  /** The safety status the provider gave, when its policy grants it. */
  safety?: string;
  needs?: string[];
}

export interface ShelterAtRisk {
  node: string;
  recordId: string;
  name?: string;
  areaCode?: string;
  openStatus?: string;
  /** The latest evacuee count the provider gave. */
  evacuees?: number;
}

export interface AnsweredPart {
  node: string;
  dataset: AtRiskDataset;
  count: number;
  /** Field paths of those asked (AT_RISK_FIELDS) that the provider's policy withheld from every record. */
  withheld?: string[];
}

export interface MissingPart {
  node: string;
  dataset: AtRiskDataset;
  reason: MissingReason | 'incomplete';
  detail: string;
  code?: string;
  status?: number;
}

export interface AtRisk {
  purpose: Purpose;
  geometry?: AreaGeometry;
  persons: PersonAtRisk[];
  shelters: ShelterAtRisk[];
  answered: AnsweredPart[];
  missing: MissingPart[];
  /** Nodes of the area that do not publish the dataset (404 NODE_DATASET_UNKNOWN): not missing, just not theirs. */
  notOffered: { node: string; dataset: AtRiskDataset }[];
}

/** Real alerts are asked for to save lives; an exercise or a test is a drill and asks for training only. */
export function purposeFor(alert: Alert): Purpose {
  return alert.status === 'actual' ? 'life-saving' : 'training';
}

/** Where to look: municipality codes, a geometry, or both (then records must be in both), and why. */
export interface AtRiskArea {
  areaCodes: readonly string[];
  geometry?: AreaGeometry;
  purpose: Purpose;
}

export function areaOfAlert(alert: Alert): AtRiskArea {
  const geometry = alertGeometry(alert);
  // A part of a designated city is named by its wards: the city's own code beside them would take in the others.
  return { areaCodes: withoutCitiesNamedByWard(alert.areaCodes), ...(geometry ? { geometry } : {}), purpose: purposeFor(alert) };
}

/** The nodes to ask: those whose jurisdiction overlaps the area's municipalities (all, for a geometry alone). */
export function nodesFor(area: AtRiskArea, peers: readonly NodeTarget[]): NodeTarget[] {
  if (area.areaCodes.length === 0) return area.geometry !== undefined ? [...peers] : [];
  const codes = area.areaCodes.map(areaCode);
  return peers.filter((p) => areasOverlap(p.jurisdiction, codes));
}

const asRecord = (x: unknown): Record<string, unknown> | undefined => (typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>) : undefined);
const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);

/**
 * The fields asked of each dataset: exactly what `personOf` and `shelterOf` read, no more. Data minimisation first (a
 * provider sends nothing of a person this list does not show), and the pages shrink to about half, which is most of
 * what it costs to write, send, verify and read them. A provider whose policy grants none of these refuses
 * (POLICY_FIELDS_NOT_GRANTED), and the node is listed as missing with that reason.
 */
export const AT_RISK_FIELDS: Readonly<Record<AtRiskDataset, readonly string[]>> = {
  persons: ['areaCode', 'address.areaCode', 'safety.status', 'care.needs'],
  shelters: ['name', 'areaCode', 'openStatus', 'evacueeCounts'],
};

export function personOf(node: string, id: string, data: unknown): PersonAtRisk {
  const d = asRecord(data) ?? {};
  const needs = asRecord(d.care)?.needs;
  const safety = str(asRecord(d.safety)?.status);
  // A policy may grant the address but not the record's own area code (the example life-saving permit does).
  const areaCode = str(d.areaCode) ?? str(asRecord(d.address)?.areaCode);
  return {
    node, recordId: id,
    ...(areaCode !== undefined ? { areaCode } : {}),
    ...(safety !== undefined ? { safety } : {}),
    ...(Array.isArray(needs) ? { needs: needs.filter((n): n is string => typeof n === 'string') } : {}),
  };
}

export function shelterOf(node: string, id: string, data: unknown): ShelterAtRisk {
  const d = asRecord(data) ?? {};
  const name = asRecord(d.name);
  const counts = Array.isArray(d.evacueeCounts) ? d.evacueeCounts : [];
  const latest = asRecord(counts[counts.length - 1])?.count;
  const label = str(name?.ja) ?? str(name?.en);
  const areaCode = str(d.areaCode);
  const openStatus = str(d.openStatus);
  return {
    node, recordId: id,
    ...(label !== undefined ? { name: label } : {}),
    ...(areaCode !== undefined ? { areaCode } : {}),
    ...(openStatus !== undefined ? { openStatus } : {}),
    ...(typeof latest === 'number' ? { evacuees: latest } : {}),
  };
}

export interface GatherAtRiskOptions {
  deadlineMs: number;
  /** Records asked per page (providers allow at most 1000). */
  pageSize?: number;
  /** The language a provider words its refusal in (the reader's). */
  lang?: 'ja' | 'en';
}

/** Ask every node of the area for both datasets, page by page, all under one deadline. */
export async function gatherAtRisk(context: Pick<ApplicationContext, 'federation' | 'peers'>, area: AtRiskArea, options: GatherAtRiskOptions): Promise<AtRisk> {
  const started = Date.now();
  const left = () => options.deadlineMs - (Date.now() - started);
  const { purpose, geometry } = area;
  const targets = nodesFor(area, context.peers());
  const onlyArea = area.areaCodes.length === 1 ? area.areaCodes[0] : undefined;
  const result: AtRisk = { purpose, ...(geometry ? { geometry } : {}), persons: [], shelters: [], answered: [], missing: [], notOffered: [] };
  const base = {
    purpose,
    ...(area.areaCodes.length > 0 ? { area: area.areaCodes } : {}),
    ...(geometry ? { within: geometry } : {}),
    limit: Math.min(1000, Math.max(1, options.pageSize ?? 1000)),
    ...(options.lang !== undefined ? { lang: options.lang } : {}),
  };

  // One node and one dataset, paged to the end; every node and dataset in parallel.
  async function pageThrough(target: NodeTarget, dataset: AtRiskDataset): Promise<void> {
    const node = target.participantId;
    let after: string | undefined;
    let count = 0;
    const withheld = new Set<string>();
    for (;;) {
      if (left() <= 0) {
        result.missing.push({ node, dataset, reason: 'incomplete', detail: `the deadline passed after ${count} records` });
        break;
      }
      const outcome = await context.federation.query({
        targets: [target], dataset, params: { ...base, fields: AT_RISK_FIELDS[dataset], ...(after !== undefined ? { after } : {}) }, deadlineMs: left(), keepCopies: false,
      });
      const answer = outcome.results[0];
      if (!answer) {
        const m = outcome.missing[0];
        if (m?.status === 404 && m.code === 'NODE_DATASET_UNKNOWN') result.notOffered.push({ node, dataset });
        else if (m) {
          result.missing.push({
            node, dataset, reason: count > 0 ? 'incomplete' : m.reason, detail: m.detail.slice(0, 500),
            ...(m.code !== undefined ? { code: m.code } : {}), ...(m.status !== undefined ? { status: m.status } : {}),
          });
        }
        break;
      }
      for (const f of answer.value.access?.maskedFields ?? []) withheld.add(f);
      // Asked about one municipality, the provider answered only records inside it, even where it withheld the code.
      const place = <T extends { areaCode?: string }>(found: T): T => (found.areaCode === undefined && onlyArea !== undefined ? { ...found, areaCode: onlyArea } : found);
      for (const item of answer.value.items) {
        if (dataset === 'persons') result.persons.push(place(personOf(node, item.id, item.data)));
        else result.shelters.push(place(shelterOf(node, item.id, item.data)));
      }
      count += answer.value.items.length;
      after = answer.value.next;
      if (after === undefined) break;
    }
    const same = (m: { node: string; dataset: string }) => m.node === node && m.dataset === dataset;
    // A node that gave records is answered even when it stopped mid-way (then it is also listed as incomplete).
    if (count > 0 || !(result.missing.some(same) || result.notOffered.some(same))) {
      result.answered.push({ node, dataset, count, ...(withheld.size > 0 ? { withheld: [...withheld].sort() } : {}) });
    }
  }

  await Promise.all(targets.flatMap((t) => DATASETS.map((d) => pageThrough(t, d))));
  const byNode = (a: { node: string }, b: { node: string }) => a.node.localeCompare(b.node);
  result.answered.sort(byNode);
  result.missing.sort(byNode);
  result.notOffered.sort(byNode);
  return result;
}

export interface MunicipalityFigures {
  code: string;
  /** Persons requiring care found here, per source node. */
  persons: { node: string; count: number }[];
  /** Persons by safety status (as the providers gave it; `unknown` when not given). */
  safety: Record<string, number>;
  shelters: { node: string; count: number }[];
  openShelters: number;
  evacuees: number;
}

/** Counts per municipality, each linked to the node it came from. Records with no area code count under `unknown`. */
export function figuresByMunicipality(persons: readonly PersonAtRisk[], shelters: readonly ShelterAtRisk[]): MunicipalityFigures[] {
  const rows = new Map<string, { persons: Map<string, number>; safety: Record<string, number>; shelters: Map<string, number>; open: number; evacuees: number }>();
  const row = (code: string | undefined) => {
    const key = code ?? 'unknown';
    let r = rows.get(key);
    if (!r) rows.set(key, (r = { persons: new Map(), safety: {}, shelters: new Map(), open: 0, evacuees: 0 }));
    return r;
  };
  for (const p of persons) {
    const r = row(p.areaCode);
    r.persons.set(p.node, (r.persons.get(p.node) ?? 0) + 1);
    const s = p.safety ?? 'unknown';
    r.safety[s] = (r.safety[s] ?? 0) + 1;
  }
  for (const s of shelters) {
    const r = row(s.areaCode);
    r.shelters.set(s.node, (r.shelters.get(s.node) ?? 0) + 1);
    if (s.openStatus === 'open') r.open += 1;
    r.evacuees += s.evacuees ?? 0;
  }
  const perNode = (m: Map<string, number>) => [...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([node, count]) => ({ node, count }));
  return [...rows.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, r]) => ({ code, persons: perNode(r.persons), safety: r.safety, shelters: perNode(r.shelters), openShelters: r.open, evacuees: r.evacuees }));
}
