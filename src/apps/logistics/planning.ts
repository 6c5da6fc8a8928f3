// From what the nodes answered to an allocation problem and back: demand lines and stock lines as the optimiser sees
// them, depot → destination arcs over the road network (or straight-line distance when no road is known), and the
// plan's lines with everything a dispatch order needs. Also the rules an edited or approved plan must keep. Pure.
import {
  shippableQuantity, type Allergen, type Demand, type LonLat, type PlaceRef, type Stock, type StockCategory, type StockUnit, type Text, type Vehicle, type VehicleClass,
} from '../../model/index.ts';
import type { NeedLine, PlanFleet, PlanLine, PlanPlace } from './types.ts';
import type { AllocationInput, AllocationPlan, Arc, DemandLine, SupplyLine } from './allocation-types.ts';
import { reachableArcs, type DepotOnNetwork, type PlaceOnNetwork } from './arcs.ts';
import { buildRoadGraph, distanceKm, nearestNode, travelTimesFrom, type RoadGraph, type RoadSegmentRecord } from './road-network.ts';
import { unitLoadOf } from './item-loads.ts';
import { fleetCapacity, tripMinutes, tripsFor, type FleetLine, type PlanningWindow } from './transport-capacity.ts';
import { leadTimeLookup, type ArcBasis, type LeadTimeLine } from './lead-times.ts';
import { seaAirArcs, type SeaAirPlaces } from './sea-air-arcs.ts';
import type { RoadTimesTo } from './port-legs.ts';


/** A stock line as its node answered it under supply-logistics. */
export type { NeedLine, PlanLine };

/** A stock line as its node answered it under supply-logistics. */
export interface StockLine {
  node: string;
  id: string;
  version: number;
  observedAt: string;
  stock: Stock;
}

/** With no fleet known, depots are assumed to load this class (a 4 t truck, what most depots dispatch). */
export const ASSUMED_VEHICLE_CLASS: VehicleClass = 'medium-truck';
/** Without a road network: great-circle distance at this speed (docs/logistics.md). */
export const STRAIGHT_LINE_KMH = 30;
/** A place farther than this from every road node is not on the network. */
export const SNAP_KM = 10;
/** Depots kept per destination. */
export const ARCS_PER_DESTINATION = 8;
/**
 * The access leg between a place and the road node it joins: the straight line × a detour factor at a local-street
 * speed, and never under a few minutes (leaving a yard, finding the shelter's entrance), so a depot and a shelter
 * that join the same node are still apart (docs/logistics.md).
 */
export const ACCESS_KMH = 20;
export const ACCESS_DETOUR = 1.3;
export const ACCESS_MINIMUM_MINUTES = 5;

export function accessMinutes(km: number): number {
  return Math.max(ACCESS_MINIMUM_MINUTES, ((km * ACCESS_DETOUR) / ACCESS_KMH) * 60);
}

export const stockKey = (node: string, id: string) => `${node}|${id}`;
export const depotKey = (node: string, heldAt: PlaceRef) => `${node}|${heldAt.type}:${heldAt.id}`;
export const destinationKey = (receiver: string, to: PlaceRef) => `${receiver}|${to.type}:${to.id}`;

export interface AllocationProblem {
  input: AllocationInput;
  isolated: string[];
  routing: 'road-network' | 'straight-line';
  /** Stock lines without a position: they cannot be routed and are left out (their keys). */
  unplaced: string[];
  /** The fleets whose capacity the plan respects (empty: none known, transport capacity not modelled). */
  fleets: FleetLine[];
  /** Fleets without a base position (left out), destinations with a road but no fleet able to make the trip. */
  unplacedFleets: string[];
  noFleetReaches: string[];
  /** Items (category and unit) whose weight per unit is unknown: not counted against any fleet. */
  unknownLoads: { category: StockCategory; unit: StockUnit }[];
  /** Arcs whose time is a stated lead time (no road path, or no road network). */
  leadTimeArcs: number;
  /** Arcs of ships and aircraft (to destinations no road fleet reaches). */
  seaAirArcs: number;
  /**
   * Modes whose arcs the plan uses without a capacity while fleets of other modes bind theirs (none of that mode is
   * known): e.g. road in a demo that knows only ships and aircraft. Empty when no fleet is known at all.
   */
  capacityNotModelled: ('road' | 'sea' | 'air')[];
}

