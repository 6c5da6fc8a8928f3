// What the logistics page says about the nodes that gave nothing: grouped by dataset (and by refusal code), each group
// once with its participants, and — while no declaration is in force — one reason for all of it instead of a list of
// every node. Pure: the answer's `missing` entries and the count of declarations in force in, groups out.

/** One node's missing answer for one dataset, as the needs and supplies views return it. */
export interface MissingEntry {
  node: string;
  dataset: string;
  code?: string;
  reason: string;
}

/** A dataset several participants do not publish at all (their node holds no such data). */
export interface NotPublishedGroup {
  dataset: string;
  nodes: string[];
}

/** Participants that refused, or did not answer, for a dataset for the same reason and code. */
export interface RefusedGroup {
  dataset: string;
  /** How the node failed to give it: `refused`, `timeout`, `unreachable`, `invalid-response`, `incomplete`. */
  reason: string;
  /** The node's code (e.g. a policy's), when it gave one. */
  code?: string;
  nodes: string[];
}

export interface MissingNotice {
  /** No declaration is in force: said once as the reason, the groups folded below it. */
  beforeDeclaration: boolean;
  notPublished: NotPublishedGroup[];
  refused: RefusedGroup[];
  /** Distinct participants in all groups. */
  participants: number;
}

/** Datasets in the order the page talks about them; others after, by name. */
const ORDER = ['stock', 'vehicles', 'road-segments', 'facilities', 'shelters', 'persons'];
const rank = (dataset: string) => (ORDER.includes(dataset) ? ORDER.indexOf(dataset) : ORDER.length);
const byDataset = (a: { dataset: string }, b: { dataset: string }) => rank(a.dataset) - rank(b.dataset) || a.dataset.localeCompare(b.dataset);

/** A node that answered "no such dataset" has nothing to refuse: said apart from those that refused or were silent. */
export const NOT_PUBLISHED = 'NODE_DATASET_UNKNOWN';

export function missingNotice(missing: readonly MissingEntry[], declarationsInForce: number): MissingNotice {
  const notPublished = new Map<string, Set<string>>();
  const refused = new Map<string, { dataset: string; reason: string; code?: string; nodes: Set<string> }>();
  for (const m of missing) {
    if (m.code === NOT_PUBLISHED) {
      notPublished.set(m.dataset, (notPublished.get(m.dataset) ?? new Set()).add(m.node));
      continue;
    }
    const key = JSON.stringify([m.dataset, m.reason, m.code ?? null]);
    const group = refused.get(key) ?? { dataset: m.dataset, reason: m.reason, ...(m.code !== undefined ? { code: m.code } : {}), nodes: new Set<string>() };
    group.nodes.add(m.node);
    refused.set(key, group);
  }
  return {
    beforeDeclaration: declarationsInForce === 0 && missing.length > 0,
    notPublished: [...notPublished].map(([dataset, nodes]) => ({ dataset, nodes: [...nodes].sort() })).sort(byDataset),
    refused: [...refused.values()]
      .map((g) => ({ ...g, nodes: [...g.nodes].sort() }))
      .sort((a, b) => byDataset(a, b) || a.reason.localeCompare(b.reason) || (a.code ?? '').localeCompare(b.code ?? '')),
    participants: new Set(missing.map((m) => m.node)).size,
  };
}

/** How many names a group shows before it is folded behind its count. */
export const FOLD_AFTER = 4;
