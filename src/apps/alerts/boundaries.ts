// The bundled municipality boundaries of all Japan (data/municipality-boundaries/, with source, licence and method in
// its NOTES.md): which codes have an area, in which prefecture's file, with its name and label point, and where the
// files are. The polygons themselves go to the console as they are stored; the server reads only this index.
import index from '../../../data/municipality-boundaries/index.json' with { type: 'json' };

export type BoundaryKind = 'prefecture' | 'city' | 'ward' | 'municipality';

/** What the index says of one code: its prefecture's file, the kind of area, its name, and where its label goes. */
export interface BoundaryEntry {
  prefecture: string;
  kind: BoundaryKind;
  name: string;
  label: [number, number];
}

/** A code of the GSI code table with no area, and why. */
export interface BoundaryGap {
  code: string;
  name: string;
  reason: string;
}

export interface BoundaryIndex {
  get(code: string): BoundaryEntry | undefined;
  readonly codes: readonly string[];
  readonly gaps: readonly BoundaryGap[];
  /** Prefecture code (01–47) → the file of its areas under data/municipality-boundaries/. */
  readonly files: ReadonlyMap<string, string>;
  readonly source: { source: string; coverage: string };
}

type Row = [string, string, string, [number, number]];

function readIndex(): BoundaryIndex {
  const areas = new Map<string, BoundaryEntry>();
  for (const [code, [prefecture, kind, name, label]] of Object.entries(index.areas as unknown as Record<string, Row>)) {
    areas.set(code, { prefecture, kind: kind as BoundaryKind, name, label });
  }
  const s = index.source;
  return {
    get: (code) => areas.get(code),
    codes: [...areas.keys()],
    gaps: index.gaps,
    files: new Map(Object.entries(index.files)),
    source: {
      source: `${s.data}, simplified by ${s.repository} (${s.path}, commit ${s.commit.slice(0, 7)})`,
      coverage: `all Japan: ${areas.size} areas (municipalities, designated cities and their wards, prefectures); not drawn: ${index.gaps.map((g) => g.name).join(', ') || 'none'}`,
    },
  };
}

export const municipalityBoundaries: BoundaryIndex = readIndex();

/** The folder of the boundary files, for the route that serves them. */
export const BOUNDARIES_DIR = new URL('../../../data/municipality-boundaries/', import.meta.url);
