// Pieces both shelter importers share: turning bytes into text with notices, reading coordinates and flags from
// published cells, and turning schema problems into row problems that name the column a person has to fix.
import type { MessageCode, MessageParams } from '../i18n/index.ts';
import { validate, type AreaCodeProblem, type Hazard, type LonLat, type Point } from '../model/index.ts';
import type { TSchema } from '@sinclair/typebox';
import { readCsvTable, type CsvRow } from './csv-table.ts';
import { parseJsonLocated } from './json-syntax.ts';
import { decodeText, type DetectedEncoding } from './text-decoding.ts';
import type { FileNotice, RowProblem } from './types.ts';

/**
 * GSI's hazard columns (also used, prefixed 災害種別_, by municipal open data) and the hazard codes of the common
 * model, in GSI's column order.
 */
export const GSI_HAZARD_COLUMNS: ReadonlyArray<readonly [column: string, hazard: Hazard]> = [
  ['洪水', 'flood'],
  ['崖崩れ、土石流及び地滑り', 'landslide'],
  ['高潮', 'storm-surge'],
  ['地震', 'earthquake'],
  ['津波', 'tsunami'],
  ['大規模な火事', 'large-fire'],
  ['内水氾濫', 'inland-flood'],
  ['火山現象', 'volcano'],
];

/** The file name without its directory, as kept in lineage and evacuee-count sources. */
export function baseName(file: string): string {
  return file.split(/[\\/]/).pop() || file;
}

export function rowProblem(file: string, code: MessageCode, params: MessageParams, row?: number, field?: string): RowProblem {
  return { file, code, params, ...(row !== undefined ? { row } : {}), ...(field !== undefined ? { field } : {}) };
}

/** A problem of an area code (wrong check digit, unknown prefecture…) as a row problem with the model's own code. */
export function areaCodeProblem(file: string, problem: AreaCodeProblem, row: number | undefined, field: string): RowProblem {
  const { code, ...params } = problem;
  return rowProblem(file, code, params, row, field);
}

const ENCODING_LABELS: Readonly<Record<DetectedEncoding, string>> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 (BOM)',
  'utf-16le': 'UTF-16LE',
  'utf-16be': 'UTF-16BE',
  shift_jis: 'Shift_JIS (CP932)',
  'euc-jp': 'EUC-JP',
};

export type DecodedInput = { ok: true; text: string; notices: FileNotice[] } | { ok: false; problems: RowProblem[] };

/** Decode bytes as text; a conversion from a legacy or UTF-16 encoding is reported so the person knows it happened. */
export function decodeInput(file: string, bytes: Uint8Array): DecodedInput {
  const decoded = decodeText(bytes);
  if (!decoded.ok) {
    return { ok: false, problems: [rowProblem(file, decoded.reason === 'binary' ? 'FILE_BINARY' : 'FILE_ENCODING_UNKNOWN', {})] };
  }
  const converted = decoded.encoding !== 'utf-8' && decoded.encoding !== 'utf-8-bom';
  const notices: FileNotice[] = converted
    ? [{ file, code: 'FILE_ENCODING_CONVERTED', params: { encoding: ENCODING_LABELS[decoded.encoding] } }]
    : [];
  return { ok: true, text: decoded.text, notices };
}

/** Whether the text is JSON rather than CSV: a CSV file's header never starts with a brace or bracket. */
export function looksLikeJson(text: string): boolean {
  const first = text.trimStart()[0];
  return first === '{' || first === '[';
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export type FeatureCollectionInput = { ok: true; doc: Record<string, unknown>; features: unknown[] } | { ok: false; problems: RowProblem[] };

/** Text as a GeoJSON FeatureCollection, or where the JSON breaks (line and column) or what it is instead. */
export function readFeatureCollection(file: string, text: string): FeatureCollectionInput {
  const parsed = parseJsonLocated(text);
  if (!parsed.ok) {
    const { position, line, column, found } = parsed;
    const problem =
      found === undefined
        ? rowProblem(file, 'SHELTER_JSON_UNEXPECTED_END', { line, column, position })
        : rowProblem(file, 'SHELTER_JSON_SYNTAX', { line, column, position, found });
    return { ok: false, problems: [problem] };
  }
  const doc = parsed.value;
  if (!isObject(doc) || doc.type !== 'FeatureCollection' || !Array.isArray(doc.features)) {
    const type = isObject(doc) ? cellText(doc.type) || '-' : Array.isArray(doc) ? 'array' : typeof doc;
    return { ok: false, problems: [rowProblem(file, 'SHELTER_NOT_FEATURE_COLLECTION', { type })] };
  }
  return { ok: true, doc, features: doc.features as unknown[] };
}

export type CsvInput = { ok: true; header: string[]; rows: CsvRow[] } | { ok: false; problems: RowProblem[] };

export function readCsvInput(file: string, text: string): CsvInput {
  const table = readCsvTable(text);
  if (table.ok) return table;
  switch (table.problem) {
    case 'empty':
      return { ok: false, problems: [rowProblem(file, 'CSV_EMPTY', {})] };
    case 'malformed':
      return { ok: false, problems: [rowProblem(file, 'CSV_MALFORMED', { line: table.line ?? '-', detail: table.detail })] };
    case 'duplicate-column':
      return { ok: false, problems: [rowProblem(file, 'CSV_DUPLICATE_COLUMN', { column: table.column })] };
    case 'empty-column-name':
      return { ok: false, problems: [rowProblem(file, 'CSV_EMPTY_COLUMN_NAME', { index: table.index })] };
  }
}

/** A cell as published: strings trimmed, numbers as written, absent and null as empty. */
export function cellText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Decimal degrees as written in Japanese open data: ASCII or full-width digits, optional sign; nothing else. */
export function parseDecimal(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw !== 'string') return undefined;
  const s = raw.normalize('NFKC').trim();
  return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s) ? Number(s) : undefined;
}

