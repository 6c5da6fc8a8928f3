// Rebuilds data/municipality-boundaries/ from 国土数値情報 行政区域 (N03) as simplified by smartnews-smri/japan-topography:
// one TopoJSON per prefecture (municipalities, designated cities' wards, each designated city and the prefecture as
// unions of shared arcs), an index of every code with its name and label point, the known gaps with their reasons,
// and SHA256SUMS. Run: npx tsx scripts/derive-municipality-boundaries.ts SOURCE.json (see data/municipality-boundaries/NOTES.md).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { mergeArcs, feature } from 'topojson-client';
import type { MultiPolygon as TopoMultiPolygon, Polygon as TopoPolygon, Topology } from 'topojson-specification';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import codeToCity from '../data/gsi-shelters/code-to-city.json' with { type: 'json' };
import { jpLocalGovernmentCheckDigit } from '../src/model/area-code.ts';

/** The one source file this derivation accepts: anything else would not reproduce the committed files. */
const SOURCE = {
  repository: 'smartnews-smri/japan-topography',
  commit: 'b403e71eb97f1fdf32f63d16bd485129f703855e',
  path: 'data/municipality/topojson/s0010/N03-21_210101.json',
  sha256: '299120559cf34e0e23e7eb129647de841e7b307061d2c3fa3c8451c7288bbfea',
} as const;

/**
 * Codes of the GSI code table that have no boundary here, each with why. The derivation fails on any other gap, so a
 * new table edition or source is looked at by a person before it ships.
 */
const KNOWN_GAPS: Readonly<Record<string, string>> = {
  '221384':
    "浜松市中央区 was formed on 2024-01-01 from 中区・東区・西区・南区 and part of 北区; the source (N03, 2021-01-01) has only the old wards and 北区's split is not in it. / 2024-01-01 に中区・東区・西区・南区と北区の一部から設置。出典（2021-01-01）には旧区のみ。",
  '221392':
    "浜松市浜名区 was formed on 2024-01-01 from 浜北区 and the rest of 北区; the source (N03, 2021-01-01) has only the old wards. / 2024-01-01 に浜北区と北区の残りから設置。出典（2021-01-01）には旧区のみ。",
};

interface TableCity {
  code: string;
  name: string;
  cityName: string;
}
const table = codeToCity as Record<string, { name: string; code: string; cities: Record<string, TableCity> }>;

type Kind = 'prefecture' | 'city' | 'ward' | 'municipality';
interface AreaProperties {
  code: string;
  name: string;
  kind: Kind;
  label?: [number, number];
}
interface Area {
  code: string;
  name: string;
  kind: Kind;
  geometry: TopoPolygon | TopoMultiPolygon;
}

const withCheckDigit = (five: string) => `${five}${jpLocalGovernmentCheckDigit(five)}`;

