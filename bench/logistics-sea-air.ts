// Ships and aircraft in the allocation: the same synthetic country as bench/logistics.ts, plus a cut-off coast of
// shelters no road reaches, planned twice in one run — by road only (the cut-off coast goes unmet) and with ships and
// helicopters serving it (their arcs and their capacity rows, sea-air-arcs.ts) — to show what the sea and air arcs
// cost in time and what they bring in served demand.
import type { LonLat } from '../src/model/index.ts';
import type { AllocationInput, DemandLine } from '../src/apps/logistics/allocation-types.ts';
import { loadSolver, optimiseAllocation } from '../src/apps/logistics/optimise.ts';
import { seaAirArcs } from '../src/apps/logistics/sea-air-arcs.ts';
import { fleetCapacity, type FleetLine } from '../src/apps/logistics/transport-capacity.ts';
import { timed, type BenchContext, type BenchResult, type Benchmark } from './harness.ts';
import { countrySize, logisticsScenario, withArcs } from './logistics.ts';

const K_NEAREST = 6;
/** Share of shelters on the cut-off coast, and the craft that serve it. */
const CUT_OFF_SHARE = 0.05;
const SHIPS = 3;
const HELICOPTERS = 2;
const WINDOW = { from: '2024-01-05T09:00:00+09:00', until: '2024-01-06T09:00:00+09:00' };

/** Every junction's position, from the segments' ends. */
function positions(segments: ReturnType<typeof logisticsScenario>['segments']): Map<string, LonLat> {
  const at = new Map<string, LonLat>();
  for (const s of segments) {
    at.set(s.data.from.id, s.data.from.coordinates as LonLat);
    at.set(s.data.to.id, s.data.to.coordinates as LonLat);
  }
  return at;
}

/**
 * The road-only input and the same input with ships and helicopters: the cut-off coast's shelters lie a few km east of
 * the grid, with demands like every shelter's and no road arc; ships load at the depots nearest the coast and land at
 * one point per share of the coast; helicopters load at the next depots and reach the whole coast by radius.
 */
export function seaAirScenario(shelters: number, depots: number, items: number): { byRoad: AllocationInput; withCraft: AllocationInput; cutOff: number; craftArcs: number } {
  const s = logisticsScenario(shelters, depots, items);
  const road = withArcs(s, K_NEAREST);
  const at = positions(s.segments);
  const east = Math.max(...[...at.values()].map((p) => p[0]));
  const [south, north] = [Math.min(...[...at.values()].map((p) => p[1])), Math.max(...[...at.values()].map((p) => p[1]))];
  const cutOff = Math.max(SHIPS, Math.round(shelters * CUT_OFF_SHARE));
  const coast = Array.from({ length: cutOff }, (_, i) => ({ id: `coast-${i}`, at: [east + 0.05, south + ((north - south) * (i + 0.5)) / cutOff] as LonLat }));
  // The coast's demands mirror the first shelters' (same items, quantities and priorities).
  const perShelter = s.input.demands.length / shelters;
  const coastDemands: DemandLine[] = coast.flatMap((c, i) =>
    s.input.demands.slice(i * perShelter, (i + 1) * perShelter).map((d) => ({ ...d, id: `${c.id}:${d.category}`, destination: c.id })),
  );
  const depotAt = new Map(s.depots.map((d) => [d.id, at.get(d.nodeId)!]));
  const byEast = [...depotAt].sort((a, b) => b[1][0] - a[1][0]).map(([id]) => id);
  const available = { availableFrom: WINDOW.from, availableUntil: WINDOW.until };
  const craft: FleetLine[] = [
    ...Array.from({ length: SHIPS }, (_, i): FleetLine => {
      const depot = byEast[i]!;
      const share = coast.filter((_, j) => j % SHIPS === i);
      return {
        key: `coast-guard|ship-${i}`, node: 'coast-guard', vehicleId: `ship-${i}`, vehicleClass: 'ship', count: 1, kg: 20_000, litres: 100_000, base: depotAt.get(depot)!, ...available,
        craft: {
          mode: 'sea', depotPlace: depot, loadsAt: depotAt.get(depot)!, speedKmh: 25, tripsPerDay: 1,
          landingPoints: [{ name: { en: `landing ${i}` }, at: share[0]!.at, serves: share.map((c) => c.id) }],
        },
      };
    }),
    ...Array.from({ length: HELICOPTERS }, (_, i): FleetLine => {
      const depot = byEast[SHIPS + i]!;
      return {
        key: `air-wing|heli-${i}`, node: 'air-wing', vehicleId: `heli-${i}`, vehicleClass: 'helicopter', count: 2, kg: 1_000, litres: 6_000, base: depotAt.get(depot)!, ...available,
        craft: { mode: 'air', depotPlace: depot, loadsAt: depotAt.get(depot)!, speedKmh: 200, tripsPerDay: 4, radiusKm: 1_000, landingPoints: [] },
      };
    }),
  ];
  // The scenario's keys carry no node: a depot's place is its id, and so is a destination's.
  const arcs = seaAirArcs(craft, {
    depots: depotAt,
    destinations: new Map(coast.map((c) => [c.id, c.at])),
    areaOf: () => undefined,
    byRoad: new Set(),
    stated: () => () => undefined,
  });
  const demands = [...s.input.demands, ...coastDemands];
  const byRoad: AllocationInput = { ...road, demands };
  const withCraft: AllocationInput = { ...road, demands, arcs: [...road.arcs, ...arcs], fleets: new Map(craft.map((f) => [f.key, fleetCapacity(f, WINDOW)])) };
  return { byRoad, withCraft, cutOff, craftArcs: arcs.length };
}

