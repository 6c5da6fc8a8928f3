// Which depot → destination pairs the allocation may use: for each destination the k depots with the fastest open
// route for one of their vehicle classes (sparse arcs; docs/logistics.md says what pruning can cost and how the plan
// bounds it), and the destinations no depot can reach by road at all (isolated: air or sea delivery).
import type { VehicleClass } from '../../model/index.ts';
import type { Arc } from './allocation-types.ts';
import { networkParts, pathTo, travelTimesFrom, type RoadGraph } from './road-network.ts';

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

/** The k fastest depots of every destination; k = Infinity keeps every reachable pair. */
export function reachableArcs(graph: RoadGraph, depots: readonly DepotOnNetwork[], destinations: readonly PlaceOnNetwork[], k: number): ReachableArcs {
  const keep = Math.min(k, depots.length);
  const best = destinations.map(() => [] as { minutes: number; depot: number; cls: number }[]);
  const routes: { source: number; viaEdge: Int32Array }[] = [];
  const routeIndex: { depot: number; vehicleClass: VehicleClass }[] = [];
  depots.forEach((depot, di) => {
    // Per depot the fastest class to each destination; routes are kept to be drawn for the flows used.
    const fastest = new Map<number, { minutes: number; cls: number }>();
    for (const vehicleClass of depot.vehicleClasses) {
      const t = travelTimesFrom(graph, depot.node, vehicleClass);
      const cls = routes.push({ source: t.source, viaEdge: t.viaEdge }) - 1;
      routeIndex.push({ depot: di, vehicleClass });
      destinations.forEach((dest, j) => {
        const m = t.minutes[dest.node]!;
        if (m < (fastest.get(j)?.minutes ?? Infinity)) fastest.set(j, { minutes: m, cls });
      });
    }
    for (const [j, f] of fastest) {
      const list = best[j]!;
      if (list.length === keep && list[keep - 1]!.minutes <= f.minutes) continue;
      // Insertion into a short sorted list: k is small.
      if (list.length === keep) list.pop();
      let i = list.length;
      while (i > 0 && list[i - 1]!.minutes > f.minutes) i--;
      list.splice(i, 0, { minutes: f.minutes, depot: di, cls: f.cls });
    }
  });
  const arcs: Arc[] = [];
  const isolated: string[] = [];
  destinations.forEach((dest, j) => {
    const list = best[j]!;
    if (list.length === 0) isolated.push(dest.id);
    for (const b of list) {
      const r = routes[b.cls]!;
      arcs.push({
        depot: depots[b.depot]!.id, destination: dest.id, minutes: b.minutes, vehicleClass: routeIndex[b.cls]!.vehicleClass,
        route: () => pathTo(graph, r, dest.node) ?? [],
      });
    }
  });
  const part = networkParts(graph);
  const depotNode = new Map(depots.map((d) => [d.id, d.node]));
  const destNode = new Map(destinations.map((d) => [d.id, d.node]));
  return {
    arcs, isolated,
    sameNetworkPart: (depot, destination) => part[depotNode.get(depot)!] === part[destNode.get(destination)!],
  };
}
