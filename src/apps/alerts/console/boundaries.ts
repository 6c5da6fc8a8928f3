// The municipality boundaries the alert layer draws, loaded on demand: only the prefectures the picture's places are
// in, each file once per page (the browser keeps it by its ETag for the next visit), never holding up the map, which
// shows points meanwhile and for any prefecture whose file does not come.
import { useEffect, useState } from 'react';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import type { MultiPolygon, Polygon } from 'geojson';
import { api, getJson } from '../../../../web/src/api.ts';
import type { AlertMapView } from '../types.ts';

/** A code's area as the boundary file holds it. */
export interface AlertArea {
  geometry: Polygon | MultiPolygon;
  kind: string;
  name: string;
}
export type AlertAreas = ReadonlyMap<string, AlertArea>;

const loaded = new Map<string, Promise<Map<string, AlertArea>>>();

/** One prefecture's areas by code, from GET /operator/alerts/boundaries/{prefecture}; asked once per page. */
export function prefectureAreas(prefecture: string): Promise<Map<string, AlertArea>> {
  let areas = loaded.get(prefecture);
  if (!areas) {
    areas = getJson<Topology>(api(`/alerts/boundaries/${encodeURIComponent(prefecture)}`)).then((topology) => {
      const object = topology.objects.areas;
      if (!object) throw new Error(`boundaries ${prefecture}: no areas`);
      const out = new Map<string, AlertArea>();
      const collection = feature(topology, object) as unknown as { features: { geometry: Polygon | MultiPolygon; properties: { code: string; kind: string; name: string } }[] };
      for (const f of collection.features) out.set(f.properties.code, { geometry: f.geometry, kind: f.properties.kind, name: f.properties.name });
      return out;
    });
    // A failure is not kept: the next picture asks again.
    areas.catch(() => loaded.delete(prefecture));
    loaded.set(prefecture, areas);
  }
  return areas;
}

/** The areas loaded so far for a picture, how many prefectures are still coming, and which could not be loaded. */
export interface AlertAreasState {
  areas: AlertAreas;
  loading: number;
  failed: string[];
}

export function useAlertAreas(view: AlertMapView | undefined): AlertAreasState {
  const [state, setState] = useState<AlertAreasState>({ areas: new Map(), loading: 0, failed: [] });
  const wanted = [...new Set((view?.places ?? []).flatMap((p) => (p.area ? [p.area.prefecture] : [])))].sort();
  const key = wanted.join(',');
  useEffect(() => {
    let current = true;
    const areas = new Map<string, AlertArea>();
    const failed: string[] = [];
    let loading = wanted.length;
    setState({ areas, loading, failed });
    for (const prefecture of wanted) {
      prefectureAreas(prefecture).then(
        (got) => {
          for (const [code, area] of got) areas.set(code, area);
        },
        () => failed.push(prefecture),
      ).finally(() => {
        loading--;
        if (current) setState({ areas: new Map(areas), loading, failed: [...failed].sort() });
      });
    }
    return () => {
      current = false;
    };
  }, [key]);
  return state;
}
