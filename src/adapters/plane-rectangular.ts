// Positions some published files give only in Japan's plane-rectangular coordinate system (平面直角座標系): which system a
// file names, reading a WKT POINT, and converting to WGS84 [lon, lat] with proj4.
import type proj4 from 'proj4';
import type { LonLat } from '../model/index.ts';
import { packageOnDemand } from './package-on-demand.ts';

/** proj4 on the first conversion: most files give longitude and latitude, and a node that never converts never loads it. */
const proj4OnDemand = packageOnDemand<typeof proj4>('proj4', import.meta.url);

/**
 * Origins of the 19 zones (緯度, 経度 of each zone's origin; 平成14年国土交通省告示第9号). The zones are transverse
 * Mercator on GRS80 with scale 0.9999; JGD2011 (EPSG:6669–6687) and JGD2000 (EPSG:2443–2461) differ from WGS84 by less
 * than a metre, far below what locating a shelter needs, so no datum shift is applied.
 */
const ZONE_ORIGINS: readonly (readonly [lat: number, lon: number])[] = [
  [33, 129.5], [33, 131], [36, 132 + 10 / 60], [33, 133.5], [36, 134 + 20 / 60], [36, 136], [36, 137 + 10 / 60],
  [36, 138.5], [36, 139 + 50 / 60], [40, 140 + 50 / 60], [44, 140.25], [44, 142.25], [44, 144.25], [26, 142],
  [26, 127.5], [26, 124], [26, 131], [20, 136], [26, 154],
];

/** Ishikawa Prefecture lies in zone VII (第VII系). */
export const ISHIKAWA_ZONE = 7;

export type CoordinateSystem = { kind: 'plane-rectangular'; zone: number; label: string } | { kind: 'lon-lat'; label: string };

export function planeRectangular(zone: number): CoordinateSystem {
  const roman = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII', 'XIII', 'XIV', 'XV', 'XVI', 'XVII', 'XVIII', 'XIX'][zone - 1];
  return { kind: 'plane-rectangular', zone, label: `JGD2011 平面直角座標系 第${roman}系 (EPSG:${6668 + zone})` };
}

/**
 * The system a GeoJSON `crs` member names (urn:ogc:def:crs:EPSG::6675, EPSG:6675, OGC CRS84…), or undefined for one
 * we do not convert. A document without `crs` is WGS84 longitude/latitude, as RFC 7946 says.
 */
export function coordinateSystemOf(crsName: string | undefined): CoordinateSystem | undefined {
  if (crsName === undefined) return { kind: 'lon-lat', label: 'WGS84 (RFC 7946)' };
  if (/CRS84$/i.test(crsName)) return { kind: 'lon-lat', label: crsName };
  const epsg = /EPSG:{1,2}(\d+)$/i.exec(crsName);
  if (!epsg) return undefined;
  const code = Number(epsg[1]);
  if (code === 4326 || code === 6668 || code === 4612) return { kind: 'lon-lat', label: `EPSG:${code}` };
  if (code >= 6669 && code <= 6687) return planeRectangular(code - 6668);
  if (code >= 2443 && code <= 2461) return { ...planeRectangular(code - 2442), label: `JGD2000 平面直角座標系 (EPSG:${code})` };
  return undefined;
}

/** The x (easting) and y (northing) of a WKT `POINT (x y)`, as GIS tools write it; undefined for anything else. */
export function parseWktPoint(text: string): [number, number] | undefined {
  const m = /^\s*POINT\s*Z?\s*\(\s*([-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)\s+([-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)(?:\s+[-+]?\d+(?:\.\d+)?)?\s*\)\s*$/i.exec(text);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

const converters = new Map<number, proj4.Converter>();

function converter(zone: number): proj4.Converter {
  let c = converters.get(zone);
  if (!c) {
    const [lat0, lon0] = ZONE_ORIGINS[zone - 1]!;
    c = proj4OnDemand()(`+proj=tmerc +lat_0=${lat0} +lon_0=${lon0} +k=0.9999 +x_0=0 +y_0=0 +ellps=GRS80 +units=m +no_defs`, 'WGS84');
    converters.set(zone, c);
  }
  return c;
}

/** A position in the given system as WGS84 [lon, lat], rounded to 1e-7° (about a centimetre). */
export function toLonLat(position: readonly [number, number], system: CoordinateSystem): LonLat {
  const [lon, lat] = system.kind === 'lon-lat' ? position : converter(system.zone).forward([position[0], position[1]]);
  return [Math.round(lon! * 1e7) / 1e7, Math.round(lat! * 1e7) / 1e7];
}
