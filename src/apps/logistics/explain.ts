// Why the plan is what it is, as values with message codes (./messages.ts): for each destination
// what comes from where, by which route and why not from a nearer depot; for each item how short it is and which
// runs out first; what would relieve a shortage (the binding constraints' shadow prices); how close to optimal.
import type { logisticsCatalog } from './messages.ts';
import type { StockCategory } from '../../model/index.ts';
import type { ArcBasis } from './lead-times.ts';
import {
  arcsByDestination, depotCategoryKey, eligible, suppliesByDepot,
  type AllocationInput, type AllocationPlan, type Arc, type DemandLine, type Flow, type SupplyLine,
} from './allocation-types.ts';
import { fleetUse, tripsFor } from './transport-capacity.ts';

export type LogisticsMessageCode = keyof typeof logisticsCatalog;

/** A sentence to show: a message code and its parameters. */
export interface Reason {
  code: LogisticsMessageCode;
  params: Readonly<Record<string, string | number>>;
}

export interface Delivery {
  flow: Flow;
  route: string[];
  reasons: Reason[];
}

export interface DestinationExplanation {
  destination: string;
  deliveries: Delivery[];
  /** Set when no depot reaches the destination by road. */
  isolated?: Reason;
}

export interface ShortageExplanation {
  category: StockCategory;
  demanded: number;
  available: number;
  unmet: number;
  reasons: Reason[];
}

