// The Noto demo's ship and helicopter in a plan: with the roads into Wajima as published (restricted, passable for
// smaller trucks) a need at a shelter by Wajima port goes by road; with those roads closed, it goes by sea or air from
// the prefecture's stockpile (trucked to Kanazawa port for the ship), and never by road. Pure: the bundled road file,
// the demo's holdings, the optimiser.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { explainPlan } from '../../src/apps/logistics/explain.ts';
import { loadSolver, optimiseAllocation } from '../../src/apps/logistics/optimise.ts';
import { fleetLineOf } from '../../src/apps/logistics/plan-service.ts';
import { planSentences } from '../../src/apps/logistics/plan-text.ts';
import { ARCS_PER_DESTINATION, allocationProblem, planFleetsOf, planLinesOf, type NeedLine, type StockLine } from '../../src/apps/logistics/planning.ts';
import type { StoredPlan } from '../../src/apps/logistics/types.ts';
import { bundledDataDir } from '../../src/demo/federation.ts';
import { logisticsHoldings } from '../../src/demo/logistics-holdings.ts';
import { NOTO_ROADS_FILE, parseNotoRoads } from '../../src/demo/noto-roads.ts';
import { demoParticipantByKey } from '../../src/demo/scenario.ts';
import type { Demand, RecordDraft } from '../../src/model/index.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await loadSolver();
});

const countedAt = new Date('2024-01-05T00:00:00+09:00');
const window = { from: '2024-01-05T09:00:00+09:00', until: '2024-01-06T09:00:00+09:00' };
const roadsFile = parseNotoRoads(readFileSync(path.join(bundledDataDir, 'logistics', NOTO_ROADS_FILE), 'utf8'));
if (!roadsFile.ok) throw new Error(JSON.stringify(roadsFile.problems));
const published = roadsFile.value.records.map((r) => ({ id: r.id, data: r.data }));
/** The two roads into Wajima (prefectural road 1 from Mii, route 249 from Monzen) closed as well. */
const wajimaCut = published.map((r) =>
  /pr1-mii-wajima|r249-monzen-wajima/.test(r.id) ? { ...r, data: { ...r.data, status: 'closed' as const, allowedVehicleClasses: undefined } } : r,
);

const ishikawa = demoParticipantByKey('ishikawa');
const firm = demoParticipantByKey('logistics');
const wajima = demoParticipantByKey('wajima');
const stocks: StockLine[] = logisticsHoldings('prefectural-depot', ishikawa, countedAt)
  .filter((d): d is RecordDraft<'stock'> => d.type === 'stock')
  .map((d) => ({ node: ishikawa.id, id: d.id, version: 1, observedAt: d.observedAt, stock: d.data }));
const vehicles = logisticsHoldings('transport-fleet', firm, countedAt)
  .filter((d): d is RecordDraft<'vehicle'> => d.type === 'vehicle')
  .map((d) => ({ node: firm.id, id: d.id, version: 1, observedAt: d.observedAt, sourceNode: firm.id, data: d.data }));
const fleets = vehicles.map(fleetLineOf);

/** 輪島市ふれあい健康センター, by Wajima port (GSI 共通ID E1720400011111). */
const SHELTER = 'E1720400011111';
const needs: NeedLine[] = [
  {
    id: 'need:wajima/water', receiver: wajima.id,
    demand: {
      origin: 'request', destination: { type: 'shelter', id: SHELTER }, areaCode: '172049', location: { type: 'Point', coordinates: [136.9064, 37.3939] },
      item: { category: 'drinking-water' }, quantity: 6000, unit: 'litre', neededBy: '2024-01-06T09:00:00+09:00', priority: 'urgent',
    } as Demand,
  },
];
const destination = `${wajima.id}|shelter:${SHELTER}`;

function plan(roads: typeof published) {
  const problem = allocationProblem(needs, stocks, fleets, roads, window);
  const solved = optimiseAllocation(highs, problem.input);
  if (!solved.ok) throw new Error(`solver failed: ${solved.status}`);
  return { problem, plan: solved.plan };
}

describe('the Noto demo’s ship and helicopter', () => {
  it('stay unused while a road vehicle reaches the shelter by Wajima port', () => {
    const { problem, plan: p } = plan(published);
    expect(problem.isolated).not.toContain(destination);
    expect(problem.seaAirArcs).toBe(0);
    expect(p.flows.length).toBeGreaterThan(0);
    expect(p.flows.every((f) => !/charter-(ship|helicopter)/.test(f.fleet ?? ''))).toBe(true);
  });

  it('carry the water by sea and air once the roads into Wajima are closed, and say so with the port, the craft and the trips', () => {
    const { problem, plan: p } = plan(wajimaCut);
    expect(problem.isolated).toContain(destination);
    // Trucks, a ship and a helicopter are known: every mode's capacity binds.
    expect(problem.capacityNotModelled).toEqual([]);
    const flows = p.flows.filter((f) => f.destination === destination);
    expect(flows.length).toBeGreaterThan(0);
    expect(flows.every((f) => /charter-(ship|helicopter)/.test(f.fleet!))).toBe(true);
    // 6,000 L fit one voyage of the 30-tonne ship; it may take all of it.
    expect(flows.reduce((n, f) => n + f.quantity, 0)).toBeCloseTo(6000, 6);
    const explanation = explainPlan(problem.input, p, { isolated: problem.isolated, arcsPerDestination: ARCS_PER_DESTINATION });
    const stored: StoredPlan = { id: 'p', state: 'proposed', proposedAt: window.from, inputs: {}, result: { explanation, notes: [], fleets: planFleetsOf(problem.fleets, vehicles, new Map()) } };
    const lines = planLinesOf(p, problem, needs, stocks);
    const ja = planSentences(stored, lines, 'ja').destinations.find((d) => d.destination === destination)!;
    expect(ja.isolated).toMatch(/孤立/);
    // The stockpile lies 2.7 km from Kanazawa port: its water is trucked to the port before the ship; the helicopter
    // loads beside it.
    const texts = ja.deliveries.flatMap((d) => d.texts).join('\n');
    if (flows.some((f) => /charter-ship/.test(f.fleet!))) expect(texts).toMatch(/陸路で .+ から 金沢港 へ（\d+分）、そこから海路で 輪島港 へ届けます（チャーター貨物船（例示）、船舶、[\d.]+便分）/);
    if (flows.some((f) => /charter-helicopter/.test(f.fleet!))) expect(texts).toMatch(/空路（ヘリコプター）で届けます: 金沢 備蓄倉庫横の臨時へリポート（例示） から/);
    expect(lines.filter((l) => l.destination.id === SHELTER).every((l) => l.route.length === 0 && l.transport?.mode !== undefined)).toBe(true);
  });
});
