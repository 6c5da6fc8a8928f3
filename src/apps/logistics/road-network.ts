// The road network as a graph of road-segment records: shortest travel times by Dijkstra with a binary heap, closed
// segments left out, restricted ones passable only for the vehicle classes they let through; each path comes back
// as its list of segments so a plan can say which roads a delivery takes.
import type { LonLat, RoadSegment, VehicleClass } from '../../model/index.ts';

export interface RoadSegmentRecord {
  id: string;
  data: RoadSegment;
}

/** A directed adjacency in compressed form: edges of node n are edgeStart[n] … edgeStart[n + 1] − 1. */
export interface RoadGraph {
  readonly nodeIds: readonly string[];
  readonly nodeIndex: ReadonlyMap<string, number>;
  readonly coordinates: readonly LonLat[];
  readonly edgeStart: Int32Array;
  readonly edgeTo: Int32Array;
  readonly edgeMinutes: Float64Array;
  /** Index into `segmentIds` of the segment each edge runs along. */
  readonly edgeSegment: Int32Array;
  /** Vehicle classes a restricted edge lets through; undefined for an open edge. */
  readonly edgeAllowed: readonly (ReadonlySet<VehicleClass> | undefined)[];
  readonly segmentIds: readonly string[];
  /** Closed segments, left out of the graph but kept to explain why a route is long or missing. */
  readonly closedSegmentIds: readonly string[];
}

/** Build the graph; a closed segment contributes no edge, a two-way segment one edge in each direction. */
export function buildRoadGraph(segments: readonly RoadSegmentRecord[]): RoadGraph {
  const nodeIndex = new Map<string, number>();
  const coordinates: LonLat[] = [];
  const node = (n: RoadSegment['from']) => {
    let i = nodeIndex.get(n.id);
    if (i === undefined) {
      i = coordinates.length;
      nodeIndex.set(n.id, i);
      coordinates.push(n.coordinates);
    }
    return i;
  };
  type Edge = { from: number; to: number; minutes: number; segment: number; allowed: ReadonlySet<VehicleClass> | undefined };
  const edges: Edge[] = [];
  const segmentIds: string[] = [];
  const closedSegmentIds: string[] = [];
  for (const s of segments) {
    const from = node(s.data.from);
    const to = node(s.data.to);
    if (s.data.status === 'closed') {
      closedSegmentIds.push(s.id);
      continue;
    }
    const segment = segmentIds.push(s.id) - 1;
    const minutes = (s.data.lengthKm / s.data.speedKmh) * 60;
    const allowed = s.data.status === 'restricted' ? new Set(s.data.allowedVehicleClasses ?? []) : undefined;
    edges.push({ from, to, minutes, segment, allowed });
    if (!s.data.oneWay) edges.push({ from: to, to: from, minutes, segment, allowed });
  }
  const n = coordinates.length;
  const edgeStart = new Int32Array(n + 1);
  for (const e of edges) edgeStart[e.from + 1]!++;
  for (let i = 0; i < n; i++) edgeStart[i + 1]! += edgeStart[i]!;
  const fill = edgeStart.slice(0, n);
  const edgeTo = new Int32Array(edges.length);
  const edgeMinutes = new Float64Array(edges.length);
  const edgeSegment = new Int32Array(edges.length);
  const edgeAllowed: (ReadonlySet<VehicleClass> | undefined)[] = new Array(edges.length);
  for (const e of edges) {
    const k = fill[e.from]!++;
    edgeTo[k] = e.to;
    edgeMinutes[k] = e.minutes;
    edgeSegment[k] = e.segment;
    edgeAllowed[k] = e.allowed;
  }
  return { nodeIds: [...nodeIndex.keys()], nodeIndex, coordinates, edgeStart, edgeTo, edgeMinutes, edgeSegment, edgeAllowed, segmentIds, closedSegmentIds };
}

/** A min-heap of node indices keyed by tentative minutes; stale entries are skipped by the caller. */
class MinutesHeap {
  private keys: number[] = [];
  private nodes: number[] = [];
  get size(): number {
    return this.nodes.length;
  }
  push(node: number, key: number): void {
    let i = this.nodes.length;
    this.nodes.push(node);
    this.keys.push(key);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.keys[parent]! <= key) break;
      this.nodes[i] = this.nodes[parent]!;
      this.keys[i] = this.keys[parent]!;
      i = parent;
    }
    this.nodes[i] = node;
    this.keys[i] = key;
  }
  /** Remove the smallest entry and return [node, key]. */
  pop(): [number, number] {
    const top: [number, number] = [this.nodes[0]!, this.keys[0]!];
    const lastNode = this.nodes.pop()!;
    const lastKey = this.keys.pop()!;
    const n = this.nodes.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && this.keys[r]! < this.keys[l]! ? r : l;
        if (this.keys[c]! >= lastKey) break;
        this.nodes[i] = this.nodes[c]!;
        this.keys[i] = this.keys[c]!;
        i = c;
      }
      this.nodes[i] = lastNode;
      this.keys[i] = lastKey;
    }
    return top;
  }
}

/** Travel times from one node for one vehicle class: minutes per node (Infinity when unreachable) and the edge used to arrive. */
export interface TravelTimes {
  readonly source: number;
  readonly vehicleClass: VehicleClass;
  readonly minutes: Float64Array;
  readonly viaEdge: Int32Array;
}

