// Where an allowed aggregate is counted: in the store as one GROUP BY when the database applies every duty of the
// decision exactly as the policy layer does, else in memory over every record, read and masked one by one.
import {
  applyObligations,
  countGroups,
  type AccessDecision,
  type AggregateSpec,
  type DatasetDefinition,
  type RawCell,
} from '../policy/index.ts';
import type { RecordType } from '../model/index.ts';
import type { RecordGroupQuery, RecordOperations } from '../store/index.ts';
import { dutiesInStore } from './record-duties.ts';
import type { GatedRecord } from './access-gate.ts';

/** What counting an aggregate needs of the store: nothing that reads records until the decision allowed it. */
export type AggregateStore = Pick<RecordOperations, 'areas' | 'groups' | 'count' | 'query'>;

/**
 * How an allowed aggregate is counted, decided from the decision and the dataset alone:
 * - `store`: one GROUP BY with every filter of the decision (areas, consent, own records, quality) in its WHERE;
 * - `nothing`: no record can pass (consent is required of a dataset that cannot record it), so no group exists;
 * - `memory`: a field path the database would read otherwise than the policy layer (`field`): every record is read
 *   and masked by `applyObligations`, then counted by `countGroups`, as before the store could count.
 */
export type AggregateCounting =
  | { readonly in: 'store'; readonly query: RecordGroupQuery }
  | { readonly in: 'nothing' }
  | { readonly in: 'memory'; readonly field: string };

/** Choose where an allowed aggregate with `spec` is counted over the records of `type`. */
export function aggregateCounting(
  decision: AccessDecision,
  spec: AggregateSpec,
  type: RecordType,
  dataset: DatasetDefinition | undefined,
): AggregateCounting {
  const duties = dutiesInStore(decision, dataset, [...spec.groupBy, ...spec.sum]);
  if (duties.in !== 'store') return duties;
  return { in: 'store', query: { type, groupBy: spec.groupBy, sum: spec.sum, ...duties.duties } };
}

/** Records read per page on the memory path. */
const READ_PAGE = 5_000;

/** What counting an allowed aggregate works on: the records where they are, and the decision that lets them through. */
export interface AggregateCountInput {
  store: AggregateStore;
  type: RecordType;
  decision: AccessDecision;
  spec: AggregateSpec;
  datasets: ReadonlyMap<string, DatasetDefinition>;
}

/** Count in memory: every record of the type read page by page, masked by the decision, then grouped. */
async function countInMemory({ store, type, decision, spec, datasets }: AggregateCountInput): Promise<RawCell[]> {
  const counted: { data: unknown }[] = [];
  for (let after: string | undefined; ; ) {
    const page = (await store.query({ type, limit: READ_PAGE, ...(after ? { after } : {}) })) as GatedRecord[];
    for (const r of page) {
      const masked = applyObligations(r, decision, datasets);
      if (masked) counted.push(masked);
    }
    if (page.length < READ_PAGE) break;
    after = page[page.length - 1]!.id;
  }
  return countGroups(counted, spec);
}

/** The groups of an allowed aggregate, counted where `counting` says. */
export async function countAggregate(counting: AggregateCounting, input: AggregateCountInput): Promise<RawCell[]> {
  switch (counting.in) {
    case 'store':
      return input.store.groups(counting.query);
    case 'nothing':
      return [];
    case 'memory':
      return countInMemory(input);
  }
}