export interface PlanExplanation {
  destinations: DestinationExplanation[];
  /** Items with unmet demand, the least covered first: the first runs out first. */
  shortages: ShortageExplanation[];
  optimality: Reason;
  /** When fleets' capacity bound: that it limited the plan, then each binding fleet with what one more vehicle is worth. */
  capacity?: Reason[];
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Why a delivery does not come from each depot that is faster to reach and holds the item. */
function flowReasons(f: Flow, d: DemandLine, ctx: ExplainContext): Reason[] {
  const common = { item: f.category };
  const reasons: Reason[] = [];
  for (const arc of ctx.arcs.get(f.destination) ?? []) {
    if (arc.minutes >= f.minutes || arc.depot === f.depot) break;
    const lines = ctx.supplies.get(depotCategoryKey(arc.depot, f.category)) ?? [];
    if (lines.length === 0) continue;
    const params = { ...common, depot: arc.depot, minutes: round(arc.minutes) };
    const usable = lines.filter((s) => eligible(s, d));
    if (usable.length === 0) {
      reasons.push({ code: 'LOGISTICS_FLOW_NEARER_ALLERGEN', params: { ...params, allergens: d.freeFrom.join(', ') } });
    } else if (usable.every((s) => (ctx.used.get(s.id) ?? 0) >= s.available - 1e-6)) {
      reasons.push({ code: 'LOGISTICS_FLOW_NEARER_EXHAUSTED', params });
    } else if (ctx.kgLeft.has(arc.depot) && ctx.kgLeft.get(arc.depot)! <= 1e-6) {
      reasons.push({ code: 'LOGISTICS_FLOW_NEARER_TRANSPORT_FULL', params });
    } else if (arc.fleet !== undefined && arc.fleet !== f.fleet && fleetFull(arc, usable, ctx)) {
      // The faster way is a fleet (a ship's or aircraft's trips, trucks' hours) the plan uses to its limit.
      reasons.push({ code: 'LOGISTICS_FLOW_NEARER_FLEET_FULL', params: { ...params, fleet: arc.fleet } });
    } else {
      reasons.push({ code: 'LOGISTICS_FLOW_NEARER_KEPT', params });
    }
  }
  if (reasons.length === 0) reasons.push({ code: 'LOGISTICS_FLOW_NEAREST', params: { ...common, quantity: round(f.quantity, 3), unit: d.unit, depot: f.depot, minutes: round(f.minutes) } });
  return reasons;
}

/** How a delivery's time is known when no road path gives it: the lead time stated (or assumed) by whom, or the straight line. */
export function timeReason(basis: ArcBasis): Reason {
  if (basis.kind === 'straight-line') return { code: 'LOGISTICS_TIME_STRAIGHT_LINE', params: { km: round(basis.km), kmh: basis.kmh, hours: round(basis.km / basis.kmh) } };
  if (basis.kind === 'craft') return { code: 'LOGISTICS_TIME_CRAFT', params: { km: round(basis.km), kmh: basis.kmh, hours: round(basis.minutes / 60) } };
  const code = basis.basis === 'stated' ? 'LOGISTICS_TIME_LEAD_TIME' : 'LOGISTICS_TIME_LEAD_TIME_ASSUMED';
  return { code, params: { source: basis.source, hours: round(basis.hours), mode: basis.mode } };
}

interface ExplainContext {
  arcs: ReturnType<typeof arcsByDestination>;
  supplies: ReturnType<typeof suppliesByDepot>;
  used: Map<string, number>;
  kgLeft: Map<string, number>;
  fleets: AllocationInput['fleets'];
  /** Vehicle-minutes each fleet has left after the plan, by fleet and measure (fleetLeftOf). */
  fleetLeft: ReadonlyMap<string, number>;
}

export interface ExplainOptions {
  /** Destinations no depot reaches by road (from reachableArcs). */
  isolated: readonly string[];
  /** The k of the k-nearest arcs, for the optimality sentence. */
  arcsPerDestination: number;
  /** How many relieving constraints to name per item. */
  reliefPerItem?: number;
}

export function explainPlan(input: AllocationInput, plan: AllocationPlan, options: ExplainOptions): PlanExplanation {
  const supplyById = new Map(input.supplies.map((s) => [s.id, s]));
  const demandById = new Map(input.demands.map((d) => [d.id, d]));
  const used = new Map<string, number>();
  const kgLeft = new Map(input.transportKg);
  for (const f of plan.flows) {
    used.set(f.supply, (used.get(f.supply) ?? 0) + f.quantity);
    const kg = kgLeft.get(f.depot);
    if (kg !== undefined) kgLeft.set(f.depot, kg - f.quantity * supplyById.get(f.supply)!.kgPerUnit);
  }
  const ctx: ExplainContext = {
    arcs: arcsByDestination(input.arcs), supplies: suppliesByDepot(input.supplies), used, kgLeft, fleets: input.fleets, fleetLeft: fleetLeftOf(input, plan),
  };
  const routeOf = new Map(input.arcs.map((a) => [`${a.depot}>${a.destination}>${a.fleet ?? ''}`, a]));
  const byDestination = new Map<string, Delivery[]>();
  for (const f of plan.flows) {
    const arc = routeOf.get(`${f.depot}>${f.destination}>${f.fleet ?? ''}`);
    const demand = demandById.get(f.demand)!;
    const delivery: Delivery = {
      flow: f,
      route: arc?.route() ?? [],
      // By sea or air, the craft's sentence names what and how much, so the nearest-depot sentence would repeat it.
      reasons: [
        ...(arc?.via ? [seaAirReason(input, f, arc, arc.via, demand, supplyById.get(f.supply)!)] : []),
        ...flowReasons(f, demand, ctx).filter((r) => arc?.via === undefined || r.code !== 'LOGISTICS_FLOW_NEAREST'),
        ...(arc?.basis ? [timeReason(arc.basis)] : []),
      ],
    };
    byDestination.set(f.destination, [...(byDestination.get(f.destination) ?? []), delivery]);
  }
  const destinations: DestinationExplanation[] = [...byDestination].map(([destination, deliveries]) => ({ destination, deliveries }));
  // An isolated destination a ship or aircraft serves keeps its deliveries and says why they go by sea or air.
  for (const destination of options.isolated) {
    const isolated: Reason = { code: 'LOGISTICS_DESTINATION_ISOLATED', params: { destination } };
    const served = destinations.find((d) => d.destination === destination);
    if (served) served.isolated = isolated;
    else destinations.push({ destination, deliveries: [], isolated });
  }
  const capacity = capacityReasons(input, plan);
  return {
    destinations, shortages: shortagesOf(input, plan, options.reliefPerItem ?? 3), optimality: optimalityReason(plan, options.arcsPerDestination),
    ...(capacity.length > 0 ? { capacity } : {}),
  };
}

/**
 * The vehicle-minutes each fleet has left after this plan, per measure (`fleet\u0000weight|volume`). A fleet can be
 * full with no shortfall at all (it binds only the transport time), so its shadow price need not show it.
 */
function fleetLeftOf(input: AllocationInput, plan: AllocationPlan): Map<string, number> {
  const left = new Map<string, number>();
  if (input.fleets === undefined) return left;
  for (const [key, fleet] of input.fleets) for (const m of ['weight', 'volume']) left.set(`${key}\u0000${m}`, fleet.vehicleMinutes);
  const supplyById = new Map(input.supplies.map((s) => [s.id, s]));
  const trip = new Map(input.arcs.map((a) => [`${a.depot}>${a.destination}>${a.fleet ?? ''}`, a.tripMinutes ?? 0]));
  for (const f of plan.flows) {
    const fleet = f.fleet === undefined ? undefined : input.fleets.get(f.fleet);
    if (fleet === undefined) continue;
    for (const u of fleetUse(fleet, supplyById.get(f.supply)!, trip.get(`${f.depot}>${f.destination}>${f.fleet}`) ?? 0)) {
      const key = `${f.fleet}\u0000${u.measure}`;
      left.set(key, left.get(key)! - f.quantity * u.perUnit);
    }
  }
  return left;
}

/** Whether one more unit of any of the lines on this arc would overfill its fleet (by weight or by volume). */
function fleetFull(arc: Arc, lines: readonly SupplyLine[], ctx: ExplainContext): boolean {
  const fleet = arc.fleet === undefined ? undefined : ctx.fleets?.get(arc.fleet);
  if (fleet === undefined || arc.tripMinutes === undefined) return false;
  return lines.every((s) => fleetUse(fleet, s, arc.tripMinutes!).some((u) => u.perUnit > ctx.fleetLeft.get(`${arc.fleet}\u0000${u.measure}`)! + 1e-9));
}

/**
 * A delivery by ship or aircraft: from the port or airfield it loads at to the landing point (or, flown directly, the
 * destination), with the trips of one craft it fills; with a truck leg first, from the depot to the port or airfield
 * and how long that drive takes (`roadMinutes`). Places are keys plan-text.ts names: `fleet#loads`,
 * `fleet#landing:i`, the depot, or the destination.
 */
function seaAirReason(input: AllocationInput, f: Flow, arc: Arc, via: NonNullable<Arc['via']>, d: DemandLine, s: SupplyLine): Reason {
  const fleet = input.fleets?.get(arc.fleet ?? '');
  const trips = fleet === undefined ? 0 : Math.max(0.01, round(tripsFor(f.quantity, s, fleet), 2));
  const params = {
    item: f.category, quantity: round(f.quantity, 3), unit: d.unit, vehicleClass: arc.vehicleClass, trips,
    fleet: arc.fleet ?? '-', from: `${arc.fleet}#loads`, landing: via.landing === 'direct' ? f.destination : `${arc.fleet}#landing:${via.landing}`,
  };
  if (via.road !== undefined) {
    return { code: via.mode === 'sea' ? 'LOGISTICS_FLOW_BY_ROAD_THEN_SEA' : 'LOGISTICS_FLOW_BY_ROAD_THEN_AIR', params: { ...params, depot: f.depot, roadMinutes: Math.round(via.road.minutes) } };
  }
  return { code: via.mode === 'sea' ? 'LOGISTICS_FLOW_BY_SEA' : 'LOGISTICS_FLOW_BY_AIR', params };
}

/**
 * The fleets whose capacity binds, most valuable first: the shadow price of a vehicle-minute times one vehicle's
 * minutes in the window is what one more vehicle of that fleet would take off the weighted shortfall. The depot named
 * is the one the fleet spends most of its time carrying from in this plan.
 */
function capacityReasons(input: AllocationInput, plan: AllocationPlan): Reason[] {
  const binding = plan.shadowPrices.flatMap((p) => (p.kind === 'fleet' && input.fleets?.has(p.fleet) ? [p] : []));
  if (binding.length === 0) return [];
  const supplyById = new Map(input.supplies.map((s) => [s.id, s]));
  const trip = new Map(input.arcs.map((a) => [`${a.depot}>${a.destination}>${a.fleet ?? ''}`, a.tripMinutes ?? 0]));
  const classOf = new Map(input.arcs.flatMap((a) => (a.fleet === undefined ? [] : [[a.fleet, a.vehicleClass] as const])));
  const busiest = new Map<string, Map<string, number>>();
  const longestTrip = new Map<string, number>();
  for (const f of plan.flows) {
    if (f.fleet === undefined) continue;
    const cycle = trip.get(`${f.depot}>${f.destination}>${f.fleet}`) ?? 0;
    if (cycle > (longestTrip.get(f.fleet) ?? 0)) longestTrip.set(f.fleet, cycle);
    const byDepot = busiest.get(f.fleet) ?? new Map<string, number>();
    const load = f.quantity * supplyById.get(f.supply)!.kgPerUnit * (trip.get(`${f.depot}>${f.destination}>${f.fleet}`) ?? 0);
    byDepot.set(f.depot, (byDepot.get(f.depot) ?? 0) + load);
    busiest.set(f.fleet, byDepot);
  }
  const reasons = binding
    .map((p) => {
      const fleet = input.fleets!.get(p.fleet)!;
      const perVehicle = (p.perVehicleMinute * fleet.vehicleMinutes) / fleet.count;
      const depot = [...(busiest.get(p.fleet) ?? new Map<string, number>())].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '-';
      const params = { fleet: p.fleet, vehicleClass: classOf.get(p.fleet) ?? '-', measure: p.measure, count: fleet.count, depot };
      const cycle = fleet.mode === undefined ? undefined : longestTrip.get(p.fleet);
      if (cycle !== undefined) {
        // A ship or aircraft is short of trips, not of vehicles: one more trip of its longest cycle in this plan.
        const perTrip = p.perVehicleMinute * cycle;
        return { perVehicle, reason: { code: 'LOGISTICS_CAPACITY_BINDS_TRIP' as const, params: { ...params, trips: round(fleet.vehicleMinutes / cycle, 1), value: round(perTrip, 3) } } };
      }
      return { perVehicle, reason: { code: 'LOGISTICS_CAPACITY_BINDS' as const, params: { ...params, value: round(perVehicle, 3) } } };
    })
    .sort((a, b) => b.perVehicle - a.perVehicle);
  return [{ code: 'LOGISTICS_CAPACITY_LIMITED', params: {} }, ...reasons.map((r) => r.reason)];
}

function shortagesOf(input: AllocationInput, plan: AllocationPlan, reliefPerItem: number): ShortageExplanation[] {
  const demandById = new Map(input.demands.map((d) => [d.id, d]));
  const totals = new Map<StockCategory, { demanded: number; available: number; unmet: number }>();
  const entry = (c: StockCategory) => totals.get(c) ?? totals.set(c, { demanded: 0, available: 0, unmet: 0 }).get(c)!;
  for (const d of input.demands) entry(d.category).demanded += d.quantity;
  for (const s of input.supplies) if (totals.has(s.category)) entry(s.category).available += Math.max(0, s.available);
  for (const u of plan.unmet) entry(demandById.get(u.demand)!.category).unmet += u.quantity;
  const coverage = (t: { demanded: number; available: number }) => (t.demanded === 0 ? 100 : round((100 * t.available) / t.demanded));
  const short = [...totals].filter(([, t]) => t.unmet > 1e-6).sort((a, b) => coverage(a[1]) - coverage(b[1]));
  return short.map(([category, t], rank) => {
    const reasons: Reason[] = [];
    if (rank === 0) reasons.push({ code: 'LOGISTICS_SHORTAGE_FIRST', params: { item: category, coverage: coverage(t) } });
    reasons.push({ code: 'LOGISTICS_SHORTAGE', params: { item: category, demanded: round(t.demanded, 3), available: round(t.available, 3), coverage: coverage(t), unmet: round(t.unmet, 3) } });
    const relief = plan.shadowPrices
      .filter((p) => p.kind === 'stock' && p.category === category)
      .sort((a, b) => (b.kind === 'stock' ? b.perUnit : 0) - (a.kind === 'stock' ? a.perUnit : 0))
      .slice(0, reliefPerItem);
    for (const p of relief) if (p.kind === 'stock') reasons.push({ code: 'LOGISTICS_RELIEF_STOCK', params: { item: category, depot: p.depot, value: round(p.perUnit, 3) } });
    return { category, ...t, reasons };
  });
}

/** Transport capacity that binds anywhere, most valuable first, as sentences. */
export function transportRelief(plan: AllocationPlan, count = 3): Reason[] {
  return plan.shadowPrices
    .flatMap((p) => (p.kind === 'transport' ? [p] : []))
    .sort((a, b) => b.perKg - a.perKg)
    .slice(0, count)
    .map((p) => ({ code: 'LOGISTICS_RELIEF_TRANSPORT' as const, params: { depot: p.depot, value: round(p.perKg, 4) } }));
}

function optimalityReason(plan: AllocationPlan, k: number): Reason {
  const { gap, weightedUnmetLowerBound: bound } = plan.optimality;
  if (gap <= 1e-6 * Math.max(1, plan.objective.weightedUnmet)) return { code: 'LOGISTICS_OPTIMALITY_EXACT', params: {} };
  const percent = round((100 * gap) / plan.objective.weightedUnmet, 2);
  const wholeUnitsCost = plan.optimality.wholeUnitsCost;
  if (wholeUnitsCost !== undefined) return { code: 'LOGISTICS_OPTIMALITY_WHOLE_UNITS', params: { cost: round(wholeUnitsCost, 3), bound: round(bound, 3), gap: round(gap, 3), percent } };
  return { code: 'LOGISTICS_OPTIMALITY_GAP', params: { k, bound: round(bound, 3), gap: round(gap, 3), percent } };
}