/** Dijkstra from `source` for a vehicle of `vehicleClass`; stops expanding beyond `maxMinutes` when given. */
export function travelTimesFrom(graph: RoadGraph, source: number, vehicleClass: VehicleClass, maxMinutes = Infinity): TravelTimes {
  const n = graph.nodeIds.length;
  const minutes = new Float64Array(n).fill(Infinity);
  const viaEdge = new Int32Array(n).fill(-1);
  const heap = new MinutesHeap();
  minutes[source] = 0;
  heap.push(source, 0);
  while (heap.size > 0) {
    const [u, d] = heap.pop();
    if (d > minutes[u]! || d > maxMinutes) continue;
    for (let k = graph.edgeStart[u]!; k < graph.edgeStart[u + 1]!; k++) {
      const allowed = graph.edgeAllowed[k];
      if (allowed !== undefined && !allowed.has(vehicleClass)) continue;
      const v = graph.edgeTo[k]!;
      const nd = d + graph.edgeMinutes[k]!;
      if (nd < minutes[v]!) {
        minutes[v] = nd;
        viaEdge[v] = k;
        heap.push(v, nd);
      }
    }
  }
  return { source, vehicleClass, minutes, viaEdge };
}

/**
 * Dijkstra backwards from one target over the edges a vehicle class may use, settling nodes fastest first until the
 * caller says stop: how the fastest few sources of each destination are found without a full search from every
 * source. One instance reuses its arrays from search to search (only the nodes a search touched are reset).
 */
export class BackwardSearch {
  private readonly inStart: Int32Array;
  private readonly inEdge: Int32Array;
  private readonly edgeTail: Int32Array;
  private readonly minutes: Float64Array;
  private readonly nextEdge: Int32Array;
  private readonly touched: number[] = [];
  private target = -1;

  constructor(private readonly graph: RoadGraph) {
    const n = graph.nodeIds.length;
    const m = graph.edgeTo.length;
    this.edgeTail = new Int32Array(m);
    for (let u = 0; u < n; u++) for (let k = graph.edgeStart[u]!; k < graph.edgeStart[u + 1]!; k++) this.edgeTail[k] = u;
    this.inStart = new Int32Array(n + 1);
    for (let k = 0; k < m; k++) this.inStart[graph.edgeTo[k]! + 1]!++;
    for (let i = 0; i < n; i++) this.inStart[i + 1]! += this.inStart[i]!;
    const fill = this.inStart.slice(0, n);
    this.inEdge = new Int32Array(m);
    for (let k = 0; k < m; k++) this.inEdge[fill[graph.edgeTo[k]!]!++] = k;
    this.minutes = new Float64Array(n).fill(Infinity);
    this.nextEdge = new Int32Array(n).fill(-1);
  }

  /** Settle nodes in order of travel minutes to `target`; `settled` returns false to stop the search. */
  run(target: number, vehicleClass: VehicleClass, settled: (node: number, minutes: number) => boolean): void {
    for (const v of this.touched) {
      this.minutes[v] = Infinity;
      this.nextEdge[v] = -1;
    }
    this.touched.length = 0;
    this.target = target;
    const heap = new MinutesHeap();
    this.minutes[target] = 0;
    this.touched.push(target);
    heap.push(target, 0);
    while (heap.size > 0) {
      const [v, d] = heap.pop();
      if (d > this.minutes[v]!) continue;
      if (!settled(v, d)) return;
      for (let i = this.inStart[v]!; i < this.inStart[v + 1]!; i++) {
        const k = this.inEdge[i]!;
        const allowed = this.graph.edgeAllowed[k];
        if (allowed !== undefined && !allowed.has(vehicleClass)) continue;
        const u = this.edgeTail[k]!;
        const nd = d + this.graph.edgeMinutes[k]!;
        if (nd < this.minutes[u]!) {
          if (this.minutes[u] === Infinity) this.touched.push(u);
          this.minutes[u] = nd;
          this.nextEdge[u] = k;
          heap.push(u, nd);
        }
      }
    }
  }

  /** The edges from a settled node to the last search's target, in travel order. */
  edgesFrom(node: number): Int32Array {
    const edges: number[] = [];
    for (let v = node; v !== this.target; v = this.graph.edgeTo[this.nextEdge[v]!]!) edges.push(this.nextEdge[v]!);
    return Int32Array.from(edges);
  }
}

/** The segments of the shortest path to `target`, in travel order; undefined when the target cannot be reached. */
export function pathTo(graph: RoadGraph, times: Pick<TravelTimes, 'source' | 'viaEdge'>, target: number): string[] | undefined {
  if (target !== times.source && times.viaEdge[target] === -1) return undefined;
  const segments: string[] = [];
  for (let v = target; v !== times.source; ) {
    const k = times.viaEdge[v]!;
    segments.push(graph.segmentIds[graph.edgeSegment[k]!]!);
    // The edge's tail is the node whose adjacency range holds k.
    v = tailOf(graph, k);
  }
  return segments.reverse();
}

function tailOf(graph: RoadGraph, edge: number): number {
  let lo = 0;
  let hi = graph.nodeIds.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (graph.edgeStart[mid]! <= edge) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Connected parts of the network over every passable edge, whatever the vehicle: places in different parts have no road between them. */
export function networkParts(graph: RoadGraph): Int32Array {
  const n = graph.nodeIds.length;
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  for (let u = 0; u < n; u++) {
    for (let k = graph.edgeStart[u]!; k < graph.edgeStart[u + 1]!; k++) parent[find(u)] = find(graph.edgeTo[k]!);
  }
  return parent.map((_, i) => find(i));
}

/** Great-circle distance in km (haversine), for attaching places to the network. */
export function distanceKm(a: LonLat, b: LonLat): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The network node nearest to a position (a linear scan: fine for a prefecture's trunk roads). */
export function nearestNode(graph: RoadGraph, p: LonLat): { node: number; km: number } | undefined {
  let best: { node: number; km: number } | undefined;
  graph.coordinates.forEach((c, node) => {
    const km = distanceKm(p, c);
    if (best === undefined || km < best.km) best = { node, km };
  });
  return best;
}
