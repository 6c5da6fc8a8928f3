// A plan on the map as GeoJSON: the road segments the node gathered (by status), one flow per depot → destination
// along its route's segments (a straight line when the route is unknown), and the plan's depots and destinations with
// the isolated ones marked. Pure: the console's map only draws what these return.
import type { Feature, FeatureCollection, LineString, MultiLineString, Point } from 'geojson';
import type { LonLat, PlaceRef, RoadStatus, StockCategory, StockUnit } from '../../../model/index.ts';
import type { PlanLine, PlanPlace, RoadSegmentView } from '../types.ts';

/** What goes along one flow: one entry per plan line. */
export interface FlowItem {
  line: number;
  category: StockCategory;
  unit: StockUnit;
  quantity: number;
}

/** One depot → destination flow of a plan, as the keyboard list and the popup tell it. */
export interface PlanFlow {
  id: string;
  supplier: string;
  depot: PlaceRef;
  receiver: string;
  destination: PlaceRef;
  items: FlowItem[];
  /** Sum of the lines' quantities (units differ between items: this only sets the line's width). */
  quantity: number;
  minutes: number;
  /** `road`: drawn along the route's segments; `straight`: the plan had no route, or a segment is not known now. */
  drawn: 'road' | 'straight';
  /** Segments of the route that the node now knows as closed (the road picture changed since the plan). */
  closedNow: string[];
  /** Where the popup opens: the middle of the drawn line; absent when an end has no position. */
  at?: LonLat;
}

export interface PlanMapData {
  roads: FeatureCollection<LineString>;
  flows: FeatureCollection<LineString | MultiLineString>;
  places: FeatureCollection<Point>;
  /** Every flow, drawn or not, widest first. */
  list: PlanFlow[];
  /** Depots and destinations the plan names without a position: listed, not drawn. */
  unplaced: PlanPlace[];
  /** [[west, south], [east, north]] of everything drawn; absent when nothing is. */
  bounds?: [LonLat, LonLat];
}

/** Thinnest and widest flow line, in pixels. */
export const FLOW_WIDTH = { min: 2, max: 10 } as const;

const placeKey = (node: string, p: PlaceRef) => JSON.stringify([node, p.type, p.id]);

/** The width of a flow of `quantity` when the largest flow carries `largest`: by area (square root), so small flows stay visible. */
export function flowWidth(quantity: number, largest: number): number {
  if (!(largest > 0) || !(quantity > 0)) return FLOW_WIDTH.min;
  return FLOW_WIDTH.min + (FLOW_WIDTH.max - FLOW_WIDTH.min) * Math.sqrt(Math.min(quantity, largest) / largest);
}

/** The road segments as lines, each with its status and what the popup tells. */
export function roadFeatures(segments: readonly RoadSegmentView[]): FeatureCollection<LineString> {
  return {
    type: 'FeatureCollection',
    features: segments.map((s) => ({
      type: 'Feature',
      id: s.id,
      geometry: { type: 'LineString', coordinates: s.data.geometry.coordinates.map((c) => [c[0]!, c[1]!]) },
      properties: {
        id: s.id, node: s.node, status: s.data.status, name: s.data.name ?? '', roadClass: s.data.roadClass,
        statusObservedAt: s.data.statusObservedAt, statusSource: s.data.statusSource,
      },
    })),
  };
}

/** The middle point of a polyline, by length along it (degrees are fine at this scale: only a popup's anchor). */
function middleOf(line: readonly LonLat[]): LonLat | undefined {
  if (line.length === 0) return undefined;
  const seg = line.slice(1).map((p, i) => Math.hypot(p[0] - line[i]![0], p[1] - line[i]![1]));
  let left = seg.reduce((a, b) => a + b, 0) / 2;
  for (let i = 0; i < seg.length; i++) {
    if (left <= seg[i]! && seg[i]! > 0) {
      const f = left / seg[i]!;
      const a = line[i]!;
      const b = line[i + 1]!;
      return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f];
    }
    left -= seg[i]!;
  }
  return line[line.length - 1];
}

