// The alert layer's features and MapLibre layers, pure (no React, no DOM): each municipality as its area where its
// prefecture's boundaries are loaded, else at its label point, with JMA's colours for intensities and tsunami grades.
import type { FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import type { FilterSpecification, LayerSpecification } from 'maplibre-gl';
import type { Lang } from '../../../../web/src/i18n/index.ts';
import type { AlertMapPlace, AlertMapView } from '../types.ts';
import type { AlertArea, AlertAreas } from './boundaries.ts';

export const severityColours: Record<AlertMapPlace['severity'], string> = {
  extreme: '#4a148c',
  severe: '#ad1457',
  moderate: '#f9a825',
  minor: '#00838f',
  unknown: '#757575',
};

/** JMA's colours for the seismic intensity classes (気象庁 震度の配色), weakest first (an array: object keys such as '7' would sort first). */
export const intensityScale: readonly (readonly [string, string])[] = [
  ['1', '#f2f2ff'], ['2', '#00aaff'], ['3', '#0041ff'], ['4', '#fae696'], ['5-', '#ffe600'], ['5+', '#ff9900'], ['6-', '#ff2800'], ['6+', '#a50021'], ['7', '#b40068'],
];
const intensityColours = new Map(intensityScale);

/** JMA's colours for tsunami grades (大津波警報 purple, 津波警報 red, 津波注意報 yellow, forecast light blue). */
export const tsunamiColours = { major: '#c800ff', warning: '#ff2800', advisory: '#faf500', forecast: '#00aaff' } as const;

export function tsunamiClass(grade: string): keyof typeof tsunamiColours {
  if (grade.includes('大津波警報')) return 'major';
  if (grade.includes('津波警報')) return 'warning';
  if (grade.includes('津波注意報')) return 'advisory';
  return 'forecast';
}

const INTENSITY_WORDS: Record<string, { ja: string; en: string }> = {
  '5-': { ja: '5弱', en: '5 Lower' }, '5+': { ja: '5強', en: '5 Upper' }, '6-': { ja: '6弱', en: '6 Lower' }, '6+': { ja: '6強', en: '6 Upper' },
};
/** A JMA intensity class as people read it (6+ is 震度6強, "6 Upper"). */
export function intensityLabel(i: string, lang: Lang): string {
  return INTENSITY_WORDS[i]?.[lang] ?? i;
}

/** A municipality's name as people read it in this language: the code table's, else the one the alert gave. */
export const placeName = (p: AlertMapPlace, lang?: Lang) => (lang ? p.label?.[lang] : undefined) ?? p.label?.ja ?? p.names[0] ?? p.code;

/** Wider areas first, so a prefecture's or a city's outline lies under its municipalities' and wards'. */
const BREADTH: Record<string, number> = { prefecture: 0, city: 1 };

/** Whether an area drawn inside a wider one (a ward in its city, a municipality in its prefecture) is also drawn. */
function hasNarrowerDrawn(code: string, area: AlertArea, drawnAreas: readonly { code: string; area: AlertArea }[]): boolean {
  if (area.kind === 'prefecture') return drawnAreas.some((d) => d.code !== code && d.code.slice(0, 2) === code.slice(0, 2));
  if (area.kind === 'city') return drawnAreas.some((d) => d.area.kind === 'ward' && d.code.slice(0, 2) === code.slice(0, 2) && d.area.name.startsWith(area.name));
  return false;
}

/**
 * The layer's features: each municipality as its area where its prefecture's boundaries are loaded, else at its label
 * point; those with neither are left to the list. A prefecture or designated city whose municipalities or wards are
 * drawn too is outlined, not filled, so fills never pile up into a colour of the legend they do not mean. Each carries
 * its place as JSON (MapLibre properties are flat).
 */
export function alertFeatures(view: AlertMapView | undefined, areas: AlertAreas = new Map()): FeatureCollection {
  const places = view?.places ?? [];
  const drawnAreas = places.flatMap((p) => {
    const area = p.area ? areas.get(p.code) : undefined;
    return area ? [{ code: p.code, area }] : [];
  });
  const drawn = places.flatMap((p): { p: AlertMapPlace; geometry: Polygon | MultiPolygon | Point; drawn: 'area' | 'outline' | 'point'; breadth: number }[] => {
    const area = p.area ? areas.get(p.code) : undefined;
    if (area) return [{ p, geometry: area.geometry, drawn: hasNarrowerDrawn(p.code, area, drawnAreas) ? 'outline' : 'area', breadth: BREADTH[area.kind] ?? 2 }];
    if (p.at) return [{ p, geometry: { type: 'Point', coordinates: p.at }, drawn: 'point', breadth: 3 }];
    return [];
  });
  return {
    type: 'FeatureCollection',
    features: drawn
      .sort((a, b) => a.breadth - b.breadth)
      .map(({ p, geometry, drawn }) => ({
        type: 'Feature' as const,
        geometry,
        properties: {
          code: p.code,
          drawn,
          severityColour: severityColours[p.severity],
          ...(p.maxIntensity !== undefined ? { intensityColour: intensityColours.get(p.maxIntensity) ?? '#9e9e9e' } : {}),
          ...(p.tsunami ? { tsunamiColour: tsunamiColours[tsunamiClass(p.tsunami.grade)] } : {}),
          place: JSON.stringify(p),
        },
      })),
  };
}

/** The layer ids, for the map's click handlers. */
export const ALERT_LAYER_IDS = ['alert-area-fill', 'alert-area-line', 'alert-area-tsunami', 'alert-halo', 'alert-tsunami', 'alert-intensity'] as const;

const AREA = ['==', ['get', 'drawn'], 'area'] as const;
const AREA_OR_OUTLINE = ['in', ['get', 'drawn'], ['literal', ['area', 'outline']]] as const;
const POINT = ['==', ['get', 'drawn'], 'point'] as const;

/** Drawn under shelters and persons, so the people stay on top of the hazard. */
export function alertLayers(source: string): LayerSpecification[] {
  return [
    {
      id: 'alert-area-fill',
      type: 'fill',
      source,
      filter: AREA as unknown as FilterSpecification,
      paint: { 'fill-color': ['coalesce', ['get', 'intensityColour'], ['get', 'severityColour']], 'fill-opacity': ['case', ['has', 'intensityColour'], 0.6, 0.35] },
    } as LayerSpecification,
    {
      id: 'alert-area-line',
      type: 'line',
      source,
      filter: AREA_OR_OUTLINE as unknown as FilterSpecification,
      paint: { 'line-color': ['get', 'severityColour'], 'line-width': ['case', ['==', ['get', 'drawn'], 'outline'], 2, 1] },
    } as LayerSpecification,
    {
      id: 'alert-area-tsunami',
      type: 'line',
      source,
      filter: ['all', AREA_OR_OUTLINE, ['has', 'tsunamiColour']] as unknown as FilterSpecification,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': ['get', 'tsunamiColour'], 'line-width': ['interpolate', ['linear'], ['zoom'], 5, 2, 9, 4] },
    } as LayerSpecification,
    {
      id: 'alert-halo',
      type: 'circle',
      source,
      filter: POINT as unknown as FilterSpecification,
      paint: { 'circle-color': ['get', 'severityColour'], 'circle-radius': ['interpolate', ['linear'], ['zoom'], 7, 17, 12, 38], 'circle-opacity': 0.3, 'circle-stroke-color': ['get', 'severityColour'], 'circle-stroke-width': 2 },
    },
    {
      id: 'alert-tsunami',
      type: 'circle',
      source,
      filter: ['all', POINT, ['has', 'tsunamiColour']] as unknown as FilterSpecification,
      paint: { 'circle-color': 'rgba(0,0,0,0)', 'circle-radius': ['interpolate', ['linear'], ['zoom'], 7, 12, 12, 26], 'circle-stroke-color': ['get', 'tsunamiColour'], 'circle-stroke-width': 4 },
    },
    {
      id: 'alert-intensity',
      type: 'circle',
      source,
      filter: ['all', POINT, ['has', 'intensityColour']] as unknown as FilterSpecification,
      paint: { 'circle-color': ['get', 'intensityColour'], 'circle-radius': ['interpolate', ['linear'], ['zoom'], 7, 8, 12, 15], 'circle-stroke-color': '#202124', 'circle-stroke-width': 1 },
    },
  ];
}
