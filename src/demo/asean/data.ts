// The ASEAN demo's bundled data (data/asean): the DELSA warehouses with their stock lines, the Philippine areas by
// P-code, the lead times and the ships and aircraft. Each file is checked against its schema here (P-codes by the
// model's area-code rules), then turned into record drafts: the AHA Centre's warehouses (facility), stock lines (stock),
// lead times and craft (vehicle), and DSWD Field Office VIII's receiving points (facility) in the P-coded areas the
// scenario supplies. Pure: texts and a count time in, drafts or problems out.
import { Type, type Static } from '@sinclair/typebox';
import {
  AreaCodeSchema, DateTimeSchema, LeadTimeSchema, PointSchema, StockCategorySchema, StockUnitSchema, VehicleSchema, validate, type RecordDraft,
} from '../../model/index.ts';

export const DELSA_FILE = 'delsa-warehouses.json';
export const PH_AREAS_FILE = 'ph-areas.json';
export const LEAD_TIMES_FILE = 'delsa-lead-times.json';
export const CRAFT_FILE = 'delsa-craft.json';

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
          // One unit as packed, so ships and aircraft can count their loads (the demo's estimates: SOURCES.md).
          unitKg: Type.Number({ exclusiveMinimum: 0, maximum: 100_000 }),
          unitLitres: Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000 }),
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
          item: { category: l.category, name: { en: l.name } }, quantity, unit: l.unit, unitLoad: { kg: l.unitKg, litres: l.unitLitres },
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

/** A key naming a place, craft or warehouse within the demo's files. */
const KeySchema = Type.String({ pattern: '^[a-z0-9-]+$' });

const CraftFileSchema = Type.Object(
  {
    about: Type.String({ minLength: 1 }),
    availableFrom: DateTimeSchema,
    availableUntil: DateTimeSchema,
    sources: Type.Record(Type.String(), Type.String({ minLength: 1 })),
    places: Type.Array(
      Type.Object(
        { key: KeySchema, name: Type.String({ minLength: 1 }), location: LonLatSchema, locationSource: Type.String({ minLength: 1 }) },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
    craft: Type.Array(
      Type.Object(
        {
          key: KeySchema,
          name: Type.String({ minLength: 1 }),
          mode: Type.Union([Type.Literal('sea'), Type.Literal('air')]),
          vehicleClass: VehicleSchema.properties.vehicleClass,
          count: VehicleSchema.properties.count,
          kg: VehicleSchema.properties.capacity.properties.kg,
          m3: VehicleSchema.properties.capacity.properties.m3,
          /** The DELSA warehouse whose stock it carries (delsa-warehouses.json). */
          warehouse: KeySchema,
          /** A place key of `places`: the port or airfield it loads at. */
          loadsAt: KeySchema,
          landingPoints: Type.Array(
            Type.Object(
              { at: KeySchema, serves: Type.Array(AreaCodeSchema, { minItems: 1, description: 'P-codes of the receiving points it serves (ph-areas.json)' }) },
              { additionalProperties: false },
            ),
            { minItems: 1 },
          ),
          speedKmh: Type.Number({ exclusiveMinimum: 0, maximum: 1000 }),
          tripsPerDay: VehicleSchema.properties.tripsPerDay,
          turnaroundHours: VehicleSchema.properties.turnaroundHours,
          basis: Type.String({ minLength: 20, maxLength: 2000 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
  },
  { additionalProperties: false },
);
export type CraftFile = Static<typeof CraftFileSchema>;

/**
 * The craft file, schema-checked (a place without coordinates, a speed or trips below what the model takes are
 * refused there); each craft must name a warehouse of the warehouse file, places of its own file, and receiving points
 * of the area file (P-codes of cities and municipalities), and each place a source.
 */
export function parseDelsaCraft(text: string, warehouses: DelsaFile, areas: PhAreasFile): Parsed<CraftFile> {
  return parseJson(text, (value) => {
    const v = validate(CraftFileSchema, value);
    if (!v.ok) return { ok: false, problems: v.problems };
    const known = new Set(warehouses.warehouses.map((w) => w.key));
    const places = new Set(v.value.places.map((p) => p.key));
    const points = new Set(areas.areas.filter((a) => a.level === 3).map((a) => a.pcode as string));
    const problems: DataProblem[] = v.value.places.flatMap((p, i) =>
      Object.hasOwn(v.value.sources, p.locationSource) ? [] : [{ path: `/places/${i}/locationSource`, message: `no source "${p.locationSource}"` }],
    );
    v.value.craft.forEach((c, i) => {
      if (!known.has(c.warehouse)) problems.push({ path: `/craft/${i}/warehouse`, message: `no warehouse "${c.warehouse}"` });
      if (!places.has(c.loadsAt)) problems.push({ path: `/craft/${i}/loadsAt`, message: `no place "${c.loadsAt}"` });
      c.landingPoints.forEach((l, j) => {
        if (!places.has(l.at)) problems.push({ path: `/craft/${i}/landingPoints/${j}/at`, message: `no place "${l.at}"` });
        l.serves.forEach((pcode, k) => {
          if (!points.has(pcode)) problems.push({ path: `/craft/${i}/landingPoints/${j}/serves/${k}`, message: `no receiving point for ${pcode} (a city or municipality of ${PH_AREAS_FILE})` });
        });
      });
    });
    return problems.length > 0 ? { ok: false, problems } : { ok: true, value: v.value };
  });
}

/**
 * The ships and aircraft the AHA Centre's plans may use, as vehicle records it holds: each carries a DELSA warehouse's
 * stock from its port or airfield to landing points serving DSWD Field Office VIII's receiving points (`receiver`).
 * Every one is illustrative: its quality synthetic, its basis kept as the record's note.
 */
export function delsaCraft(holder: string, receiver: string, file: CraftFile, asOf: Date): RecordDraft<'vehicle'>[] {
  const at = asOf.toISOString();
  const place = new Map(file.places.map((p) => [p.key, { name: { en: p.name }, location: { type: 'Point' as const, coordinates: p.location } }]));
  return file.craft.map((c) => ({
    id: `${holder}:craft:${c.key}`, type: 'vehicle', sourceNode: holder, observedAt: at,
    quality: { level: 'synthetic', note: `illustrative assumption of the demo (data/asean/${CRAFT_FILE}, SOURCES.md)` },
    lineage: [{ activity: 'entry', at }],
    data: {
      operator: holder, name: { en: c.name }, mode: c.mode, vehicleClass: c.vehicleClass, count: c.count,
      capacity: { kg: c.kg, ...(c.m3 !== undefined ? { m3: c.m3 } : {}) },
      depot: { type: 'facility', id: `${holder}:${c.warehouse}` },
      loadsAt: place.get(c.loadsAt)!,
      landingPoints: c.landingPoints.map((l) => ({ ...place.get(l.at)!, serves: l.serves.map((pcode) => ({ type: 'facility' as const, id: receivingPointId(receiver, pcode) })) })),
      speedKmh: c.speedKmh,
      ...(c.tripsPerDay !== undefined ? { tripsPerDay: c.tripsPerDay } : {}),
      ...(c.turnaroundHours !== undefined ? { turnaroundHours: c.turnaroundHours } : {}),
      availableFrom: file.availableFrom, availableUntil: file.availableUntil, note: c.basis,
    },
  }));
}