function demandLine(n: NeedLine): DemandLine {
  return {
    id: n.id,
    destination: destinationKey(n.receiver, n.demand.destination),
    category: n.demand.item.category,
    unit: n.demand.unit,
    quantity: n.demand.quantity,
    priority: n.demand.priority,
    freeFrom: n.demand.freeFrom ?? [],
  };
}

/** What a stock line can give this plan: shippable now, and never a negative figure. */
export function supplyLine(s: StockLine): SupplyLine {
  return {
    id: stockKey(s.node, s.id),
    depot: depotKey(s.node, s.stock.heldAt),
    category: s.stock.item.category,
    unit: s.stock.unit,
    available: shippableQuantity(s.stock),
    contains: s.stock.allergens?.contains,
    ...loadOf(s.stock),
  };
}

/** Weight and volume per unit for the fleets: the line's own figures, else the table (item-loads.ts); 0 kg unknown. */
function loadOf(stock: Stock): Pick<SupplyLine, 'kgPerUnit' | 'litresPerUnit'> {
  const load = unitLoadOf(stock);
  if (load.source === 'unknown') return { kgPerUnit: 0 };
  return { kgPerUnit: load.kg, ...(load.litres !== undefined ? { litresPerUnit: load.litres } : {}) };
}

/** Whether a vehicle class may drive every segment of a route (a restricted one names the classes it lets through). */
function routePassable(route: readonly string[], vehicleClass: VehicleClass, segments: ReadonlyMap<string, RoadSegmentRecord['data']>): boolean {
  return route.every((id) => {
    const s = segments.get(id);
    return s === undefined || s.status !== 'restricted' || (s.allowedVehicleClasses ?? []).includes(vehicleClass);
  });
}

/** Minutes from a fleet's base to a place (the way back taken as the same): by road for its class, or straight line; undefined when it cannot get there. */
type BaseLegs = (fleet: FleetLine, place: string) => number | undefined;

/**
 * The kept arcs, one per fleet able to drive the arc's route and reach its depot and destination from its base, each
 * with the fleet's whole trip (transport-capacity.ts). A fleet is used only in the window's hours it is available.
 */
function fleetArcs(arcs: readonly Arc[], fleets: readonly FleetLine[], baseLegs: BaseLegs, segments: ReadonlyMap<string, RoadSegmentRecord['data']>): Arc[] {
  const out: Arc[] = [];
  for (const arc of arcs) {
    const route = arc.route();
    for (const f of fleets) {
      if (f.vehicleClass !== arc.vehicleClass && !routePassable(route, f.vehicleClass, segments)) continue;
      const toDepot = baseLegs(f, arc.depot);
      const toDestination = baseLegs(f, arc.destination);
      if (toDepot === undefined || toDestination === undefined) continue;
      out.push({
        ...arc, vehicleClass: f.vehicleClass, fleet: f.key, route: () => route,
        tripMinutes: tripMinutes({ baseToDepot: toDepot, depotToDestination: arc.minutes, destinationToBase: toDestination }),
      });
    }
  }
  return out;
}

/** Whether an arc goes by road: a road-network path, a straight-line estimate or a road lead time (not a sea or air one). */
const byRoadArc = (a: Arc) => a.basis?.kind !== 'lead-time' || a.basis.mode === 'road';

/**
 * The fleets' capacities and which of their arcs remain; what no fleet serves and which fleets cannot be placed.
 * Fleets bind the modes they are known for: with road vehicles known (placed and available in the window), only they
 * carry the road arcs; with none, road arcs carry without a fleet (road capacity not modelled, as with no fleet at all). Ships and aircraft add arcs
 * (sea-air-arcs.ts) to the destinations no road arc reaches and where a lead time of their mode is stated; a sea or
 * air lead time stands alone, its capacity not modelled, only while no craft of its mode is known.
 */
