// From what the nodes answered to an allocation problem and back: demand lines and stock lines as the optimiser sees
// them, depot → destination arcs over the road network (or straight-line distance when no road is known), and the
// plan's lines with everything a dispatch order needs. Also the rules an edited or approved plan must keep. Pure.
import {
  shippableQuantity, type Allergen, type Demand, type LonLat, type PlaceRef, type Stock, type StockCategory, type StockUnit, type VehicleClass,
} from '../../model/index.ts';
import type { NeedLine, PlanLine, PlanPlace } from './types.ts';
import type { AllocationInput, AllocationPlan, Arc, DemandLine, SupplyLine } from './allocation-types.ts';
import { reachableArcs, type DepotOnNetwork, type PlaceOnNetwork } from './arcs.ts';
import { buildRoadGraph, distanceKm, nearestNode, type RoadSegmentRecord } from './road-network.ts';


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

export interface VehicleLine {
  depot: string;
  vehicleClass: VehicleClass;
}

/** Depots with no vehicle line known are assumed to load this class (a 4 t truck, what most depots dispatch). */
export const ASSUMED_VEHICLE_CLASS: VehicleClass = 'medium-truck';
/** Without a road network: great-circle distance at this speed (docs/logistics.md). */
export const STRAIGHT_LINE_KMH = 30;
/** A place farther than this from every road node is not on the network. */
export const SNAP_KM = 10;
/** Depots kept per destination. */
export const ARCS_PER_DESTINATION = 8;

export const stockKey = (node: string, id: string) => `${node}|${id}`;
export const depotKey = (node: string, heldAt: PlaceRef) => `${node}|${heldAt.type}:${heldAt.id}`;
export const destinationKey = (receiver: string, to: PlaceRef) => `${receiver}|${to.type}:${to.id}`;

export interface AllocationProblem {
  input: AllocationInput;
  isolated: string[];
  routing: 'road-network' | 'straight-line';
  /** Stock lines without a position: they cannot be routed and are left out (their keys). */
  unplaced: string[];
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
    // Transport capacity is not modelled here: stock lines carry no weight per unit (docs/logistics.md).
    kgPerUnit: 0,
  };
}

/** The optimiser's problem from gathered needs, stock, vehicles and road segments. */
export function allocationProblem(needs: readonly NeedLine[], stocks: readonly StockLine[], vehicles: readonly VehicleLine[], roads: readonly RoadSegmentRecord[]): AllocationProblem {
  const demands = needs.map(demandLine);
  const placed = stocks.filter((s) => s.stock.location !== undefined);
  const unplaced = stocks.filter((s) => s.stock.location === undefined).map((s) => stockKey(s.node, s.id));
  const supplies = placed.map(supplyLine);
  const depotAt = new Map<string, LonLat>();
  for (const s of placed) depotAt.set(depotKey(s.node, s.stock.heldAt), s.stock.location!.coordinates);
  const destAt = new Map<string, LonLat | undefined>();
  for (const n of needs) destAt.set(destinationKey(n.receiver, n.demand.destination), n.demand.location?.coordinates);
  const classes = new Map<string, VehicleClass[]>();
  for (const v of vehicles) classes.set(v.depot, [...new Set([...(classes.get(v.depot) ?? []), v.vehicleClass])]);
  const classesOf = (depot: string) => classes.get(depot) ?? [ASSUMED_VEHICLE_CLASS];

  if (roads.length === 0) {
    const arcs: Arc[] = [];
    const isolated: string[] = [];
    for (const [dest, at] of destAt) {
      if (at === undefined) {
        isolated.push(dest);
        continue;
      }
      const near = [...depotAt].map(([depot, p]) => ({ depot, minutes: (distanceKm(p, at) / STRAIGHT_LINE_KMH) * 60 }))
        .sort((a, b) => a.minutes - b.minutes).slice(0, ARCS_PER_DESTINATION);
      for (const n of near) arcs.push({ depot: n.depot, destination: dest, minutes: n.minutes, vehicleClass: classesOf(n.depot)[0]!, route: () => [] });
    }
    return { input: { demands, supplies, arcs, transportKg: new Map() }, isolated, routing: 'straight-line', unplaced };
  }

  const graph = buildRoadGraph(roads);
  const snap = (p: LonLat | undefined) => {
    const n = p === undefined ? undefined : nearestNode(graph, p);
    return n !== undefined && n.km <= SNAP_KM ? n.node : undefined;
  };
  const depots: DepotOnNetwork[] = [];
  for (const [depot, p] of depotAt) {
    const node = snap(p);
    if (node !== undefined) depots.push({ id: depot, node, vehicleClasses: classesOf(depot) });
  }
  const destinations: PlaceOnNetwork[] = [];
  const offNetwork: string[] = [];
  for (const [dest, p] of destAt) {
    const node = snap(p);
    if (node === undefined) offNetwork.push(dest);
    else destinations.push({ id: dest, node });
  }
  const r = reachableArcs(graph, depots, destinations, ARCS_PER_DESTINATION);
  return {
    input: { demands, supplies, arcs: r.arcs, transportKg: new Map(), sameNetworkPart: r.sameNetworkPart },
    isolated: [...r.isolated, ...offNetwork],
    routing: 'road-network',
    unplaced,
  };
}


