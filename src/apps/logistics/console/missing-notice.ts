// What the logistics page says about data it did not get: one line per dataset only where the gap changes the plan
// (no vehicles: fleet time not limited; no roads: straight-line travel times; no care counts: population estimates),
// naming only the participants that withheld it. A node that answers "no such dataset" holds none and is never named.
// Pure: the answers' `missing` and `answered` entries and the declarations in force in, the notice out.

/** One node's missing answer for one dataset, as the needs and supplies views return it. */
export interface MissingEntry {
  node: string;
  dataset: string;
  code?: string;
  reason: string;
}

/** A node that answered "no such dataset": it holds none, so nothing is missing from it. */
export const NOT_PUBLISHED = 'NODE_DATASET_UNKNOWN';

/** The datasets whose absence changes a plan, in the order the page talks about them. */
export const PLAN_DATASETS = ['stock', 'vehicles', 'road-segments', 'shelters', 'persons'] as const;
export type PlanDataset = (typeof PLAN_DATASETS)[number];

/**
 * `none`: no participant gave any of it, so the plan runs without it (the page says what that means);
 * `partly`: some gave it, and what the named participants hold is left out.
 */
export type Gap = 'none' | 'partly';

/** One participant that could have given the dataset and did not: refused, silent or unreadable, with its code. */
export interface Withholding {
  node: string;
  /** How it failed to give it: `refused`, `timeout`, `unreachable`, `invalid-response`, `incomplete`. */
  reason: string;
  code?: string;
}

export interface NoticeLine {
  dataset: PlanDataset;
  gap: Gap;
  /** The participants expected to have it that did not give it, by node id; empty when nobody holds it. */
  withheld: Withholding[];
}

export interface MissingNotice {
  /** No declaration is in force and some participant refused: said once as the reason, the lines folded below it. */
  beforeDeclaration: boolean;
  lines: NoticeLine[];
  /** Distinct participants named in the lines. */
  participants: number;
}

export interface NoticeInput {
  missing: readonly MissingEntry[];
  /** How many records (or care tables) of each dataset the nodes gave, summed over nodes. */
  given: Readonly<Partial<Record<string, number>>>;
  /** Some need is estimated from a shelter's evacuee count: only then do care counts change the plan. */
  estimatesFromShelters: boolean;
  declarationsInForce: number;
}

const isPlanDataset = (d: string): d is PlanDataset => (PLAN_DATASETS as readonly string[]).includes(d);

/** Whether a dataset nobody gave still changes the plan: stock, vehicles and roads always; care counts only for estimates. */
function absenceMatters(dataset: PlanDataset, input: NoticeInput): boolean {
  if (dataset === 'persons') return input.estimatesFromShelters;
  // Without shelters from anyone the needs are the requests entered: only a participant withholding them matters.
  return dataset !== 'shelters';
}

export function missingNotice(input: NoticeInput): MissingNotice {
  const withheld = new Map<PlanDataset, Map<string, Withholding>>();
  for (const m of input.missing) {
    if (m.code === NOT_PUBLISHED || !isPlanDataset(m.dataset)) continue;
    const byNode = withheld.get(m.dataset) ?? new Map<string, Withholding>();
    // A node missing twice for one dataset (paging, then a deadline) is named once, with its first reason.
    if (!byNode.has(m.node)) byNode.set(m.node, { node: m.node, reason: m.reason, ...(m.code !== undefined ? { code: m.code } : {}) });
    withheld.set(m.dataset, byNode);
  }
  const lines: NoticeLine[] = [];
  for (const dataset of PLAN_DATASETS) {
    if (dataset === 'persons' && !input.estimatesFromShelters) continue;
    const nodes = [...(withheld.get(dataset)?.values() ?? [])].sort((a, b) => a.node.localeCompare(b.node));
    const gap: Gap = (input.given[dataset] ?? 0) > 0 ? 'partly' : 'none';
    if (nodes.length > 0 || (gap === 'none' && absenceMatters(dataset, input))) lines.push({ dataset, gap, withheld: nodes });
  }
  const named = new Set(lines.flatMap((l) => l.withheld.map((w) => w.node)));
  const refused = lines.some((l) => l.withheld.some((w) => w.reason === 'refused'));
  return { beforeDeclaration: input.declarationsInForce === 0 && refused, lines, participants: named.size };
}

/**
 * What the nodes gave, per dataset, from the answers' `answered` counts; care counts count only where a node counted
 * shelters by kind of care (a table grouped otherwise is not used, so it gives nothing to the plan).
 */
export function givenCounts(
  answered: readonly { dataset: string; count: number }[],
  care: readonly { shelters: number; groupedBy?: readonly string[] }[],
): Record<string, number> {
  const given: Record<string, number> = {};
  for (const a of answered) given[a.dataset] = (given[a.dataset] ?? 0) + a.count;
  given.persons = care.filter((c) => c.groupedBy === undefined && c.shelters > 0).length;
  return given;
}

/** A line's participants gathered by reason and code, so a reason shared by many is said once after their names. */
export function byReason(withheld: readonly Withholding[]): { reason: string; code?: string; nodes: string[] }[] {
  const groups = new Map<string, { reason: string; code?: string; nodes: string[] }>();
  for (const w of withheld) {
    const key = JSON.stringify([w.reason, w.code ?? null]);
    const g = groups.get(key) ?? { reason: w.reason, ...(w.code !== undefined ? { code: w.code } : {}), nodes: [] };
    g.nodes.push(w.node);
    groups.set(key, g);
  }
  return [...groups.values()];
}

/** How many names a line shows before they are folded behind their count. */
export const FOLD_AFTER = 4;