function withFleets(
  input: AllocationInput, fleets: readonly FleetLine[], window: PlanningWindow | undefined, baseLegs: BaseLegs,
  segments: ReadonlyMap<string, RoadSegmentRecord['data']>, places: Omit<SeaAirPlaces, 'byRoad'>,
): Pick<AllocationProblem, 'input' | 'fleets' | 'unplacedFleets' | 'noFleetReaches' | 'seaAirArcs' | 'capacityNotModelled'> {
  const available = window === undefined ? [] : fleets.filter((f) => f.base !== undefined && fleetCapacity(f, window).vehicleMinutes > 0);
  const unplacedFleets = fleets.filter((f) => f.base === undefined).map((f) => f.key);
  if (available.length === 0) return { input, fleets: [], unplacedFleets, noFleetReaches: [], seaAirArcs: 0, capacityNotModelled: [] };
  const roadFleets = available.filter((f) => f.craft === undefined);
  const craftModes = new Set(available.flatMap((f) => (f.craft === undefined ? [] : [f.craft.mode])));
  const roadArcs = input.arcs.filter(byRoadArc);
  const standing = input.arcs.filter((a) => !byRoadArc(a) && a.basis?.kind === 'lead-time' && !craftModes.has(a.basis.mode as 'sea' | 'air'));
  const byRoad = roadFleets.length > 0 ? fleetArcs(roadArcs, roadFleets, baseLegs, segments) : roadArcs;
  const served = new Set(byRoad.map((a) => a.destination));
  const craftArcs = seaAirArcs(available, { ...places, byRoad: served });
  // A destination a ship or aircraft serves is not "unreached": the note is for those nothing can carry to.
  const byCraft = new Set(craftArcs.map((a) => a.destination));
  const noFleetReaches = roadFleets.length > 0 ? [...new Set(roadArcs.map((a) => a.destination))].filter((d) => !served.has(d) && !byCraft.has(d)) : [];
  const capacities = new Map(available.map((f) => [f.key, fleetCapacity(f, window!)]));
  const capacityNotModelled = [
    ...(roadFleets.length === 0 && roadArcs.length > 0 ? ['road' as const] : []),
    ...new Set(standing.flatMap((a) => (a.basis?.kind === 'lead-time' && a.basis.mode !== 'road' ? [a.basis.mode] : []))),
  ];
  return {
    input: { ...input, arcs: [...byRoad, ...standing, ...craftArcs], fleets: capacities }, fleets: available, unplacedFleets, noFleetReaches, seaAirArcs: craftArcs.length,
    capacityNotModelled,
  };
}

/** Items whose weight per unit neither the stock line nor the table gives. */
function unknownLoadsOf(stocks: readonly StockLine[]): { category: StockCategory; unit: StockUnit }[] {
  const seen = new Map<string, { category: StockCategory; unit: StockUnit }>();
  for (const s of stocks) {
    if (unitLoadOf(s.stock).source === 'unknown') seen.set(`${s.stock.item.category}|${s.stock.unit}`, { category: s.stock.item.category, unit: s.stock.unit });
  }
  return [...seen.values()];
}

/**
 * The optimiser's problem from gathered needs, stock, the logistics firms' fleets and road segments. With fleets and
 * a planning window, every arc is carried by a fleet and the fleets' capacity binds; without, it is not modelled.
 */
