// The console's offline basemap: Japan's prefectures, served by the node with the console (no tiles from the
// internet), and the layers every map of the console draws it with. One place for the map page and app pages' maps.
import type { FeatureCollection } from 'geojson';
import type { LayerSpecification } from 'maplibre-gl';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';

const SEA = '#d7e9f5';
const LAND = '#f6f4ee';

/** The prefectures as GeoJSON, from the TopoJSON the node serves beside the console. */
export async function loadPrefectures(): Promise<FeatureCollection> {
  const res = await fetch('/console/basemap/japan-prefectures.topo.json');
  if (!res.ok) throw new Error(`basemap: HTTP ${res.status}`);
  const topology = (await res.json()) as Topology;
  const object = topology.objects.prefectures;
  if (!object) throw new Error('basemap: no prefectures');
  return feature(topology, object) as FeatureCollection;
}

/** Sea and land under everything, from the source named `prefectures`. */
export const seaAndLand: LayerSpecification[] = [
  { id: 'sea', type: 'background', paint: { 'background-color': SEA } },
  { id: 'land', type: 'fill', source: 'prefectures', paint: { 'fill-color': LAND } },
];

/** Prefecture boundaries, drawn over what the map fills in. */
export const prefectureLines: LayerSpecification = { id: 'prefecture-line', type: 'line', source: 'prefectures', paint: { 'line-color': '#80868b', 'line-width': 1 } };
