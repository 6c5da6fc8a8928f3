// Ships' and aircraft's arcs (docs/logistics.md, "Ships and aircraft"): from the depot a ship or aircraft loads at to
// each destination no road vehicle can reach, through the fastest landing point serving it (or, for a helicopter with a
// radius, straight to it), with the one-way time and the whole round trip its capacity is counted in. Pure.
import type { LonLat } from '../../model/index.ts';
import type { Arc } from './allocation-types.ts';
import { placeOfKey, type StatedLeadTime } from './lead-times.ts';
import { distanceKm } from './road-network.ts';
import { SERVICE_HOURS_PER_DAY, type FleetLine } from './transport-capacity.ts';

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

/**
 * For each ship or aircraft fleet, an arc from every depot whose place is the one it loads at to every destination
 * that no road vehicle reaches and that it serves: named by a landing point (the fastest, when several name it), or
 * within its radius. A lead time stated for that depot, destination and mode gives the one-way time; else the leg at
 * its speed.
 */
export function seaAirArcs(fleets: readonly FleetLine[], places: SeaAirPlaces): Arc[] {
  const arcs: Arc[] = [];
  for (const f of fleets) {
    if (f.craft === undefined) continue;
    const craft = { ...f, craft: f.craft };
    const stated = places.stated(f.craft.mode);
    const depots = [...places.depots.keys()].filter((d) => placeOfKey(d) === f.craft!.depotPlace);
    if (depots.length === 0) continue;
    for (const [destination, at] of places.destinations) {
      if (places.byRoad.has(destination)) continue;
      const place = placeOfKey(destination);
      let best: { landing: number | 'direct'; km: number; minutes: number } | undefined;
      f.craft.landingPoints.forEach((l, i) => {
        if (!l.serves.includes(place)) return;
        const x = leg(craft, l.at);
        if (best === undefined || x.minutes < best.minutes) best = { landing: i, ...x };
      });
      if (at !== undefined && f.craft.radiusKm !== undefined && distanceKm(f.craft.loadsAt, at) <= f.craft.radiusKm) {
        const x = leg(craft, at);
        if (best === undefined || x.minutes < best.minutes) best = { landing: 'direct', ...x };
      }
      if (best === undefined) continue;
      const reach = best;
      for (const depot of depots) {
        const lead = stated(depot, destination, places.areaOf(destination));
        const oneWay = lead ? lead.hours * 60 : reach.minutes;
        arcs.push({
          depot, destination, minutes: oneWay, vehicleClass: f.vehicleClass, route: () => [], fleet: f.key,
          tripMinutes: craftCycleMinutes(craft, oneWay),
          basis: lead ?? { kind: 'craft', mode: f.craft.mode, km: reach.km, kmh: f.craft.speedKmh, minutes: reach.minutes },
          via: { mode: f.craft.mode, landing: reach.landing },
        });
      }
    }
  }
  return arcs;
}