export function allocationProblem(
  needs: readonly NeedLine[], stocks: readonly StockLine[], fleets: readonly FleetLine[], roads: readonly RoadSegmentRecord[], window?: PlanningWindow,
  leadTimes?: { lines: readonly LeadTimeLine[]; at: Date },
): AllocationProblem {
  const demands = needs.map(demandLine);
  const placed = stocks.filter((s) => s.stock.location !== undefined);
  const unplaced = stocks.filter((s) => s.stock.location === undefined).map((s) => stockKey(s.node, s.id));
  const supplies = placed.map(supplyLine);
  const depotAt = new Map<string, LonLat>();
  for (const s of placed) depotAt.set(depotKey(s.node, s.stock.heldAt), s.stock.location!.coordinates);
  const destAt = new Map<string, LonLat | undefined>();
  for (const n of needs) destAt.set(destinationKey(n.receiver, n.demand.destination), n.demand.location?.coordinates);
  // Any fleet may drive to any depot to load, so a route must suit one of the fleets' classes.
  const fleetClasses = [...new Set(fleets.filter((f) => f.base !== undefined && f.craft === undefined).map((f) => f.vehicleClass))];
  const classesOf = () => (fleetClasses.length > 0 ? fleetClasses : [ASSUMED_VEHICLE_CLASS]);
  const unknownLoads = fleets.length > 0 ? unknownLoadsOf(placed) : [];
  const destArea = new Map(needs.map((n) => [destinationKey(n.receiver, n.demand.destination), n.demand.areaCode as string]));
  const stated: ReturnType<typeof leadTimeLookup> = leadTimes && leadTimes.lines.length > 0 ? leadTimeLookup(leadTimes.lines, leadTimes.at) : () => undefined;
  const craftPlaces: Omit<SeaAirPlaces, 'byRoad'> = {
    depots: depotAt, destinations: destAt, areaOf: (d) => destArea.get(d),
    stated: (mode) => (leadTimes && leadTimes.lines.length > 0 ? leadTimeLookup(leadTimes.lines, leadTimes.at, mode) : () => undefined),
  };

  if (roads.length === 0) {
    // No road network: a stated lead time is the best figure there is for its pair; the straight line fills the rest.
    const arcs: Arc[] = [];
    const isolated: string[] = [];
    for (const [dest, at] of destAt) {
      const near = [...depotAt].flatMap(([depot, p]): { depot: string; minutes: number; basis: ArcBasis }[] => {
        const lead = stated(depot, dest, destArea.get(dest));
        if (lead) return [{ depot, minutes: lead.hours * 60, basis: lead }];
        if (at === undefined) return [];
        const km = distanceKm(p, at);
        return [{ depot, minutes: (km / STRAIGHT_LINE_KMH) * 60, basis: { kind: 'straight-line', km, kmh: STRAIGHT_LINE_KMH } }];
      }).sort((a, b) => a.minutes - b.minutes).slice(0, ARCS_PER_DESTINATION);
      if (near.length === 0) isolated.push(dest);
      for (const n of near) arcs.push({ depot: n.depot, destination: dest, minutes: n.minutes, vehicleClass: classesOf()[0]!, route: () => [], basis: n.basis });
    }
    const straight: BaseLegs = (f, place) => {
      const at = depotAt.get(place) ?? destAt.get(place);
      return at === undefined || f.base === undefined ? undefined : (distanceKm(f.base, at) / STRAIGHT_LINE_KMH) * 60;
    };
    // The truck leg to a port or airfield: the straight line at the same speed (closures unknown, as for every road arc here).
    const roadTimesTo: RoadTimesTo = (to, among, k) => new Map(
      among.map((depot) => [depot, { minutes: (distanceKm(depotAt.get(depot)!, to) / STRAIGHT_LINE_KMH) * 60, vehicleClass: classesOf()[0]!, route: () => [] }] as const)
        .sort((a, b) => a[1].minutes - b[1].minutes).slice(0, k),
    );
    const carried = withFleets({ demands, supplies, arcs, transportKg: new Map() }, fleets, window, straight, new Map(), { ...craftPlaces, roadTimesTo });
    return { ...carried, isolated, routing: 'straight-line', unplaced, unknownLoads, leadTimeArcs: arcs.filter((a) => a.basis?.kind === 'lead-time').length };
  }

  const graph = buildRoadGraph(roads);
  const snap = (p: LonLat | undefined) => {
    const n = p === undefined ? undefined : nearestNode(graph, p);
    return n !== undefined && n.km <= SNAP_KM ? { node: n.node, access: accessMinutes(n.km) } : undefined;
  };
  const joined = new Map<string, { node: number; access: number }>();
  const depots: DepotOnNetwork[] = [];
  for (const [depot, p] of depotAt) {
    const on = snap(p);
    if (on === undefined) continue;
    joined.set(depot, on);
    depots.push({ id: depot, node: on.node, vehicleClasses: classesOf() });
  }
  const destinations: PlaceOnNetwork[] = [];
  const offNetwork: string[] = [];
  for (const [dest, p] of destAt) {
    const on = snap(p);
    if (on === undefined) offNetwork.push(dest);
    else {
      joined.set(dest, on);
      destinations.push({ id: dest, node: on.node });
    }
  }
  const r = reachableArcs(graph, depots, destinations, ARCS_PER_DESTINATION);
  // Each delivery also drives from the depot to its road node and from the destination's node to the shelter.
  const byRoad = r.arcs.map((a) => ({ ...a, minutes: a.minutes + joined.get(a.depot)!.access + joined.get(a.destination)!.access }));
  // A stated lead time only where the network has no path between the two: a path that exists is computed from the
  // roads' status as observed, which a standing lead time cannot know (a closure since it was stated).
  const leadArcs: Arc[] = [];
  if (leadTimes && leadTimes.lines.length > 0) {
    for (const dest of destAt.keys()) {
      for (const depot of depotAt.keys()) {
        if (joined.has(depot) && joined.has(dest) && r.sameNetworkPart(depot, dest)) continue;
        const lead = stated(depot, dest, destArea.get(dest));
        if (lead) leadArcs.push({ depot, destination: dest, minutes: lead.hours * 60, vehicleClass: classesOf()[0]!, route: () => [], basis: lead });
      }
    }
  }
  const arcs = [...byRoad, ...leadArcs];
  const segments = new Map(roads.map((x) => [x.id, x.data]));
  // The truck leg to a port or airfield: the fastest open route from each depot for one of the classes, access legs included.
  const roadTimesTo: RoadTimesTo = (to, among, k) => {
    const port = snap(to);
    const wanted = new Set(among);
    if (port === undefined || wanted.size === 0) return new Map();
    const legs = reachableArcs(graph, depots.filter((d) => wanted.has(d.id)), [{ id: 'loading-place', node: port.node }], k).arcs;
    return new Map(legs.map((a) => [a.depot, { minutes: a.minutes + joined.get(a.depot)!.access + port.access, vehicleClass: a.vehicleClass, route: a.route }]));
  };
  const carried = withFleets(
    { demands, supplies, arcs, transportKg: new Map(), sameNetworkPart: r.sameNetworkPart }, fleets, window, roadBaseLegs(graph, joined, snap), segments, { ...craftPlaces, roadTimesTo },
  );
  // Counted as the plan can use them (a lead-time arc no fleet carries is gone); a destination a stated road lead
  // time serves is not isolated — the network lacks its road, the world does not — while one served only by sea or
  // air stays isolated beside its deliveries (explain.ts).
  const leadUsed = carried.input.arcs.flatMap((a) => (a.basis?.kind === 'lead-time' ? [{ destination: a.destination, mode: a.basis.mode }] : []));
  const byRoadLead = new Set(leadUsed.filter((a) => a.mode === 'road').map((a) => a.destination));
  const isolated = [...r.isolated, ...offNetwork].filter((d) => !byRoadLead.has(d));
  return { ...carried, isolated, routing: 'road-network', unplaced, unknownLoads, leadTimeArcs: leadUsed.length };
}

