// Transport capacity of the logistics firms' fleets in the planning window (docs/logistics.md, "Transport capacity"):
// how much driving (or, for ships and aircraft, service) time each fleet has, how long one trip takes (base → depot → destination → base, plus loading and
// unloading), and how much of a fleet one unit carried on an arc uses, by weight and by volume. Pure.
import type { LonLat, Text, VehicleClass } from '../../model/index.ts';
import type { AllocationInput, FleetCapacity, SupplyLine } from './allocation-types.ts';

/** Loading at the depot and unloading at the destination, per trip (Tsunagu's assumption: 30 minutes each). */
export const HANDLING_MINUTES = 60;
/**
 * Hours a vehicle is in service per day: a driver's daily duty time (拘束時間) may not exceed 13 hours under the
 * Ministry of Health, Labour and Welfare's standards for truck drivers (改善基準告示, as revised from April 2024).
 */
export const DUTY_HOURS_PER_DAY = 13;
/**
 * Hours a ship or aircraft is in service per day (Tsunagu's assumptions, docs/logistics.md): a ship sails round the
 * clock with its crew on watches; supply helicopters fly by day under visual flight rules, about 10 hours of January
 * daylight on the Noto peninsula.
 */
export const SERVICE_HOURS_PER_DAY: Readonly<Record<'sea' | 'air', number>> = { sea: 24, air: 10 };

/** One vehicle record of a logistics firm, as the plan uses it. */
export interface FleetLine {
  /** `node|record id`: the fleet's key in the plan. */
  key: string;
  node: string;
  vehicleId: string;
  vehicleClass: VehicleClass;
  count: number;
  kg: number;
  litres: number | undefined;
  /** Where its vehicles start and return (the vehicle record's location); absent: the fleet cannot be routed. */
  base: LonLat | undefined;
  availableFrom: string;
  availableUntil: string;
  /** A ship's or aircraft's reach (absent: a road vehicle). */
  craft?: CraftReach;
}

/** Where a ship or aircraft loads and unloads, and how fast and how often it goes (model: vehicle, mode sea or air). */
export interface CraftReach {
  mode: 'sea' | 'air';
  /** The place part of the depot key whose stock it loads (`facility:id`), whoever holds that stock. */
  depotPlace: string;
  /** The port or airfield it loads at. */
  loadsAt: LonLat;
  landingPoints: { name: Text; at: LonLat; serves: readonly string[] }[];
  /** An aircraft: any destination within this distance of where it loads, flown to directly. */
  radiusKm?: number;
  speedKmh: number;
  tripsPerDay?: number;
  turnaroundHours?: number;
}

export interface PlanningWindow {
  from: string;
  until: string;
}

/**
 * A fleet's capacity in the window: each vehicle in service for the share of the hours it is available that its
 * drivers' duty time (road) or its service hours (sea, air) allow.
 */
export function fleetCapacity(f: FleetLine, window: PlanningWindow): FleetCapacity {
  const from = Math.max(Date.parse(window.from), Date.parse(f.availableFrom));
  const until = Math.min(Date.parse(window.until), Date.parse(f.availableUntil));
  const minutes = Math.max(0, until - from) / 60_000;
  const hoursPerDay = f.craft === undefined ? DUTY_HOURS_PER_DAY : SERVICE_HOURS_PER_DAY[f.craft.mode];
  return {
    count: f.count, kg: f.kg, litres: f.litres, vehicleMinutes: f.count * minutes * (hoursPerDay / 24),
    ...(f.craft !== undefined ? { mode: f.craft.mode } : {}),
  };
}

/** One trip's whole cycle: out from the base to the depot, on to the destination, back to the base, and handling. */
export function tripMinutes(legs: { baseToDepot: number; depotToDestination: number; destinationToBase: number }): number {
  return legs.baseToDepot + legs.depotToDestination + legs.destinationToBase + HANDLING_MINUTES;
}

export type FleetMeasure = 'weight' | 'volume';

/**
 * The vehicle-minutes of the fleet one unit of the stock line uses on a trip of `trip` minutes, per measure: a unit
 * fills kg/payload of a vehicle's load, so it takes that share of the trip. A line without a known weight or volume
 * is not counted against that measure.
 */
