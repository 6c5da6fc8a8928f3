// The truck leg before a ship or aircraft (docs/logistics.md, "The truck leg to the port or airfield"): which depots
// may bring stock by road to the port or airfield a craft loads at, and how long that drive takes. Bounded so the
// arcs stay sparse; a depot no open road joins to the loading place gets no leg. Pure.
import type { LonLat, VehicleClass } from '../../model/index.ts';
import { placeOfKey } from './lead-times.ts';
import { distanceKm } from './road-network.ts';

/** Depots besides the one the craft's record names that may send stock to its loading place: the nearest by road. */
export const PORT_LEG_DEPOTS = 8;
/**
 * The longest truck leg kept, in minutes: half of a driver's 13-hour duty day (transport-capacity.ts), so the truck
 * can drive there and back within one duty day.
 */
export const PORT_LEG_MAX_MINUTES = 6.5 * 60;
/** A depot this close to the loading place (straight line) loads there without a truck leg: it is the same site. */
export const LOADS_WHERE_HELD_KM = 1;

/** How one depot's stock reaches a craft: held where it loads, or driven there. */
export type PortLeg =
  | { depot: string; kind: 'at-loading-place' }
  | { depot: string; kind: 'road'; minutes: number; vehicleClass: VehicleClass; route: () => string[] };

/** A drive to a loading place: its minutes, the road vehicle class that can make it, and its road-segment ids. */
export interface RoadTime {
  minutes: number;
  vehicleClass: VehicleClass;
  route: () => string[];
}

/**
 * Road times to `to` from the `k` fastest of `among` (depot keys) that an open road joins to it, keyed by depot; a
 * depot missing is cut off or slower than the k-th. Asking for few lets a search stop early.
 */
export type RoadTimesTo = (to: LonLat, among: readonly string[], k: number) => ReadonlyMap<string, RoadTime>;

/**
 * The depots whose stock a craft carries and how each gets there. The depot its record names (`depotPlace`, whoever
 * holds stock there) always, if a road reaches the loading place from it; besides it, the `PORT_LEG_DEPOTS` fastest
 * by road within `PORT_LEG_MAX_MINUTES`. A depot at the loading place itself needs no truck. Without road times (none
 * known to the caller), only the named depot, taken as loading where the craft loads.
 */
export function portLegs(
  craft: { depotPlace: string; loadsAt: LonLat }, depots: ReadonlyMap<string, LonLat>, roadTimesTo: RoadTimesTo | undefined,
): PortLeg[] {
  const named = (depot: string) => placeOfKey(depot) === craft.depotPlace;
  if (roadTimesTo === undefined) return [...depots.keys()].filter(named).map((depot) => ({ depot, kind: 'at-loading-place' as const }));
  const atPlace = new Set([...depots].filter(([, at]) => distanceKm(at, craft.loadsAt) <= LOADS_WHERE_HELD_KM).map(([depot]) => depot));
  const driven = [...depots.keys()].filter((d) => !atPlace.has(d));
  const namedDriven = driven.filter(named);
  const toLeg = ([depot, t]: [string, RoadTime]): PortLeg => ({ depot, kind: 'road', ...t });
  return [
    ...[...roadTimesTo(craft.loadsAt, namedDriven, Infinity)].map(toLeg),
    ...[...atPlace].map((depot) => ({ depot, kind: 'at-loading-place' as const })),
    // Ties go to the depot listed first (a stable sort), as for the road arcs.
    ...[...roadTimesTo(craft.loadsAt, driven.filter((d) => !named(d)), PORT_LEG_DEPOTS)]
      .filter(([, t]) => t.minutes <= PORT_LEG_MAX_MINUTES)
      .sort((a, b) => a[1].minutes - b[1].minutes)
      .slice(0, PORT_LEG_DEPOTS)
      .map(toLeg),
  ];
}