/** From each fleet's base by road for its class, access legs included; the way back is taken as long as the way out. */
function roadBaseLegs(graph: RoadGraph, joined: ReadonlyMap<string, { node: number; access: number }>, snap: (p: LonLat | undefined) => { node: number; access: number } | undefined): BaseLegs {
  const fromBase = new Map<string, { access: number; minutes: Float64Array } | undefined>();
  return (f, place) => {
    if (!fromBase.has(f.key)) {
      const on = snap(f.base);
      fromBase.set(f.key, on === undefined ? undefined : { access: on.access, minutes: travelTimesFrom(graph, on.node, f.vehicleClass).minutes });
    }
    const base = fromBase.get(f.key);
    const at = joined.get(place);
    if (base === undefined || at === undefined) return undefined;
    const m = base.minutes[at.node]!;
    return Number.isFinite(m) ? base.access + m + at.access : undefined;
  };
}


/**
 * The depots and destinations of a problem, where each is and which destinations are isolated, in a stable order
 * (depots first): what the plan's map draws. A place's position is the first one its records give.
 */
export function planPlacesOf(
  problem: Pick<AllocationProblem, 'isolated'>, needs: readonly NeedLine[], stocks: readonly StockLine[], names: ReadonlyMap<string, Text> = new Map(),
): PlanPlace[] {
  const isolated = new Set(problem.isolated);
  const places = new Map<string, PlanPlace>();
  const add = (key: string, p: PlanPlace) => {
    const known = places.get(key);
    if (known === undefined) places.set(key, p);
    else if (known.at === undefined && p.at !== undefined) places.set(key, { ...known, at: p.at });
  };
  const named = (key: string) => {
    const name = names.get(key);
    return name === undefined ? {} : { name };
  };
  for (const s of stocks) {
    const at = s.stock.location?.coordinates;
    const key = depotKey(s.node, s.stock.heldAt);
    add(`d>${key}`, { role: 'depot', node: s.node, place: s.stock.heldAt, ...(at ? { at } : {}), ...named(key) });
  }
  for (const n of needs) {
    const key = destinationKey(n.receiver, n.demand.destination);
    const at = n.demand.location?.coordinates;
    add(`t>${key}`, {
      role: 'destination', node: n.receiver, place: n.demand.destination, ...(at ? { at } : {}), ...(isolated.has(key) ? { isolated: true as const } : {}), ...named(key),
    });
  }
  return [...places.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, p]) => p);
}

