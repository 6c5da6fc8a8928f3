// The persons the federated-query benchmark spreads over its nodes, generated where they are stored (in the node's
// own process when nodes run apart) so that no payload crosses a process boundary while loading.
import { areaCode } from '../src/model/index.ts';
import type { Store } from '../src/store/types.ts';
import { trust } from './bench-nodes.ts';
import { spreadPerson } from './spread-persons.ts';

export const QUERIED_AREA = '172022';
const IN_AREA = areaCode(QUERIED_AREA);
const ELSEWHERE = areaCode('172049');
export const LOAD_BATCH = 5_000;

/** Person `k` of node `n`: every tenth person of each node lives in the queried area. */
export function personOf(node: number, k: number, perNode: number) {
  const i = node * perNode + k;
  return spreadPerson(i, { id: `jp-172022-person-${String(i).padStart(8, '0')}`, sourceNode: trust.participants.nanao.id, areaCode: k % 10 === 0 ? IN_AREA : ELSEWHERE });
}

/** Node `n`'s persons through `store.upsert`, the importer's bulk path. */
export async function loadPersons(store: Pick<Store, 'upsert'>, n: number, perNode: number): Promise<void> {
  for (let start = 0; start < perNode; start += LOAD_BATCH) {
    const batch = Array.from({ length: Math.min(LOAD_BATCH, perNode - start) }, (_, k) => personOf(n, start + k, perNode));
    await store.upsert(batch);
  }
}