/**
 * The depots and destinations of a problem, where each is and which destinations are isolated, in a stable order
 * (depots first): what the plan's map draws. A place's position is the first one its records give.
 */
export function planPlacesOf(problem: Pick<AllocationProblem, 'isolated'>, needs: readonly NeedLine[], stocks: readonly StockLine[]): PlanPlace[] {
  const isolated = new Set(problem.isolated);
  const places = new Map<string, PlanPlace>();
  const add = (key: string, p: PlanPlace) => {
    const known = places.get(key);
    if (known === undefined) places.set(key, p);
    else if (known.at === undefined && p.at !== undefined) places.set(key, { ...known, at: p.at });
  };
  for (const s of stocks) {
    const at = s.stock.location?.coordinates;
    add(`d>${depotKey(s.node, s.stock.heldAt)}`, { role: 'depot', node: s.node, place: s.stock.heldAt, ...(at ? { at } : {}) });
  }
  for (const n of needs) {
    const key = destinationKey(n.receiver, n.demand.destination);
    const at = n.demand.location?.coordinates;
    add(`t>${key}`, { role: 'destination', node: n.receiver, place: n.demand.destination, ...(at ? { at } : {}), ...(isolated.has(key) ? { isolated: true as const } : {}) });
  }
  return [...places.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, p]) => p);
}

/** The plan's lines from the optimiser's flows, in a stable order (destination, item, supplier). */
export function planLinesOf(plan: AllocationPlan, problem: AllocationProblem, needs: readonly NeedLine[], stocks: readonly StockLine[]): PlanLine[] {
  const need = new Map(needs.map((n) => [n.id, n]));
  const stock = new Map(stocks.map((s) => [stockKey(s.node, s.id), s]));
  const arc = new Map(problem.input.arcs.map((a) => [`${a.depot}>${a.destination}`, a]));
  const lines = plan.flows
    .filter((f) => f.quantity > 0)
    .map((f) => {
      const n = need.get(f.demand)!;
      const s = stock.get(f.supply)!;
      return {
        supplier: s.node, stockId: s.id, stockVersion: s.version, depot: s.stock.heldAt,
        receiver: n.receiver, destination: n.demand.destination, areaCode: n.demand.areaCode, demandId: n.id,
        category: f.category, unit: n.demand.unit, quantity: f.quantity, proposedQuantity: f.quantity,
        minutes: f.minutes, route: arc.get(`${f.depot}>${f.destination}`)?.route() ?? [],
      };
    })
    .sort((a, b) => `${a.receiver}|${a.destination.id}|${a.category}|${a.supplier}|${a.stockId}`.localeCompare(`${b.receiver}|${b.destination.id}|${b.category}|${b.supplier}|${b.stockId}`));
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
