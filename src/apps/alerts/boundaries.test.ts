import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import codeToCity from '../../../data/gsi-shelters/code-to-city.json' with { type: 'json' };
import { containsPoint, metresBetween, parseAreaCode, type AreaGeometry } from '../../model/index.ts';
import { BOUNDARIES_DIR, municipalityBoundaries } from './boundaries.ts';

type Area = Feature<Polygon | MultiPolygon, { code: string; name: string; kind: string; label: [number, number] }>;

const dir = BOUNDARIES_DIR;
const areasOf = (file: string): Area[] => {
  const topology = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as Topology;
  const object = topology.objects.areas;
  if (!object) throw new Error(`${file}: no areas`);
  return (feature(topology, object) as unknown as { features: Area[] }).features;
};
const all = new Map<string, Area>();
for (const file of municipalityBoundaries.files.values()) for (const a of areasOf(file)) all.set(a.properties.code, a);

/** Japan's extent: 与那国島 to 南鳥島, 沖ノ鳥島 to 弁天島 (a little margin). */
const JAPAN = { west: 122.9, east: 154.0, south: 20.4, north: 45.6 };

describe('the bundled municipality boundaries', () => {
  it('have a boundary, or a stated reason for none, for every code of the GSI code table', () => {
    const gaps = new Map(municipalityBoundaries.gaps.map((g) => [g.code, g.reason]));
    const missing: string[] = [];
    for (const pref of Object.values(codeToCity as Record<string, { cities: Record<string, { code: string; name: string }> }>)) {
      for (const c of Object.values(pref.cities)) {
        if (all.has(c.code)) expect(municipalityBoundaries.get(c.code)).toBeDefined();
        else if ((gaps.get(c.code) ?? '').length < 20) missing.push(`${c.code} ${c.name}`);
      }
    }
    expect(missing).toEqual([]);
    // The gaps are few and stated in both languages.
    expect(gaps.size).toBeLessThanOrEqual(5);
    for (const reason of gaps.values()) expect(reason).toMatch(/[ぁ-んァ-ン一-龥].* \/ |.* \/ .*[ぁ-んァ-ン一-龥]/);
  });

  it('are what SHA256SUMS says, file by file', () => {
    const sums = readFileSync(new URL('SHA256SUMS', dir), 'utf8').trim().split('\n').map((l) => l.split(/\s+/) as [string, string]);
    const listed = sums.map(([, f]) => f).sort();
    expect(listed).toEqual(readdirSync(dir).filter((f) => f.endsWith('.json')).sort());
    for (const [sum, file] of sums) expect(createHash('sha256').update(readFileSync(new URL(file, dir))).digest('hex'), file).toBe(sum);
  });

  it('are valid polygons in Japan: closed rings of four or more positions, no NaN, every label inside its own area', () => {
    expect(all.size).toBe(municipalityBoundaries.codes.length);
    for (const [code, area] of all) {
      expect(parseAreaCode(code).ok, code).toBe(true);
      const polygons = area.geometry.type === 'Polygon' ? [area.geometry.coordinates] : area.geometry.coordinates;
      expect(polygons.length, code).toBeGreaterThan(0);
      for (const rings of polygons) {
        for (const ring of rings) {
          expect(ring.length, code).toBeGreaterThanOrEqual(4);
          expect(ring[0], code).toEqual(ring[ring.length - 1]);
          for (const [lon, lat] of ring as [number, number][]) {
            if (!(lon >= JAPAN.west && lon <= JAPAN.east && lat >= JAPAN.south && lat <= JAPAN.north)) throw new Error(`${code}: [${lon}, ${lat}] outside Japan`);
          }
        }
      }
      expect(containsPoint(area.geometry as AreaGeometry, area.properties.label), `${code} label`).toBe(true);
      expect(municipalityBoundaries.get(code)).toEqual({ prefecture: code.slice(0, 2), kind: area.properties.kind, name: area.properties.name, label: area.properties.label });
    }
  });

  it('place every Ishikawa evacuation shelter that lies in its own municipality inside that municipality, or within 250 m of it', () => {
    const shelters = new URL('../../../data/gsi-shelters/ishikawa/evacuation/', import.meta.url);
    let inside = 0;
    const near: number[] = [];
    for (const file of readdirSync(shelters)) {
      const area = all.get(file.replace('.json', ''))!;
      const { features } = JSON.parse(readFileSync(new URL(file, shelters), 'utf8')) as {
        features: { geometry: { type: string; coordinates: [number, number] } | null; properties: Record<string, string> }[];
      };
      for (const s of features) {
        const city = s.properties['都道府県名及び市町村名']!.replace('石川県', '');
        // A shelter one municipality designates in another (珠洲市's 第二長寿園 in 能登町) is not a test of the boundary.
        if (s.geometry?.type !== 'Point' || !s.properties['住所']!.includes(city)) continue;
        if (containsPoint(area.geometry as AreaGeometry, s.geometry.coordinates)) inside++;
        else near.push(distanceToRings(area.geometry, s.geometry.coordinates));
      }
    }
    expect(inside).toBeGreaterThan(900);
    expect(near.length).toBeLessThan(10);
    for (const d of near) expect(d).toBeLessThan(250);
  });

  it('hold each designated city as the union of its wards, and every ward inside its city', () => {
    const sapporo = all.get('011002')!;
    expect(sapporo.properties).toMatchObject({ kind: 'city', name: '札幌市' });
    const wards = [...all.values()].filter((a) => a.properties.kind === 'ward' && a.properties.name.startsWith('札幌市'));
    expect(wards).toHaveLength(10);
    for (const w of wards) expect(containsPoint(sapporo.geometry as AreaGeometry, w.properties.label), w.properties.name).toBe(true);
  });

  it('answer the index for any code: an area in the prefecture its code begins with, or nothing', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...municipalityBoundaries.codes), fc.stringMatching(/^\d{6}$/)), (code) => {
        const entry = municipalityBoundaries.get(code);
        if (entry === undefined) return !all.has(code);
        return entry.prefecture === code.slice(0, 2) && all.has(code) && municipalityBoundaries.files.has(entry.prefecture);
      }),
    );
  });
});

/** Metres from a position to the nearest edge of an area (local equirectangular; fine at these distances). */
function distanceToRings(g: Polygon | MultiPolygon, p: [number, number]): number {
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const k = Math.cos((p[1] * Math.PI) / 180);
  let best = Infinity;
  for (const rings of polygons) for (const ring of rings) for (let i = 1; i < ring.length; i++) {
    const [ax, ay] = [(ring[i - 1]![0]! - p[0]) * k, ring[i - 1]![1]! - p[1]];
    const [bx, by] = [(ring[i]![0]! - p[0]) * k, ring[i]![1]! - p[1]];
    const [dx, dy] = [bx - ax, by - ay];
    const t = Math.max(0, Math.min(1, -(ax * dx + ay * dy) / (dx * dx + dy * dy || 1)));
    best = Math.min(best, metresBetween([0, 0], [ax + t * dx, ay + t * dy]));
  }
  return best;
}
