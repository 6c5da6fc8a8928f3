// Ships' and aircraft's arcs (docs/logistics.md, "Ships and aircraft"): from each depot whose stock a ship or aircraft
// may carry (its own, or by truck to its port or airfield) to each destination no road vehicle can reach or a lead time
// of its mode is stated for, through the fastest landing point serving it (or, for a helicopter with a radius, straight
// to it), with the one-way time and the whole round trip its capacity is counted in. Pure.
import type { LonLat } from '../../model/index.ts';
import type { Arc } from './allocation-types.ts';
import { placeOfKey, type StatedLeadTime } from './lead-times.ts';
import { distanceKm } from './road-network.ts';
import { portLegs, type RoadTimesTo } from './port-legs.ts';
import { HANDLING_MINUTES, SERVICE_HOURS_PER_DAY, type FleetLine } from './transport-capacity.ts';

/**
 * Loading at the port or airfield and unloading at the landing point, per trip (Tsunagu's assumptions): a ship's
 * cargo is slung or driven aboard and ashore, two hours in all; a helicopter's load is slung or carried, one hour.
 */
export const CRAFT_HANDLING_MINUTES: Readonly<Record<'sea' | 'air', number>> = { sea: 120, air: 60 };
/**
 * A ship does not sail the straight line: it rounds capes and keeps off the coast. Its distance is the straight line
 * times this factor (an assumption, about what rounding the Noto peninsula from Kanazawa to Wajima takes); an
 * aircraft flies the straight line.
 */
export const SEA_DETOUR = 1.3;

export interface SeaAirPlaces {
  /** Depot keys (`node|facility:id`) and where each is. */
  depots: ReadonlyMap<string, LonLat>;
  /** Destination keys and where each is (absent: only a landing point naming it can serve it). */
  destinations: ReadonlyMap<string, LonLat | undefined>;
  /** The destination's area code, for a lead time stated for an area. */
  areaOf: (destination: string) => string | undefined;
  /** Destinations some road vehicle reaches: ships and aircraft are kept for the others. */
  byRoad: ReadonlySet<string>;
  /** The lead time stated for a depot and destination by this mode, if any. */
  stated: (mode: 'sea' | 'air') => (depot: string, destination: string, areaCode: string | undefined) => StatedLeadTime | undefined;
  /**
   * Road times from depots to a loading place (port-legs.ts): the truck leg. Absent: only the depot a craft's record
   * names loads it, as if held where it loads.
   */
  roadTimesTo?: RoadTimesTo;
}

/** One leg's distance and one-way minutes at the craft's speed, loading and unloading included. */
function leg(f: FleetLine & { craft: NonNullable<FleetLine['craft']> }, to: LonLat): { km: number; minutes: number } {
  const km = distanceKm(f.craft.loadsAt, to) * (f.craft.mode === 'sea' ? SEA_DETOUR : 1);
  return { km, minutes: (km / f.craft.speedKmh) * 60 + CRAFT_HANDLING_MINUTES[f.craft.mode] };
}

/**
 * A round trip's minutes from its one-way time: the turnaround stated, else out and back with handling once; never
 * shorter than the service day shared among the trips per day it may make, so its trips in the window stay within them.
 */
export function craftCycleMinutes(f: FleetLine & { craft: NonNullable<FleetLine['craft']> }, oneWay: number): number {
  const mode = f.craft.mode;
  const cycle = f.craft.turnaroundHours !== undefined ? f.craft.turnaroundHours * 60 : 2 * oneWay - CRAFT_HANDLING_MINUTES[mode];
  const perTrip = f.craft.tripsPerDay !== undefined ? (SERVICE_HOURS_PER_DAY[mode] * 60) / f.craft.tripsPerDay : 0;
  return Math.max(cycle, perTrip);
}

/** The fastest way a craft reaches a destination: through a landing point naming it, or flown straight within its radius. */
function reachOf(craft: FleetLine & { craft: NonNullable<FleetLine['craft']> }, destination: string, at: LonLat | undefined) {
  const place = placeOfKey(destination);
  let best: { landing: number | 'direct'; km: number; minutes: number } | undefined;
  craft.craft.landingPoints.forEach((l, i) => {
    if (!l.serves.includes(place)) return;
    const x = leg(craft, l.at);
    if (best === undefined || x.minutes < best.minutes) best = { landing: i, ...x };
  });
  if (at !== undefined && craft.craft.radiusKm !== undefined && distanceKm(craft.craft.loadsAt, at) <= craft.craft.radiusKm) {
    const x = leg(craft, at);
    if (best === undefined || x.minutes < best.minutes) best = { landing: 'direct', ...x };
  }
  return best;
}

/**
 * For each ship or aircraft fleet, an arc from every depot whose stock it may carry (port-legs.ts: the depot its
 * record names, and those a truck reaches its loading place from) to every destination it serves — named by a
 * landing point (the fastest, when several name it), or within its radius — that no road vehicle reaches, or that a
 * lead time of its mode is stated for from that depot (the warehouse says it ships there that way).
 *
 * Time: a lead time stated for that depot, destination and mode (from the depot, so it covers the truck leg too);
 * else the truck leg, its handling (loading at the depot, unloading at the port) and the craft's leg at its speed.
 * Round trip (its capacity): the craft's own, from its leg at its speed — a lead time says when goods arrive, not how
 * long the craft is busy, and the trucks drive beside it, not in its cycle.
 */
export function seaAirArcs(fleets: readonly FleetLine[], places: SeaAirPlaces): Arc[] {
  const arcs: Arc[] = [];
  for (const f of fleets) {
    if (f.craft === undefined) continue;
    const craft = { ...f, craft: f.craft };
    const stated = places.stated(f.craft.mode);
    const legs = portLegs(f.craft, places.depots, places.roadTimesTo);
    if (legs.length === 0) continue;
    for (const [destination, at] of places.destinations) {
      const reach = reachOf(craft, destination, at);
      if (reach === undefined) continue;
      const cycle = craftCycleMinutes(craft, reach.minutes);
      for (const l of legs) {
        const lead = stated(l.depot, destination, places.areaOf(destination));
        if (places.byRoad.has(destination) && lead === undefined) continue;
        const road = l.kind === 'road' ? { minutes: l.minutes, vehicleClass: l.vehicleClass } : undefined;
        const estimate = (road === undefined ? 0 : road.minutes + HANDLING_MINUTES) + reach.minutes;
        arcs.push({
          depot: l.depot, destination, minutes: lead ? lead.hours * 60 : estimate, vehicleClass: f.vehicleClass,
          // The route is the truck leg's roads: the map draws the flow along them, and shows a closure since the plan.
          route: l.kind === 'road' ? l.route : () => [],
          fleet: f.key, tripMinutes: cycle,
          basis: lead ?? { kind: 'craft', mode: f.craft.mode, km: reach.km, kmh: f.craft.speedKmh, minutes: reach.minutes },
          via: { mode: f.craft.mode, landing: reach.landing, ...(road ? { road } : {}) },
        });
      }
    }
  }
  return arcs;
}
