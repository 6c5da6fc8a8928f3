// Counts of persons requiring care per shelter, from the aggregate tables the care-data owners release for supply
// logistics (persons grouped by shelter × kind of care): numbers, never persons. A withheld cell stays unknown — its
// category keeps the population estimate — and is reported as withheld by its node, never guessed. Pure.
import { allergens, type Allergen, type CareNeed } from '../../model/index.ts';
import type { AggregateTable } from '../../node/application/index.ts';
import type { CareCounts } from './computed-needs.ts';

/** The grouping the application asks for; a node's aggregate permit for supply logistics must give it. */
export const CARE_GROUP_BY = ['safety.shelter', 'care.needs'] as const;

/** The kinds of care that change what a shelter needs (push-standards.json, `care`). */
const COUNTED: readonly CareNeed[] = ['bedridden', 'infant', 'food-allergy'];

/**
 * Food for persons with a food allergy avoids all eight specified allergens: counts per shelter cannot say which
 * allergens each person avoids without splitting them into cells small enough to name them.
 */
export const ALLERGY_FREE_FROM: readonly Allergen[] = Object.keys(allergens) as Allergen[];

/** What one node released: how many shelters it gave counts for, and what it withheld. */
export interface CareCountSource {
  node: string;
  shelters: number;
  minimumCellSize: number;
  /** Cells of the counted kinds of care withheld as too small (or to protect a small one), by shelter. */
  withheld: { shelterId: string; need: CareNeed }[];
  /** The whole table was too small to publish. */
  tableWithheld: boolean;
  /** The node grouped otherwise than CARE_GROUP_BY: nothing of it is used. */
  groupedBy?: string[];
}

export interface CareCountsFromNodes {
  counts: CareCounts[];
  sources: CareCountSource[];
}

const isCounted = (v: unknown): v is CareNeed => typeof v === 'string' && (COUNTED as readonly string[]).includes(v);

/**
 * The counts per shelter from every node's table, added up across nodes (a person on two holders' lists is counted
 * twice: over-supply is the safer error). A category with any withheld cell at a shelter, from any node, or a node
 * whose whole table is withheld, is unknown there.
 */
export function careCountsOf(tables: readonly { node: string; table: AggregateTable }[]): CareCountsFromNodes {
  const known = new Map<string, Map<CareNeed, number>>();
  const unknown = new Map<string, Set<CareNeed>>();
  const nodesOf = new Map<string, Set<string>>();
  let everyShelterUnknown = false;
  const sources: CareCountSource[] = [];
  for (const { node, table } of tables) {
    const si = table.groupBy.indexOf(CARE_GROUP_BY[0]);
    const ni = table.groupBy.indexOf(CARE_GROUP_BY[1]);
    const base = { node, minimumCellSize: table.minimumCellSize, tableWithheld: table.tableWithheld };
    if (si < 0 || ni < 0 || table.groupBy.length !== CARE_GROUP_BY.length) {
      sources.push({ ...base, shelters: 0, withheld: [], groupedBy: [...table.groupBy] });
      continue;
    }
    if (table.tableWithheld) everyShelterUnknown = true;
    const shelters = new Set<string>();
    const withheld: CareCountSource['withheld'] = [];
    for (const cell of table.cells) {
      const shelter = cell.values[si];
      const need = cell.values[ni];
      // A null shelter groups the persons in no shelter: not a need of any shelter, withheld or not.
      if (typeof shelter !== 'string') continue;
      if (cell.status === 'withheld') {
        if (!isCounted(need)) continue;
        withheld.push({ shelterId: shelter, need });
        (unknown.get(shelter) ?? unknown.set(shelter, new Set()).get(shelter)!).add(need);
        continue;
      }
      if (!isCounted(need)) continue;
      const byNeed = known.get(shelter) ?? known.set(shelter, new Map()).get(shelter)!;
      byNeed.set(need, (byNeed.get(need) ?? 0) + cell.count);
      shelters.add(shelter);
      (nodesOf.get(shelter) ?? nodesOf.set(shelter, new Set()).get(shelter)!).add(node);
    }
    sources.push({ ...base, shelters: shelters.size, withheld });
  }
  const counts: CareCounts[] = [];
  for (const [shelterId, byNeed] of known) {
    const hidden = unknown.get(shelterId);
    const value = (need: CareNeed) => (everyShelterUnknown || hidden?.has(need) ? undefined : (byNeed.get(need) ?? 0));
    const allergic = value('food-allergy');
    counts.push({
      shelterId,
      allergenFree: allergic === undefined || allergic === 0 ? [] : [{ freeFrom: ALLERGY_FREE_FROM, persons: allergic }],
      bedridden: value('bedridden'),
      infants: value('infant'),
      source: [...nodesOf.get(shelterId)!].sort().join(', '),
    });
  }
  return { counts: counts.sort((a, b) => a.shelterId.localeCompare(b.shelterId)), sources };
}
