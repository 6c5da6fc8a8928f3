// Aggregate answers on one core: persons requiring care counted per municipality and kind of care, with primary and
// complementary suppression (aggregateRecords), as a provider's node does for a statistics request.
//
// Baseline: the cheapest honest comparator, a plain Map count of the same groups from the same records — no
// suppression, no table, no checks. The published counts of the Tsunagu table are checked against it first.
import { aggregateRecords, type AggregateSpec } from '../src/policy/aggregate.ts';
import { careNeeds, codesOf } from '../src/model/index.ts';
import { medianMs, rate, sized, type Benchmark } from './harness.ts';

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

export const aggregateBenchmark: Benchmark = {
  name: 'aggregate',
  description: 'persons counted per municipality × kind of care with suppression (aggregateRecords) vs a plain Map count',
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
    ];
  },
};