export const logisticsSeaAirBenchmark: Benchmark = {
  name: 'logistics-sea-air',
  description: 'allocation with ships and helicopters serving a cut-off coast vs the same data by road only',
  async run(ctx: BenchContext): Promise<BenchResult[]> {
    const { shelters, depots, items } = countrySize(ctx.scale);
    const { byRoad, withCraft, cutOff, craftArcs } = seaAirScenario(shelters, depots, items);
    ctx.log(`${shelters} shelters + ${cutOff} on a cut-off coast × ${depots} depots × ${items} items; ${SHIPS} ships and ${HELICOPTERS} helicopter fleets, ${craftArcs} sea/air arcs`);
    const highs = await loadSolver();
    const road = await timed(() => optimiseAllocation(highs, byRoad));
    if (!road.value.ok) throw new Error(`solver failed by road: ${JSON.stringify(road.value)}`);
    const roadPlan = road.value.plan;
    ctx.log(`by road only: ${Math.round(road.ms)} ms, ${roadPlan.optimality.method}, weighted unmet ${roadPlan.objective.weightedUnmet.toFixed(1)}`);
    const sea = await timed(() => optimiseAllocation(highs, withCraft));
    if (!sea.value.ok) throw new Error(`solver failed with ships and aircraft: ${JSON.stringify(sea.value)}`);
    const seaPlan = sea.value.plan;
    const toCoast = seaPlan.flows.filter((f) => f.destination.startsWith('coast-')).reduce((n, f) => n + f.quantity, 0);
    ctx.log(`with ships and helicopters: ${Math.round(sea.ms)} ms, ${seaPlan.optimality.method}, weighted unmet ${seaPlan.objective.weightedUnmet.toFixed(1)}, ${Math.round(toCoast)} units to the cut-off coast`);
    return [{
      benchmark: 'logistics-sea-air', size: withCraft.demands.length,
      tsunagu: { label: `plan with ships and helicopters (${seaPlan.optimality.method})`, value: sea.ms, unit: 'ms' },
      baseline: { what: `the same data by road only (${roadPlan.optimality.method})`, label: 'time', value: road.ms, unit: 'ms' },
      ratio: sea.ms / road.ms,
      extra: [
        { label: 'weighted unmet (road only)', value: roadPlan.objective.weightedUnmet, unit: '' },
        { label: 'weighted unmet (with ships and helicopters)', value: seaPlan.objective.weightedUnmet, unit: '' },
        { label: 'units delivered to the cut-off coast', value: toCoast, unit: '' },
        { label: 'sea/air arcs', value: craftArcs, unit: '' },
      ],
    }];
  },
};