export function fleetUse(fleet: FleetCapacity, s: Pick<SupplyLine, 'kgPerUnit' | 'litresPerUnit'>, trip: number): { measure: FleetMeasure; perUnit: number }[] {
  const out: { measure: FleetMeasure; perUnit: number }[] = [];
  if (s.kgPerUnit > 0) out.push({ measure: 'weight', perUnit: (s.kgPerUnit * trip) / fleet.kg });
  if (fleet.litres !== undefined && s.litresPerUnit !== undefined && s.litresPerUnit > 0) {
    out.push({ measure: 'volume', perUnit: (s.litresPerUnit * trip) / fleet.litres });
  }
  return out;
}

/** How many trips of one vehicle a quantity takes: its weight or its volume over one load, whichever is more. */
export function tripsFor(quantity: number, s: Pick<SupplyLine, 'kgPerUnit' | 'litresPerUnit'>, fleet: Pick<FleetCapacity, 'kg' | 'litres'>): number {
  const byWeight = (quantity * s.kgPerUnit) / fleet.kg;
  const byVolume = fleet.litres !== undefined && s.litresPerUnit !== undefined ? (quantity * s.litresPerUnit) / fleet.litres : 0;
  return Math.max(byWeight, byVolume);
}

/**
 * Whether some fleet could run out: carrying all the stock of every depot it serves on its longest trip from there
 * would take more vehicle-minutes than it has. A ship or aircraft serves few destinations, so it carries at most, per
 * item, the demand of the destinations its arcs reach (when less than the stock). When none can, fleets bind nothing
 * and items may be solved apart.
 */
export function fleetsCanBind(input: Pick<AllocationInput, 'fleets' | 'arcs' | 'supplies'> & Partial<Pick<AllocationInput, 'demands'>>): boolean {
  const fleets = input.fleets;
  if (fleets === undefined || fleets.size === 0) return false;
  const longest = new Map<string, Map<string, number>>();
  const reaches = new Map<string, Map<string, Set<string>>>();
  for (const a of input.arcs) {
    if (a.fleet === undefined || a.tripMinutes === undefined) continue;
    const byDepot = longest.get(a.fleet) ?? new Map<string, number>();
    byDepot.set(a.depot, Math.max(byDepot.get(a.depot) ?? 0, a.tripMinutes));
    longest.set(a.fleet, byDepot);
    const to = reaches.get(a.fleet) ?? new Map<string, Set<string>>();
    to.set(a.depot, (to.get(a.depot) ?? new Set()).add(a.destination));
    reaches.set(a.fleet, to);
  }
  for (const [key, byDepot] of longest) {
    const fleet = fleets.get(key);
    if (fleet === undefined) continue;
    const used = { weight: 0, volume: 0 };
    if (fleet.mode === undefined || input.demands === undefined) {
      for (const s of input.supplies) {
        const trip = byDepot.get(s.depot);
        if (trip === undefined || s.available <= 0) continue;
        for (const u of fleetUse(fleet, s, trip)) used[u.measure] += s.available * u.perUnit;
      }
    } else {
      // Per depot and item: no more than the stock nor the demand it reaches, at the heaviest line's use per unit.
      for (const [depot, trip] of byDepot) {
        const destinations = reaches.get(key)!.get(depot)!;
        const demand = new Map<string, number>();
        for (const d of input.demands) if (destinations.has(d.destination)) demand.set(d.category, (demand.get(d.category) ?? 0) + d.quantity);
        const byItem = new Map<string, { stock: number; perUnit: { weight: number; volume: number } }>();
        for (const s of input.supplies) {
          if (s.depot !== depot || s.available <= 0 || !demand.has(s.category)) continue;
          const item = byItem.get(s.category) ?? { stock: 0, perUnit: { weight: 0, volume: 0 } };
          item.stock += s.available;
          for (const u of fleetUse(fleet, s, trip)) item.perUnit[u.measure] = Math.max(item.perUnit[u.measure], u.perUnit);
          byItem.set(s.category, item);
        }
        for (const [category, item] of byItem) {
          const carried = Math.min(item.stock, demand.get(category)!);
          used.weight += carried * item.perUnit.weight;
          used.volume += carried * item.perUnit.volume;
        }
      }
    }
    if (used.weight > fleet.vehicleMinutes + 1e-9 || used.volume > fleet.vehicleMinutes + 1e-9) return true;
  }
  return false;
}