/** The rough extent of Japan, islands included; a shelter outside it is a data error, not a shelter abroad. */
const JAPAN = { west: 122, east: 154, south: 20, north: 46 } as const;

function inJapan([lon, lat]: LonLat): boolean {
  return lon >= JAPAN.west && lon <= JAPAN.east && lat >= JAPAN.south && lat <= JAPAN.north;
}

export type CoordinateResult = { ok: true; point: Point } | { ok: false; code: MessageCode; params: MessageParams; field: string };

/**
 * A shelter position from longitude and latitude cells (or GeoJSON numbers), checked for presence, number syntax,
 * range and lying in Japan. The problem carries the values as given, so a person can find them in the file.
 */
export function parseShelterPosition(
  rawLon: unknown,
  rawLat: unknown,
  fields: { lon: string; lat: string },
): CoordinateResult {
  const both = `${fields.lon}, ${fields.lat}`;
  const lonText = cellText(rawLon);
  const latText = cellText(rawLat);
  if (lonText === '' || latText === '') {
    const missing = [lonText === '' ? fields.lon : undefined, latText === '' ? fields.lat : undefined].filter(Boolean).join(', ');
    return { ok: false, code: 'SHELTER_COORDINATES_MISSING', params: { fields: missing }, field: missing };
  }
  const lon = parseDecimal(rawLon);
  if (lon === undefined) return { ok: false, code: 'SHELTER_COORDINATE_NOT_NUMERIC', params: { field: fields.lon, value: lonText }, field: fields.lon };
  const lat = parseDecimal(rawLat);
  if (lat === undefined) return { ok: false, code: 'SHELTER_COORDINATE_NOT_NUMERIC', params: { field: fields.lat, value: latText }, field: fields.lat };
  const params = { lon: lonText, lat: latText };
  if (inJapan([lon, lat])) return { ok: true, point: { type: 'Point', coordinates: [lon, lat] } };
  // Swapped Japanese coordinates put the latitude above 90, so the hint comes before the range check.
  if (inJapan([lat, lon])) return { ok: false, code: 'SHELTER_COORDINATES_SWAPPED', params, field: both };
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90) return { ok: false, code: 'SHELTER_COORDINATES_OUT_OF_RANGE', params, field: both };
  return { ok: false, code: 'SHELTER_COORDINATES_OUTSIDE_JAPAN', params, field: both };
}

/** A yes/no cell: GSI writes "1" or nothing, pandas-made files "1.0" or nothing. */
export function parseFlag(raw: unknown): boolean | undefined {
  const s = cellText(raw).normalize('NFKC');
  if (s === '1' || s === '1.0') return true;
  if (s === '' || s === '0' || s === '0.0') return false;
  return undefined;
}

/**
 * Schema problems of a payload as row problems. `fieldOf` names the source column for a payload path, so the message
 * points at the cell to correct rather than at our internal field names.
 */
export function payloadProblems(
  schema: TSchema,
  payload: unknown,
  file: string,
  row: number,
  fieldOf: (path: string) => string,
): RowProblem[] {
  const result = validate(schema, payload);
  if (result.ok) return [];
  return result.problems.map((p) =>
    rowProblem(file, 'SHELTER_INVALID_VALUE', { field: fieldOf(p.path), path: p.path || '/', detail: p.message }, row, fieldOf(p.path)),
  );
}

/** Remembers the first row of each id so later duplicates can be refused, naming it. */
export class FirstRowById {
  readonly #first = new Map<string, number>();

  /** The first row that had `id`, or undefined (and `row` is remembered) when this is the first. */
  seen(id: string, row: number): number | undefined {
    const first = this.#first.get(id);
    if (first === undefined) this.#first.set(id, row);
    return first;
  }
}
