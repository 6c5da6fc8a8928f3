// Aggregate answers: persons requiring care counted per municipality and kind of care, with primary and
// complementary suppression, as a provider's node does for a statistics request.
//
// 1. In memory, on one core (aggregateRecords). Baseline: the cheapest honest comparator, a plain Map count of the
//    same groups from the same records — no suppression, no table, no checks.
// 2. On a store, every backend, the whole request as the access gate answers it (areas for the decision, decision,
//    count, the store's GROUP BY, suppression, a no-op audit). Baseline: the path every aggregate took before —
//    every record read page by page, masked by the decision and counted in memory.
// The published counts are checked against the baselines' first.
import { aggregateRecords, type AggregateSpec } from '../src/policy/aggregate.ts';
import { aggregateTable, builtInDatasets, decideAccess } from '../src/policy/index.ts';
import { careNeeds, codesOf, type AreaCode, type RecordDraft } from '../src/model/index.ts';
import { createAccessGate, type AggregateRelease } from '../src/node/access-gate.ts';
import { countAggregate } from '../src/node/aggregate-count.ts';
import { examplePolicies, NOTO_NOW, participants } from '../src/policy/test-fixtures.ts';
import { openStore } from '../src/store/open-store.ts';
import { openPostgresDatabase } from '../src/store/postgres-client.ts';
import type { Store } from '../src/store/types.ts';
import { medianMs, rate, sized, type Benchmark, type BenchContext, type BenchResult } from './harness.ts';

/** Municipality codes of Ishikawa (check digits included), as many as a prefecture-wide provider would hold. */
const municipalities = ['172014', '172022', '172031', '172049', '172057', '172065', '172073', '172090', '172103', '172111', '172120', '173240', '173614', '173657', '173843', '173860', '174076', '174211', '174637'];
const needs = codesOf(careNeeds);

/** A fixed pseudo-random population: a small prime-step walk, so every run counts the same records. */
function population(n: number): { data: unknown }[] {
  const out: { data: unknown }[] = [];
  let x = 7;
  for (let i = 0; i < n; i++) {
    x = (x * 48271) % 2147483647;
    const area = municipalities[x % municipalities.length]!;
    const count = 1 + (x % 3);
    const own = [...new Set(Array.from({ length: count }, (_, k) => needs[(x >> (k * 3)) % needs.length]!))];
    out.push({ data: { areaCode: area, care: { needs: own } } });
  }
  return out;
}