/** The fleets a plan respected, with their names and their base depot's name where known. */
export function planFleetsOf(fleets: readonly FleetLine[], vehicles: readonly { node: string; id: string; data: Vehicle }[], names: ReadonlyMap<string, Text>): PlanFleet[] {
  const record = new Map(vehicles.map((v) => [`${v.node}|${v.id}`, v.data]));
  return fleets.map((f) => {
    const v = record.get(f.key);
    const baseName = v === undefined ? undefined : names.get(depotKey(f.node, v.depot));
    return {
      key: f.key, operator: f.node, vehicle: f.vehicleId, vehicleClass: f.vehicleClass, count: f.count, kg: f.kg,
      ...(f.litres !== undefined ? { litres: f.litres } : {}), ...(v?.name ? { name: v.name } : {}), ...(baseName ? { baseName } : {}),
      ...(f.craft !== undefined
        ? { mode: f.craft.mode, ...(v?.loadsAt ? { loadsAtName: v.loadsAt.name } : {}), landingNames: f.craft.landingPoints.map((l) => l.name) }
        : {}),
    };
  });
}

/** The plan's lines from the optimiser's flows, in a stable order (destination, item, supplier). */
export function planLinesOf(plan: AllocationPlan, problem: AllocationProblem, needs: readonly NeedLine[], stocks: readonly StockLine[]): PlanLine[] {
  const need = new Map(needs.map((n) => [n.id, n]));
  const stock = new Map(stocks.map((s) => [stockKey(s.node, s.id), s]));
  const arc = new Map(problem.input.arcs.map((a) => [`${a.depot}>${a.destination}>${a.fleet ?? ''}`, a]));
  const supply = new Map(problem.input.supplies.map((s) => [s.id, s]));
  const fleet = new Map(problem.fleets.map((f) => [f.key, f]));
  const lines = plan.flows
    .filter((f) => f.quantity > 0)
    .map((f) => {
      const n = need.get(f.demand)!;
      const s = stock.get(f.supply)!;
      const a = arc.get(`${f.depot}>${f.destination}>${f.fleet ?? ''}`);
      const by = f.fleet === undefined ? undefined : fleet.get(f.fleet);
      const capacity = by === undefined ? undefined : problem.input.fleets?.get(by.key);
      return {
        supplier: s.node, stockId: s.id, stockVersion: s.version, depot: s.stock.heldAt,
        receiver: n.receiver, destination: n.demand.destination, areaCode: n.demand.areaCode, demandId: n.id,
        category: f.category, unit: n.demand.unit, quantity: f.quantity, proposedQuantity: f.quantity,
        minutes: f.minutes, route: a?.route() ?? [],
        ...(by !== undefined && capacity !== undefined
          ? {
              transport: {
                operator: by.node, vehicle: by.vehicleId, vehicleClass: by.vehicleClass,
                trips: Math.round(tripsFor(f.quantity, supply.get(f.supply)!, capacity) * 100) / 100,
                tripMinutes: Math.round(a?.tripMinutes ?? 0),
                ...(capacity.mode !== undefined ? { mode: capacity.mode } : {}),
              },
            }
          : {}),
      };
    })
    .sort((a, b) =>
      `${a.receiver}|${a.destination.id}|${a.category}|${a.supplier}|${a.stockId}|${a.transport?.vehicle ?? ''}`.localeCompare(
        `${b.receiver}|${b.destination.id}|${b.category}|${b.supplier}|${b.stockId}|${b.transport?.vehicle ?? ''}`,
      ));
  return lines.map((l, line) => ({ line, ...l }));
}

/** A rule a plan's lines break, naming the line and the field. */
export interface LineProblem {
  line: number;
  field: 'quantity' | 'stockId' | 'demandId';
  code: 'LOGISTICS_LINE_OVER_STOCK' | 'LOGISTICS_LINE_OVER_DEMAND' | 'LOGISTICS_LINE_ALLERGEN' | 'LOGISTICS_LINE_ITEM_MISMATCH';
  params: Record<string, string | number>;
}

/** What the plan relied on for one stock line and one need (stored with the plan). */
export interface PlanBasis {
  stocks: ReadonlyMap<string, { available: number; category: StockCategory; unit: StockUnit; contains: readonly Allergen[] | undefined }>;
  needs: ReadonlyMap<string, { quantity: number; category: StockCategory; unit: StockUnit; freeFrom: readonly Allergen[] }>;
}

