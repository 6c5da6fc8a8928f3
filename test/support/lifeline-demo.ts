// The demo's synthetic registers as the lifeline application receives them (SourcedPerson), with the pairs of records
// that the generator says are one person: ground truth for entity-resolution tests.
import { bundledDataDir, demoPopulation } from '../../src/demo/federation.ts';
import { DEMO_SEED } from '../../src/demo/scenario.ts';
import { listHolders, type PersonListName, type SyntheticPopulation, type SyntheticSizes } from '../../src/demo/synthetic-persons.ts';
import type { SourcedPerson } from '../../src/apps/lifeline/types.ts';

export const DEMO_FETCHED_AT = '2024-01-02T09:00:00+09:00';

export function sourcedFromPopulation(population: SyntheticPopulation, fetchedAt = DEMO_FETCHED_AT): SourcedPerson[] {
  return (Object.entries(population.lists) as [PersonListName, SyntheticPopulation['lists'][PersonListName]][]).flatMap(([list, drafts]) =>
    drafts.map((d) => ({
      key: `${d.sourceNode}/${d.id}`,
      sourceNode: d.sourceNode,
      dataset: list,
      recordId: d.id,
      version: 1,
      observedAt: d.observedAt,
      person: d.data,
      fetchedAt,
    })),
  );
}

/** Every pair of records (keys, a < b, joined by a space) that the generator made from one person. */
export function truthPairs(population: SyntheticPopulation): Set<string> {
  const pairs = new Set<string>();
  for (const o of population.overlaps) {
    const keys = o.records.map((r) => `${listHolders[r.list]}/${r.recordId}`).sort();
    for (let i = 0; i < keys.length; i++) for (let j = i + 1; j < keys.length; j++) pairs.add(`${keys[i]} ${keys[j]}`);
  }
  return pairs;
}

export async function demoSources(seed = DEMO_SEED, sizes?: Partial<SyntheticSizes>): Promise<{ population: SyntheticPopulation; sources: SourcedPerson[] }> {
  const population = await demoPopulation(bundledDataDir, seed, sizes);
  return { population, sources: sourcedFromPopulation(population) };
}
