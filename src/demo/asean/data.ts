// The ASEAN demo's bundled data (data/asean): the DELSA warehouses with their stock lines, and the Philippine areas by
// P-code. Each file is checked against its schema here (P-codes by the model's area-code rules), then turned into record
// drafts: the AHA Centre's warehouses (facility) and stock lines (stock), and DSWD Field Office VIII's receiving points
// (facility) in the P-coded areas the scenario supplies. Pure: texts and a count time in, drafts or problems out.
import { Type, type Static } from '@sinclair/typebox';
import {
  AreaCodeSchema, DateTimeSchema, LeadTimeSchema, PointSchema, StockCategorySchema, StockUnitSchema, validate, type RecordDraft,
} from '../../model/index.ts';

export const DELSA_FILE = 'delsa-warehouses.json';
export const PH_AREAS_FILE = 'ph-areas.json';
export const LEAD_TIMES_FILE = 'delsa-lead-times.json';

const LonLatSchema = PointSchema.properties.coordinates;

const DelsaFileSchema = Type.Object(
  {
    about: Type.String({ minLength: 1 }),
    sources: Type.Record(Type.String(), Type.String({ minLength: 1 })),
    warehouses: Type.Array(
      Type.Object(
        {
          key: Type.String({ pattern: '^[a-z0-9-]+$' }),
          name: Type.String({ minLength: 1 }),
          country: Type.String({ pattern: '^[A-Z]{2}$' }),
          areaCode: AreaCodeSchema,
          address: Type.String({ minLength: 1 }),
          location: LonLatSchema,
          locationSource: Type.String({ minLength: 1 }),
          scale: Type.Number({ exclusiveMinimum: 0, maximum: 1 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
    lines: Type.Array(
      Type.Object(
        {
          key: Type.String({ pattern: '^[a-z0-9-]+$' }),
          category: StockCategorySchema,
          name: Type.String({ minLength: 1 }),
          unit: StockUnitSchema,
          quantity: Type.Integer({ minimum: 0 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
  },
  { additionalProperties: false },
);
export type DelsaFile = Static<typeof DelsaFileSchema>;

const PhAreasFileSchema = Type.Object(
  {
    about: Type.String({ minLength: 1 }),
    sources: Type.Record(Type.String(), Type.String({ minLength: 1 })),
    areas: Type.Array(
      Type.Object(
        {
          pcode: AreaCodeSchema,
          name: Type.String({ minLength: 1 }),
          level: Type.Integer({ minimum: 1, maximum: 4 }),
          parent: Type.Optional(AreaCodeSchema),
          location: LonLatSchema,
        },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
  },
  { additionalProperties: false },
);
export type PhAreasFile = Static<typeof PhAreasFileSchema>;
export type PhArea = PhAreasFile['areas'][number];

export type DataProblem = { path: string; message: string };
export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: DataProblem[] };

function parseJson<T>(text: string, check: (v: unknown) => Parsed<T>): Parsed<T> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, problems: [{ path: '', message: (e as Error).message }] };
  }
  return check(value);
}

/** The warehouse file, schema-checked; a warehouse's source note must name an entry of `sources`. */
export function parseDelsaWarehouses(text: string): Parsed<DelsaFile> {
  return parseJson(text, (value) => {
    const v = validate(DelsaFileSchema, value);
    if (!v.ok) return { ok: false, problems: v.problems };
    const problems = v.value.warehouses.flatMap((w, i) =>
      Object.hasOwn(v.value.sources, w.locationSource) ? [] : [{ path: `/warehouses/${i}/locationSource`, message: `no source "${w.locationSource}"` }],
    );
    return problems.length > 0 ? { ok: false, problems } : { ok: true, value: v.value };
  });
}

/** The area file, schema-checked; a parent must be listed and contain its child by P-code prefix. */
export function parsePhAreas(text: string): Parsed<PhAreasFile> {
  return parseJson(text, (value) => {
    const v = validate(PhAreasFileSchema, value);
    if (!v.ok) return { ok: false, problems: v.problems };
    const codes = new Set(v.value.areas.map((a) => a.pcode));
    const problems = v.value.areas.flatMap((a, i) =>
      a.parent !== undefined && (!codes.has(a.parent) || !a.pcode.startsWith(a.parent)) ? [{ path: `/areas/${i}/parent`, message: `${a.parent} is not a listed area containing ${a.pcode}` }] : [],
    );
    return problems.length > 0 ? { ok: false, problems } : { ok: true, value: v.value };
  });
}

const ILLUSTRATIVE = {
  level: 'synthetic',
  note: 'DELSA warehouse and item from public descriptions; the quantity is illustrative (data/asean/SOURCES.md)',
} as const;

/** The AHA Centre's DELSA warehouses and their stock lines, counted at `countedAt` (the demo's first start). */
export function delsaHoldings(holder: string, file: DelsaFile, countedAt: Date): (RecordDraft<'facility'> | RecordDraft<'stock'>)[] {
  const asOf = countedAt.toISOString();
  return file.warehouses.flatMap((w) => {
    const id = `${holder}:${w.key}`;
    const location = { type: 'Point' as const, coordinates: w.location };
    const facility: RecordDraft<'facility'> = {
      id, type: 'facility', sourceNode: holder, observedAt: asOf,
      quality: { level: 'reported', note: `${w.name}: place from the AHA Centre's description of DELSA; position: ${file.sources[w.locationSource]}` },
      lineage: [{ activity: 'entry', at: asOf }],
      data: { kind: 'depot', name: { en: w.name }, operator: holder, areaCode: w.areaCode, address: { text: w.address }, location, status: { value: 'operating', asOf } },
    };
    const stock = file.lines.map((l): RecordDraft<'stock'> => {
      const quantity = Math.round(l.quantity * w.scale);
      return {
        id: `${id}:stock:${l.key}`, type: 'stock', sourceNode: holder, observedAt: asOf, quality: ILLUSTRATIVE,
        lineage: [{ activity: 'entry', at: asOf }],
        data: {
          heldAt: { type: 'facility', id }, areaCode: w.areaCode, location,
          item: { category: l.category, name: { en: l.name } }, quantity, unit: l.unit,
          // DELSA stock is prepositioned for release: all of it may be shipped.
          shippable: quantity,
        },
      };
    });
    return [facility, ...stock];
  });
}

/** A receiving point's record id: where DSWD Field Office VIII takes deliveries for one area. */
export const receivingPointId = (holder: string, pcode: string) => `${holder}:receiving-point:${pcode}`;

/** DSWD Field Office VIII's receiving points: one per city or municipality (level 3) inside its jurisdiction. */
export function receivingPoints(holder: string, jurisdiction: readonly string[], file: PhAreasFile, asOf: Date): RecordDraft<'facility'>[] {
  const at = asOf.toISOString();
  const nameOf = new Map(file.areas.map((a) => [a.pcode as string, a.name]));
  return file.areas
    .filter((a) => a.level === 3 && jurisdiction.some((j) => a.pcode.startsWith(j)))
    .map((a) => ({
      id: receivingPointId(holder, a.pcode), type: 'facility', sourceNode: holder, observedAt: at,
      quality: { level: 'synthetic', note: `receiving point placed at the area's reference point by the demo (data/asean/${PH_AREAS_FILE})` },
      lineage: [{ activity: 'entry', at }],
      data: {
        kind: 'depot', name: { en: `Relief receiving point, ${a.name}` }, operator: holder, areaCode: a.pcode,
        address: { text: [a.name, a.parent === undefined ? undefined : nameOf.get(a.parent), 'the Philippines'].filter((x) => x !== undefined).join(', ') }, location: { type: 'Point', coordinates: a.location }, status: { value: 'operating', asOf: at },
      },
    }));
}

const LeadTimesFileSchema = Type.Object(
  {
    about: Type.String({ minLength: 1 }),
    validFrom: DateTimeSchema,
    validUntil: DateTimeSchema,
    source: Type.String({ minLength: 1, maxLength: 300 }),
    leadTimes: Type.Array(
      Type.Object(
        {
          warehouse: Type.String({ pattern: '^[a-z0-9-]+$' }),
          to: AreaCodeSchema,
          mode: LeadTimeSchema.properties.mode,
          hours: LeadTimeSchema.properties.hours,
          reasoning: Type.String({ minLength: 20, maxLength: 2000 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
  },
  { additionalProperties: false },
);
export type LeadTimesFile = Static<typeof LeadTimesFileSchema>;

/** The lead-time file, schema-checked; each line must name a warehouse of the warehouse file. */
export function parseDelsaLeadTimes(text: string, warehouses: DelsaFile): Parsed<LeadTimesFile> {
  return parseJson(text, (value) => {
    const v = validate(LeadTimesFileSchema, value);
    if (!v.ok) return { ok: false, problems: v.problems };
    const known = new Set(warehouses.warehouses.map((w) => w.key));
    const problems = v.value.leadTimes.flatMap((l, i) => (known.has(l.warehouse) ? [] : [{ path: `/leadTimes/${i}/warehouse`, message: `no warehouse "${l.warehouse}"` }]));
    return problems.length > 0 ? { ok: false, problems } : { ok: true, value: v.value };
  });
}

/**
 * The AHA Centre's lead-time records from its warehouses: each an assumption (basis `assumption`), its reasoning
 * kept as the record's note and its quality marked synthetic, so no reader takes it for a published figure.
 */
export function delsaLeadTimes(holder: string, file: LeadTimesFile, asOf: Date): RecordDraft<'lead-time'>[] {
  const at = asOf.toISOString();
  return file.leadTimes.map((l) => ({
    id: `${holder}:lead-time:${l.warehouse}:${l.to}:${l.mode}`, type: 'lead-time', sourceNode: holder, observedAt: at,
    quality: { level: 'synthetic', note: `illustrative assumption of the demo (data/asean/${LEAD_TIMES_FILE}, SOURCES.md)` },
    lineage: [{ activity: 'entry', at }],
    data: {
      from: { type: 'facility', id: `${holder}:${l.warehouse}` }, to: { areaCode: l.to }, mode: l.mode, hours: l.hours,
      validFrom: file.validFrom, validUntil: file.validUntil, basis: 'assumption', source: file.source, note: l.reasoning,
    },
  }));
}