const EPS = 1e-9;

/**
 * What an edited plan must still keep: never more from a stock line than it could ship, never more to a need than it
 * asked, the same item and unit, none of the allergens a need avoids (nor an item whose allergens are unknown).
 */
export function lineProblems(lines: readonly Pick<PlanLine, 'line' | 'supplier' | 'stockId' | 'demandId' | 'quantity' | 'category' | 'unit'>[], basis: PlanBasis): LineProblem[] {
  const problems: LineProblem[] = [];
  const fromStock = new Map<string, { total: number; last: number }>();
  const toNeed = new Map<string, { total: number; last: number }>();
  for (const l of lines) {
    const key = stockKey(l.supplier, l.stockId);
    const s = basis.stocks.get(key);
    const n = basis.needs.get(l.demandId);
    if (s === undefined) {
      problems.push({ line: l.line, field: 'stockId', code: 'LOGISTICS_LINE_ITEM_MISMATCH', params: { line: l.line, stock: l.stockId } });
      continue;
    }
    if (n === undefined) {
      problems.push({ line: l.line, field: 'demandId', code: 'LOGISTICS_LINE_ITEM_MISMATCH', params: { line: l.line, stock: l.stockId } });
      continue;
    }
    if (s.category !== n.category || s.unit !== n.unit || l.category !== n.category || l.unit !== n.unit) {
      problems.push({ line: l.line, field: 'stockId', code: 'LOGISTICS_LINE_ITEM_MISMATCH', params: { line: l.line, stock: l.stockId } });
    }
    if (l.quantity > 0 && n.freeFrom.length > 0 && (s.contains === undefined || s.contains.some((a) => n.freeFrom.includes(a)))) {
      problems.push({ line: l.line, field: 'stockId', code: 'LOGISTICS_LINE_ALLERGEN', params: { line: l.line, stock: l.stockId, allergens: n.freeFrom.join(', ') } });
    }
    const fs = fromStock.get(key) ?? { total: 0, last: l.line };
    fromStock.set(key, { total: fs.total + l.quantity, last: l.line });
    const tn = toNeed.get(l.demandId) ?? { total: 0, last: l.line };
    toNeed.set(l.demandId, { total: tn.total + l.quantity, last: l.line });
  }
  for (const [key, { total, last }] of fromStock) {
    const available = basis.stocks.get(key)!.available;
    if (total > available + EPS) problems.push({ line: last, field: 'quantity', code: 'LOGISTICS_LINE_OVER_STOCK', params: { line: last, stock: key, total, available } });
  }
  for (const [id, { total, last }] of toNeed) {
    const asked = basis.needs.get(id)!.quantity;
    if (total > asked + EPS) problems.push({ line: last, field: 'quantity', code: 'LOGISTICS_LINE_OVER_DEMAND', params: { line: last, demand: id, total, asked } });
  }
  return problems.sort((a, b) => a.line - b.line);
}

/** The basis to store with a plan: the figures each line is checked against later. */
export function planBasisOf(needs: readonly NeedLine[], stocks: readonly StockLine[]): PlanBasis {
  return {
    stocks: new Map(stocks.map((s) => {
      const l = supplyLine(s);
      return [l.id, { available: l.available, category: l.category, unit: l.unit, contains: l.contains }];
    })),
    needs: new Map(needs.map((n) => [n.id, { quantity: n.demand.quantity, category: n.demand.item.category, unit: n.demand.unit, freeFrom: n.demand.freeFrom ?? [] }])),
  };
}

/** Stock lines whose version at the supplier is not the one the plan relied on (or that the supplier no longer shows). */
export function changedStock(relied: readonly { supplier: string; stockId: string; stockVersion: number }[], now: ReadonlyMap<string, number>): { supplier: string; stockId: string; was: number; now: number | undefined }[] {
  const seen = new Set<string>();
  const out: { supplier: string; stockId: string; was: number; now: number | undefined }[] = [];
  for (const r of relied) {
    const key = stockKey(r.supplier, r.stockId);
    if (seen.has(key)) continue;
    seen.add(key);
    const v = now.get(key);
    if (v !== r.stockVersion) out.push({ supplier: r.supplier, stockId: r.stockId, was: r.stockVersion, now: v });
  }
  return out;
}
