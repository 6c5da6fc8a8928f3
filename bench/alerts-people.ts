// Alert to people at risk: a CAP warning for Nanao City arrives at Nanao's node, is read, validated and stored through
// the node's importer, and the alerts application asks the 20 nodes serving the area (Nanao City and 19 clinics and
// care providers, each its own store, audit log and key, on loopback) for the persons requiring care and shelters in
// it — signed paged queries for life-saving under the declaration in force, decided, audited, masked and verified —
// then counts them per municipality and node. Baseline: every record in one plain table, `select … where area_code`.
import { alertsApplication } from '../src/apps/alerts/application.ts';
import { areaOfAlert, figuresByMunicipality, gatherAtRisk } from '../src/apps/alerts/people.ts';
import { discoverNodes } from '../src/federation/discovery.ts';
import { standaloneApplicationContext } from '../src/node/application/standalone-context.ts';
import { rate, sized, timed, type BenchContext, type BenchResult, type Benchmark } from './harness.ts';
import { AREA, NODES, series, withBenchFederation } from './lifeline.ts';

const GOAL = 'the list of persons requiring care behind a warning over 20 nodes and 100,000 persons in < 5 s (issue 16)';

/** The warning as it arrives: a CAP 1.2 alert for the area, a new identifier each run so each is stored anew. */
function warning(n: number): Uint8Array {
  return new TextEncoder().encode(
    `<?xml version="1.0" encoding="UTF-8"?><alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>bench-${n}</identifier>` +
      `<sender>jma@example.jp</sender><sent>2024-01-01T16:10:00+09:00</sent><status>Actual</status><msgType>Alert</msgType><scope>Public</scope>` +
      `<info><category>Geo</category><event>大津波警報</event><urgency>Immediate</urgency><severity>Extreme</severity><certainty>Observed</certainty>` +
      `<area><areaDesc>七尾市</areaDesc><geocode><valueName>LGCode</valueName><value>${AREA}</value></geocode></area></info></alert>`,
  );
}

async function backendResults(ctx: BenchContext, backend: BenchContext['backends'][number], total: number, runs: number): Promise<BenchResult> {
  return withBenchFederation(ctx, backend, total, async ({ trust, nodes, db, client }) => {
    const nanao = trust.nodes[0]!;
    const context = await standaloneApplicationContext(alertsApplication(), {
      participantId: nanao.id,
      name: nanao.name,
      store: nodes[0]!.store,
      auditLog: nodes[0]!.log,
      client,
      peers: () => discoverNodes(trust.registry, { now: new Date() }),
      declarations: () => [trust.declaration],
    });
    let n = 0;
    const ours = await series(runs, async () => {
      n += 1;
      // Every node and the consumer run in this process: its CPU time is the whole federation's, and unlike the wall
      // time it does not grow with what else the machine is running.
      const cpu = process.cpuUsage();
      const document = { name: `bench-${n}.cap`, bytes: warning(n) };
      const read = context.alerts.read('cap', document);
      if (!read.ok) throw new Error(JSON.stringify(read.problems));
      const stored = await context.alerts.receive('cap', document);
      if (!stored.ok) throw new Error(JSON.stringify(stored.problems));
      const atRisk = await gatherAtRisk(context, areaOfAlert(read.alerts[0]!), { deadlineMs: 600_000 });
      if (atRisk.missing.length > 0) throw new Error(`nodes missing: ${JSON.stringify(atRisk.missing.slice(0, 3))}`);
      const municipalities = figuresByMunicipality(atRisk.persons, atRisk.shelters).length;
      const used = process.cpuUsage(cpu);
      return { persons: atRisk.persons.length, municipalities, cpuMs: (used.user + used.system) / 1000 };
    });
    if (ours.last.persons !== total) throw new Error(`persons differ: ${ours.last.persons}, loaded ${total}`);
    const raw = await series(runs, async () => (await db.query('select id, data from plain_persons where area_code = $1', [AREA])).rows.length);
    if (raw.last !== total) throw new Error(`raw SQL rows ${raw.last}, loaded ${total}`);
    const parse = await timed(() => context.alerts.read('cap', { name: 'w.cap', bytes: warning(0) }));
    return {
      benchmark: 'alerts-people',
      backend: backend.name === 'pglite' ? `pglite (${total <= 200_000 ? 'memory' : 'disk'})` : backend.name,
      size: total,
      tsunagu: { label: `telegram in → read, stored, ${NODES} nodes asked (signed paged life-saving queries) → ${ours.last.persons.toLocaleString('en-US')} persons per municipality, p50`, value: ours.p50, unit: 'ms' },
      baseline: { what: 'raw SQL in one database (select id, data where area_code = …), p50', label: 'raw', value: raw.p50, unit: 'ms' },
      ratio: ours.p50 / raw.p50,
      goal: GOAL,
      extra: [
        { label: 'p95', value: ours.p95, unit: 'ms' },
        { label: 'CPU time of the whole federation (one process), last run', value: ours.last.cpuMs, unit: 'ms' },
        { label: 'reading and validating the CAP warning alone', value: parse.ms, unit: 'ms' },
        { label: 'persons per second, telegram to list', value: rate(total, ours.p50), unit: 'persons/s' },
      ],
    };
  });
}

export const alertsPeopleBenchmark: Benchmark = {
  name: 'alerts-people',
  description: 'a warning arriving to the complete list of persons requiring care over 20 real nodes vs raw SQL on the same rows',
  async run(ctx) {
    const total = sized(ctx.scale, { small: 5_000, medium: 20_000, large: 100_000 });
    const runs = sized(ctx.scale, { small: 3, medium: 3, large: 1 });
    const results: BenchResult[] = [];
    for (const backend of ctx.backends) results.push(await backendResults(ctx, backend, total, runs));
    return results;
  },
};