/** The point of an area to put its label and take its clicks at: the middle of the longest line across its largest part. */
function labelPoint(geometry: Polygon | MultiPolygon): [number, number] {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const ringArea = (ring: Position[]) => Math.abs(ring.reduce((s, p, i) => { const q = ring[(i + 1) % ring.length]!; return s + p[0]! * q[1]! - q[0]! * p[1]!; }, 0)) / 2;
  const largest = polygons.reduce((a, b) => (ringArea(b[0]!) > ringArea(a[0]!) ? b : a));
  const ys = largest[0]!.map((p) => p[1]!);
  const south = Math.min(...ys);
  const north = Math.max(...ys);
  let best: { length: number; at: [number, number] } | undefined;
  // Scan lines between the vertices' latitudes (never through one, so every crossing is a proper one).
  for (let i = 1; i < 64; i++) {
    const y = south + ((north - south) * (i + 0.5)) / 64.5;
    const xs: number[] = [];
    for (const ring of largest) {
      for (let j = 0, k = ring.length - 1; j < ring.length; k = j++) {
        const [xj, yj] = ring[j] as [number, number];
        const [xk, yk] = ring[k] as [number, number];
        if (yj > y !== yk > y) xs.push(xj + ((y - yj) * (xk - xj)) / (yk - yj));
      }
    }
    xs.sort((a, b) => a - b);
    const scale = Math.cos((y * Math.PI) / 180);
    for (let j = 0; j + 1 < xs.length; j += 2) {
      const length = (xs[j + 1]! - xs[j]!) * scale;
      if (!best || length > best.length) best = { length, at: [(xs[j]! + xs[j + 1]!) / 2, y] };
    }
  }
  if (!best) throw new Error('an area with no interior');
  return [Number(best.at[0].toFixed(5)), Number(best.at[1].toFixed(5))];
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function main(sourcePath: string, outDir: string): void {
  const raw = readFileSync(sourcePath);
  if (sha256(raw) !== SOURCE.sha256) throw new Error(`${sourcePath} is not ${SOURCE.path} of ${SOURCE.repository}@${SOURCE.commit} (SHA-256 differs)`);
  const source = JSON.parse(raw.toString('utf8')) as Topology;
  const object = source.objects['N03-21_210101'];
  if (!object || object.type !== 'GeometryCollection') throw new Error('source: no N03-21_210101 collection');
  if (!source.transform) throw new Error('source: not quantised');

  const tableByCode = new Map<string, TableCity & { prefecture: string }>();
  for (const pref of Object.values(table)) for (const c of Object.values(pref.cities)) tableByCode.set(c.code, { ...c, prefecture: pref.name });
  const tableByName = new Map<string, string>();
  for (const c of tableByCode.values()) tableByName.set(`${c.prefecture}/${c.cityName}`, c.code);

  const areasByPrefecture = new Map<string, Area[]>();
  const membersByPrefecture = new Map<string, (TopoPolygon | TopoMultiPolygon)[]>();
  const wardsByCity = new Map<string, { prefecture: string; name: string; wards: (TopoPolygon | TopoMultiPolygon)[] }>();
  const renumbered: { from: string; to: string; name: string; reason: string }[] = [];
  const retired: { code: string; name: string; reason: string }[] = [];
  const unassigned: { prefecture: string; name: string }[] = [];

  for (const piece of object.geometries) {
    if (piece.type !== 'Polygon' && piece.type !== 'MultiPolygon') throw new Error(`source: a ${piece.type}`);
    const g = piece as TopoPolygon | TopoMultiPolygon;
    const p = g.properties as { N03_001: string; N03_003: string | null; N03_004: string; N03_007: string | null };
    const prefCode = Object.values(table).find((t) => t.name === p.N03_001)?.code;
    if (!prefCode) throw new Error(`source: unknown prefecture ${p.N03_001}`);
    const members = membersByPrefecture.get(prefCode) ?? [];
    members.push(g);
    membersByPrefecture.set(prefCode, members);
    // 所属未定地 (land whose municipality is not settled) has no code: part of its prefecture's outline only.
    if (p.N03_007 === null) {
      unassigned.push({ prefecture: p.N03_001, name: p.N03_004 });
      continue;
    }
    const isWard = p.N03_003 !== null && p.N03_003.endsWith('市') && p.N03_004.endsWith('区');
    const name = isWard ? `${p.N03_003}${p.N03_004}` : p.N03_004;
    let code = withCheckDigit(p.N03_007);
    if (isWard) {
      const city = `${p.N03_001}/${p.N03_003}`;
      const held = wardsByCity.get(city) ?? { prefecture: prefCode, name: p.N03_003!, wards: [] };
      held.wards.push(g);
      wardsByCity.set(city, held);
    }
    const listed = tableByCode.get(code);
    if (listed === undefined || listed.cityName !== name) {
      const byName = tableByName.get(`${p.N03_001}/${name}`);
      if (byName !== undefined && byName !== code) {
        renumbered.push({ from: code, to: byName, name, reason: 'same name and extent under a new code in the GSI code table' });
        code = byName;
      } else if (listed === undefined && isWard) {
        // A ward the city has since abolished: its land is in the city's outline, not drawn on its own.
        retired.push({ code, name, reason: 'a ward no longer in the GSI code table (reorganised after the source date)' });
        continue;
      }
    }
    const list = areasByPrefecture.get(prefCode) ?? [];
    list.push({ code, name, kind: isWard ? 'ward' : 'municipality', geometry: g });
    areasByPrefecture.set(prefCode, list);
  }

  // A designated city is the union of its wards; a prefecture the union of everything in it (shared arcs, no new ones).
  for (const [key, city] of wardsByCity) {
    const code = tableByName.get(key);
    if (code === undefined) throw new Error(`no code for the designated city ${key}`);
    areasByPrefecture.get(city.prefecture)!.push({ code, name: city.name, kind: 'city', geometry: mergeArcs(source, city.wards) });
  }
  for (const [prefCode, members] of membersByPrefecture) {
    const pref = Object.values(table).find((t) => t.code === prefCode)!;
    areasByPrefecture.get(prefCode)!.push({ code: withCheckDigit(`${prefCode}000`), name: pref.name, kind: 'prefecture', geometry: mergeArcs(source, members) });
  }

  // Every code of the GSI table has an area or a stated reason.
  const drawn = new Set([...areasByPrefecture.values()].flat().map((a) => a.code));
  const gaps = [...tableByCode.values()].filter((c) => !drawn.has(c.code));
  const unexplained = gaps.filter((c) => KNOWN_GAPS[c.code] === undefined);
  if (unexplained.length > 0) throw new Error(`codes without a boundary and without a stated reason: ${unexplained.map((c) => `${c.code} ${c.name}`).join(', ')}`);

  // NOTES.md stays: only what this script writes is replaced.
  mkdirSync(outDir, { recursive: true });
  for (const f of readdirSync(outDir)) if (f.endsWith('.json') || f === 'SHA256SUMS') rmSync(`${outDir}/${f}`);
  const absolute = source.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    return arc.map(([dx, dy]) => [(x += dx!), (y += dy!)] as [number, number]);
  });
  const index: Record<string, [prefecture: string, kind: Kind, name: string, label: [number, number]]> = {};
  const files: Record<string, string> = {};
  for (const [prefCode, areas] of [...areasByPrefecture].sort(([a], [b]) => a.localeCompare(b))) {
    // Only the arcs this prefecture's areas use, renumbered; delta-encoded on the source's own integer grid.
    const used = new Map<number, number>();
    const renumber = (i: number) => {
      const arc = i < 0 ? ~i : i;
      let j = used.get(arc);
      if (j === undefined) used.set(arc, (j = used.size));
      return i < 0 ? ~j : j;
    };
    const geometries = areas
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((a) => {
        const arcs = a.geometry.type === 'Polygon' ? a.geometry.arcs.map((ring) => ring.map(renumber)) : a.geometry.arcs.map((poly) => poly.map((ring) => ring.map(renumber)));
        return { type: a.geometry.type, arcs, properties: { code: a.code, name: a.name, kind: a.kind } } as (TopoPolygon<AreaProperties> | TopoMultiPolygon<AreaProperties>);
      });
    const arcs = [...used.keys()].map((i) => absolute[i]!.map((p, k, all) => (k === 0 ? p : [p[0] - all[k - 1]![0], p[1] - all[k - 1]![1]])));
    const topology = { type: 'Topology', transform: source.transform, arcs, objects: { areas: { type: 'GeometryCollection', geometries } } } as unknown as Topology;
    for (const g of geometries) {
      const shape = (feature(topology, g) as Feature<Polygon | MultiPolygon>).geometry;
      g.properties!.label = labelPoint(shape);
      const { code, kind, name, label } = g.properties!;
      index[code] = [prefCode, kind, name, label!];
    }
    const file = `${prefCode}.topo.json`;
    writeFileSync(`${outDir}/${file}`, JSON.stringify(topology));
    files[prefCode] = file;
  }
  const meta = {
    source: { ...SOURCE, sha256: sha256(raw), data: '国土数値情報 行政区域データ (N03), 2021-01-01 edition (N03-21_210101), 国土交通省' },
    format: 'One TopoJSON per prefecture (object "areas"): the source\'s arcs and integer grid kept as they are (no further simplification); properties code (local government code with check digit), name, kind, label [lon, lat].',
    files,
    areas: index,
    gaps: gaps.map((c) => ({ code: c.code, name: c.name, reason: KNOWN_GAPS[c.code]! })),
    renumbered,
    retired,
    unassigned,
  };
  writeFileSync(`${outDir}/index.json`, JSON.stringify(meta));
  const sums = readdirSync(outDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => `${sha256(readFileSync(`${outDir}/${f}`))}  ${f}`);
  writeFileSync(`${outDir}/SHA256SUMS`, `${sums.join('\n')}\n`);
  process.stdout.write(`${Object.keys(index).length} areas in ${Object.keys(files).length} prefectures; ${gaps.length} known gaps; ${renumbered.length} renumbered; ${retired.length} retired\n`);
}

const [sourcePath] = process.argv.slice(2);
if (!sourcePath) {
  process.stderr.write('usage: npx tsx scripts/derive-municipality-boundaries.ts N03-21_210101.json\n');
  process.exit(2);
}
main(sourcePath, new URL('../data/municipality-boundaries/', import.meta.url).pathname.replace(/\/$/, ''));
