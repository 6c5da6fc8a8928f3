// Which depot → destination pairs the allocation may use: for each destination the k depots with the fastest open
// route for one of their vehicle classes (sparse arcs; docs/logistics.md says what pruning can cost and how the plan
// bounds it), and the destinations no depot can reach by road at all (isolated: air or sea delivery).
import type { VehicleClass } from '../../model/index.ts';
import type { Arc } from './allocation-types.ts';
import { BackwardSearch, networkParts, type RoadGraph } from './road-network.ts';

export interface DepotOnNetwork {
  id: string;
  node: number;
  /** The vehicle classes loading at this depot; a route must be passable for one of them. */
  vehicleClasses: readonly VehicleClass[];
}

export interface PlaceOnNetwork {
  id: string;
  node: number;
}

export interface ReachableArcs {
  arcs: Arc[];
  /** Destinations no depot reaches by any open road, for any of its vehicle classes. */
  isolated: string[];
  sameNetworkPart: (depot: string, destination: string) => boolean;
}

/**
 * The k fastest depots of every destination; k = Infinity keeps every reachable pair. For each destination and each
 * vehicle class, a search backwards from the destination settles places fastest first and stops as soon as no depot
 * still unseen can be among the k fastest: k depots of that class are found, or the search has passed the k-th
 * fastest time already known from another class. Ties go to the depot listed first.
 */
export function reachableArcs(graph: RoadGraph, depots: readonly DepotOnNetwork[], destinations: readonly PlaceOnNetwork[], k: number): ReachableArcs {
  const keep = Math.min(k, depots.length);
  const depotsAt = new Map<number, number[]>();
  depots.forEach((d, i) => {
    const list = depotsAt.get(d.node);
    if (list) list.push(i);
    else depotsAt.set(d.node, [i]);
  });
  // Most common classes first: their searches find k depots soonest and bound the searches of the rarer ones.
  const share = new Map<VehicleClass, number>();
  for (const d of depots) for (const c of d.vehicleClasses) share.set(c, (share.get(c) ?? 0) + 1);
  const classes = [...share.keys()].sort((a, b) => share.get(b)! - share.get(a)!);
  const search = new BackwardSearch(graph);
  const arcs: Arc[] = [];
  const isolated: string[] = [];
  for (const dest of destinations) {
    // Per depot its fastest class to this destination and that route's edges; the class listed first wins a tie.
    const fastest = new Map<number, { minutes: number; cls: VehicleClass; edges: Int32Array }>();
    let kth = Infinity;
    for (const cls of classes) {
      let found = 0;
      search.run(dest.node, cls, (node, minutes) => {
        if (minutes > kth) return false;
        for (const di of depotsAt.get(node) ?? []) {
          const classesOfDepot = depots[di]!.vehicleClasses;
          if (!classesOfDepot.includes(cls)) continue;
          found++;
          const had = fastest.get(di);
          if (had === undefined || minutes < had.minutes || (minutes === had.minutes && classesOfDepot.indexOf(cls) < classesOfDepot.indexOf(had.cls))) {
            fastest.set(di, { minutes, cls, edges: search.edgesFrom(node) });
          }
        }
        // Past k depots of this class, every later one is slower than k already known (ties are all collected first).
        return found < keep || minutes <= kthOf(fastest, keep);
      });
      kth = Math.min(kth, kthOf(fastest, keep));
    }
    const best = [...fastest].sort((x, y) => x[1].minutes - y[1].minutes || x[0] - y[0]).slice(0, keep);
    if (best.length === 0) isolated.push(dest.id);
    for (const [di, f] of best) {
      arcs.push({
        depot: depots[di]!.id, destination: dest.id, minutes: f.minutes, vehicleClass: f.cls,
        route: () => Array.from(f.edges, (e) => graph.segmentIds[graph.edgeSegment[e]!]!),
      });
    }
  }
  const part = networkParts(graph);
  const depotNode = new Map(depots.map((d) => [d.id, d.node]));
  const destNode = new Map(destinations.map((d) => [d.id, d.node]));
  return {
    arcs, isolated,
    sameNetworkPart: (depot, destination) => part[depotNode.get(depot)!] === part[destNode.get(destination)!],
  };
}

/** The k-th fastest time among the depots found so far; Infinity while fewer than k are known. */
function kthOf(fastest: ReadonlyMap<number, { minutes: number }>, k: number): number {
  if (fastest.size < k) return Infinity;
  const times = [...fastest.values()].map((f) => f.minutes).sort((a, b) => a - b);
  return times[k - 1]!;
}