/** The plan's flows, road segments and places as the map draws them. */
export function planMapData(lines: readonly PlanLine[], places: readonly PlanPlace[], segments: readonly RoadSegmentView[]): PlanMapData {
  const placeAt = new Map(places.map((p) => [placeKey(p.node, p.place), p]));
  const segment = new Map(segments.map((s) => [s.id, s.data]));
  const groups = new Map<string, PlanLine[]>();
  // Edited-away lines (quantity 0) carry nothing: no flow.
  for (const l of lines.filter((x) => x.quantity > 0)) {
    const key = JSON.stringify([l.supplier, l.depot.type, l.depot.id, l.receiver, l.destination.type, l.destination.id, l.route]);
    groups.set(key, [...(groups.get(key) ?? []), l]);
  }
  const list: PlanFlow[] = [];
  const drawn: { flow: PlanFlow; geometry: LineString | MultiLineString }[] = [];
  for (const group of groups.values()) {
    const first = group[0]!;
    const from = placeAt.get(placeKey(first.supplier, first.depot))?.at;
    const to = placeAt.get(placeKey(first.receiver, first.destination))?.at;
    const routeKnown = first.route.length > 0 && first.route.every((id) => segment.has(id));
    const route = routeKnown ? first.route.map((id) => segment.get(id)!.geometry.coordinates.map((c) => [c[0]!, c[1]!] as LonLat)) : [];
    // Depots and destinations lie off the network (snapped to the nearest junction): short straight legs join them to the route.
    const legs = routeKnown ? [from ? [from, nearestOf(from, route.flat())] : [], to ? [nearestOf(to, route.flat()), to] : []].filter((l) => l.length > 0) : [];
    const geometry: LineString | MultiLineString | undefined = routeKnown
      ? { type: 'MultiLineString', coordinates: [...route, ...legs] }
      : from && to ? { type: 'LineString', coordinates: [from, to] } : undefined;
    const anchor = geometry === undefined ? undefined : middleOf(routeKnown ? route.flat() : [from!, to!]);
    const flow: PlanFlow = {
      id: `flow-${group.map((l) => l.line).join('-')}`,
      supplier: first.supplier, depot: first.depot, receiver: first.receiver, destination: first.destination,
      items: group.map((l) => ({ line: l.line, category: l.category, unit: l.unit, quantity: l.quantity })),
      quantity: group.reduce((n, l) => n + l.quantity, 0),
      minutes: Math.max(...group.map((l) => l.minutes)),
      drawn: routeKnown ? 'road' : 'straight',
      closedNow: first.route.filter((id) => segment.get(id)?.status === 'closed'),
      ...(anchor ? { at: anchor } : {}),
    };
    list.push(flow);
    if (geometry) drawn.push({ flow, geometry });
  }
  list.sort((a, b) => b.quantity - a.quantity || a.id.localeCompare(b.id));
  const largest = Math.max(0, ...list.map((f) => f.quantity));
  const flows: FeatureCollection<LineString | MultiLineString> = {
    type: 'FeatureCollection',
    // MapLibre paints in array order: the widest first, so no thin flow hides under a wider one.
    features: drawn
      .sort((a, b) => b.flow.quantity - a.flow.quantity)
      .map(({ flow, geometry }) => ({
        type: 'Feature',
        id: flow.id,
        geometry,
        properties: { id: flow.id, width: flowWidth(flow.quantity, largest), drawn: flow.drawn, closedNow: flow.closedNow.length > 0 },
      })),
  };
  const used = new Set(lines.filter((l) => l.quantity > 0).flatMap((l) => [placeKey(l.supplier, l.depot), placeKey(l.receiver, l.destination)]));
  const pointFeatures: Feature<Point>[] = places
    .filter((p) => p.at !== undefined)
    .map((p) => ({
      type: 'Feature',
      id: placeKey(p.node, p.place),
      geometry: { type: 'Point', coordinates: p.at! },
      properties: {
        role: p.role, node: p.node, placeType: p.place.type, placeId: p.place.id,
        isolated: p.isolated === true, inPlan: used.has(placeKey(p.node, p.place)),
      },
    }));
  const allPoints: LonLat[] = [
    ...pointFeatures.map((f) => f.geometry.coordinates as LonLat),
    ...drawn.flatMap((d) => (d.geometry.type === 'LineString' ? d.geometry.coordinates : d.geometry.coordinates.flat()) as LonLat[]),
  ];
  return {
    roads: roadFeatures(segments),
    flows,
    places: { type: 'FeatureCollection', features: pointFeatures },
    list,
    unplaced: places.filter((p) => p.at === undefined),
    ...(allPoints.length > 0 ? { bounds: boundsOf(allPoints) } : {}),
  };
}

function nearestOf(p: LonLat, points: readonly LonLat[]): LonLat {
  let best = points[0]!;
  for (const q of points) if (Math.hypot(q[0] - p[0], q[1] - p[1]) < Math.hypot(best[0] - p[0], best[1] - p[1])) best = q;
  return best;
}

function boundsOf(points: readonly LonLat[]): [LonLat, LonLat] {
  let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of points) {
    west = Math.min(west, x);
    south = Math.min(south, y);
    east = Math.max(east, x);
    north = Math.max(north, y);
  }
  return [[west, south], [east, north]];
}

/** How many roads of each status the node knows: the legend's counts. */
export function roadStatusCounts(segments: readonly RoadSegmentView[]): Record<RoadStatus, number> {
  const out: Record<RoadStatus, number> = { open: 0, restricted: 0, closed: 0 };
  for (const s of segments) out[s.data.status]++;
  return out;
}