function plainCount(records: readonly { data: unknown }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of records) {
    const d = r.data as { areaCode: string; care: { needs: string[] } };
    for (const need of d.care.needs) {
      const key = `${d.areaCode}|${need}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

/** The population as person records of one holder, as a municipality's node would hold them. */
function personDrafts(records: readonly { data: unknown }[]): RecordDraft<'person'>[] {
  return records.map((r, i) => ({
    id: `bench-person-${String(i).padStart(7, '0')}`,
    type: 'person' as const,
    sourceNode: 'jp-172022-nanao-city',
    observedAt: '2024-01-01T09:00:00+09:00',
    quality: { level: 'synthetic' as const },
    lineage: [],
    data: { name: { full: `統計 ${i}` }, onEvacuationSupportList: true, consent: { shareWithSupporters: false }, ...(r.data as object) } as RecordDraft<'person'>['data'],
  }));
}

/** The example statistics permit's answer for Ishikawa Prefecture: the whole request, as the gate answers it. */
async function storeAnswers(ctx: BenchContext, records: readonly { data: unknown }[]): Promise<BenchResult[]> {
  const n = records.length;
  const results: BenchResult[] = [];
  for (const backend of ctx.backends) {
    const config = backend.config();
    const store: Store = await openStore(config);
    try {
      const drafts = personDrafts(records);
      for (let i = 0; i < drafts.length; i += 20_000) await store.upsert(drafts.slice(i, i + 20_000));
      await store.maintain();
      const gate = createAccessGate({
        policies: examplePolicies,
        dataAreas: [],
        now: () => new Date(NOTO_NOW),
        auditLog: { append: async () => ({ ok: true, entries: [] }) },
      });
      const ask = (): Promise<AggregateRelease> =>
        gate.releaseAggregate({
          who: { requester: participants.ishikawaPref },
          purpose: { purpose: 'statistics', stated: true },
          dataset: 'persons',
          fields: '*',
          requestId: 'bench',
          source: { store, type: 'person', maxRecords: n },
        });
      // The previous path: every record read and masked, then counted; decided over the areas the records hold.
      const readAll = async () => {
        const decision = decideAccess(
          { requester: participants.ishikawaPref, purpose: 'statistics', action: 'read', dataset: 'persons', fields: '*',
            recordAreas: municipalities as AreaCode[], requestId: 'bench', answer: 'aggregate' },
          { policies: examplePolicies, declarations: [], now: NOTO_NOW },
        );
        const spec = decision.obligations.aggregate!;
        await store.count({ type: 'person' });
        return aggregateTable(await countAggregate({ in: 'memory', field: '' }, { store, type: 'person', decision, spec, datasets: builtInDatasets }), spec);
      };
      const answered = await ask();
      if (answered.outcome !== 'released' || answered.countedIn !== 'store') throw new Error(`expected a table counted in the store, got ${answered.outcome}`);
      const before = await readAll();
      if (JSON.stringify(answered.table) !== JSON.stringify(before)) throw new Error('the store and the previous path disagree');
      ctx.log(`${backend.name}: ${n.toLocaleString('en-US')} persons in the store, ${answered.table.cells.length} groups`);
      const t = await medianMs(3, ask);
      const b = await medianMs(3, readAll);
      results.push({
        benchmark: 'aggregate',
        backend: backend.name,
        size: n,
        tsunagu: { label: 'statistics request: decided first, counted by the store (GROUP BY), suppressed', value: rate(n, t), unit: 'persons/s' },
        baseline: { what: 'the previous path: every record read, masked and counted in memory', label: 'read all + count', value: rate(n, b), unit: 'persons/s' },
        ratio: t / b,
        extra: [
          { label: 'time for the request', value: t, unit: 'ms' },
          { label: 'time for the previous path', value: b, unit: 'ms' },
        ],
        goal: 'a statistics request over 200,000 persons (the most one aggregate counts) answered in under 1 s',
      });
    } finally {
      await store.close();
      if (config.backend === 'postgres') {
        const raw = await openPostgresDatabase(config);
        await raw.exec(`drop schema if exists ${config.schema} cascade`).catch(() => undefined);
        await raw.close();
      }
    }
  }
  return results;
}

export const aggregateBenchmark: Benchmark = {
  name: 'aggregate',
  description: 'persons counted per municipality × kind of care with suppression: in memory vs a plain Map count; a statistics request counted by the store vs reading every record',
  async run(ctx) {
    const n = sized(ctx.scale, { small: 20_000, medium: 340_000, large: 2_000_000 });
    const records = population(n);
    const spec: AggregateSpec = { groupBy: ['areaCode', 'care.needs'], sum: [], minimumCellSize: 5 };
    const table = aggregateRecords(records, spec);
    const plain = plainCount(records);
    for (const c of table.cells) {
      if (c.status === 'published' && plain.get(`${c.values[0]}|${c.values[1]}`) !== c.count) throw new Error(`count of ${JSON.stringify(c.values)} disagrees`);
    }
    ctx.log(`${n.toLocaleString('en-US')} persons, ${table.cells.length} groups, ${table.withheldCells} withheld`);
    const t = await medianMs(3, () => aggregateRecords(records, spec));
    const b = await medianMs(3, () => plainCount(records));
    const inStore = sized(ctx.scale, { small: 20_000, medium: 200_000, large: 200_000 });
    return [
      {
        benchmark: 'aggregate',
        size: n,
        tsunagu: { label: 'aggregateRecords (groups, suppression, table)', value: rate(n, t), unit: 'persons/s' },
        baseline: { what: 'plain Map count of the same groups', label: 'plain count', value: rate(n, b), unit: 'persons/s' },
        ratio: t / b,
        extra: [{ label: 'time for all persons', value: t, unit: 'ms' }],
        goal: '340,000 persons (all dialysis patients in Japan) counted in under 2 s on one core',
      },
      ...(await storeAnswers(ctx, records.slice(0, inStore))),
    ];
  },
};
