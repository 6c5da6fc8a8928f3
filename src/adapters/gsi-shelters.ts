// Importer for GSI's nationwide shelter data (国土地理院 指定緊急避難場所・指定避難所データ), GeoJSON or CSV, either
// layout: one shelter record per feature or row, keyed by the nationwide 共通ID, nothing specific to one prefecture.
import {
  areaContains,
  jpLocalGovernmentCheckDigit,
  parseAreaCode,
  ShelterSchema,
  type AreaCode,
  type Hazard,
  type Point,
  type RecordDraft,
  type Shelter,
  type ShelterKind,
} from '../model/index.ts';
import {
  areaCodeProblem,
  baseName,
  cellText,
  decodeInput,
  FirstRowById,
  GSI_HAZARD_COLUMNS,
  isObject,
  looksLikeJson,
  parseFlag,
  parseShelterPosition,
  payloadProblems,
  readCsvInput,
  readFeatureCollection,
  rowProblem,
} from './shelter-rows.ts';
import type { FileNotice, ImportContext, ImportItem, Importer, ParsedFile, RowProblem } from './types.ts';

export const GSI_ADAPTER = 'gsi-shelters';

const COL = {
  no: 'NO',
  commonId: '共通ID',
  municipalityName: '都道府県名及び市町村名',
  name: '施設・場所名',
  address: '住所',
  remarks: '備考',
  lat: '緯度',
  lon: '経度',
  municipalityCode: '市町村コード',
  sameAddressAsEmergencySite: '指定緊急避難場所との住所同一',
  otherMatters: 'その他市町村長が必要と認める事項',
  acceptedGroups: '受入対象者',
  sameAddressAsShelter: '指定避難所との住所同一',
} as const;

export type GsiLayout = 'evacuation' | 'emergency';

const COMMON_COLUMNS = [COL.no, COL.commonId, COL.municipalityName, COL.name, COL.address, COL.remarks, COL.municipalityCode];
const LAYOUT_COLUMNS: Readonly<Record<GsiLayout, readonly string[]>> = {
  evacuation: [COL.sameAddressAsEmergencySite, COL.otherMatters, COL.acceptedGroups],
  emergency: [...GSI_HAZARD_COLUMNS.map(([c]) => c), COL.sameAddressAsShelter],
};
const REQUIRED_COLUMNS: Readonly<Record<GsiLayout, readonly string[]>> = {
  evacuation: [COL.commonId, COL.name, COL.address],
  // A missing hazard column would silently read as "not designated for that hazard".
  emergency: [COL.commonId, COL.name, COL.address, ...GSI_HAZARD_COLUMNS.map(([c]) => c)],
};
const CSV_COORDINATE_COLUMNS = [COL.lat, COL.lon];

const COMMON_ID_PATTERN = /^[A-Z][0-9]{13}$/;
const WELFARE_SHELTER = '福祉避難所';
const QUALITY_NOTE = '出典：国土地理院';

/** The layout a set of columns belongs to: each has columns the other lacks. */
export function detectGsiLayout(columns: Iterable<string>): GsiLayout | undefined {
  const set = new Set(columns);
  const evacuation = LAYOUT_COLUMNS.evacuation.some((c) => set.has(c));
  const emergency = LAYOUT_COLUMNS.emergency.some((c) => set.has(c));
  if (evacuation === emergency) return undefined;
  return evacuation ? 'evacuation' : 'emergency';
}

/**
 * The local government code inside a 共通ID. The ID holds the 5-digit code WITHOUT its check digit (E17202… is
 * 七尾市, 172022), so the 6-digit code is rebuilt with the check digit and validated like any other area code.
 */
export function areaCodeOfCommonId(commonId: string): { ok: true; code: AreaCode; fiveDigits: string } | { ok: false; fiveDigits: string } {
  const fiveDigits = commonId.slice(1, 6);
  const parsed = parseAreaCode(`${fiveDigits}${jpLocalGovernmentCheckDigit(fiveDigits)}`);
  return parsed.ok ? { ok: true, code: parsed.value, fiveDigits } : { ok: false, fiveDigits };
}

/** Split 石川県七尾市 into prefecture and municipality; every prefecture name ends in 都, 道, 府 or 県. */
export function splitPrefecture(s: string): { prefecture: string; municipality?: string } | undefined {
  const m = /^(北海道|東京都|京都府|大阪府|.{2,3}県)(.*)$/u.exec(s);
  if (!m) return undefined;
  return m[2] ? { prefecture: m[1]!, municipality: m[2] } : { prefecture: m[1]! };
}

/** One feature or CSV row, reduced to its properties and raw coordinates. */
interface SourceRow {
  row: number;
  props: Readonly<Record<string, unknown>>;
  lon: unknown;
  lat: unknown;
  /** Names of the coordinate fields in this format, for messages. */
  coordinateFields: { lon: string; lat: string };
  /** A GeoJSON feature without geometry. */
  noGeometry?: boolean;
}

interface SourceTable {
  format: 'geojson' | 'csv';
  columns: string[];
  rows: SourceRow[];
  problems: RowProblem[];
  /** A code the file as a whole is labelled with (a FeatureCollection `name` such as 172022). */
  fileArea?: { code: AreaCode; field: string };
}

type SourceResult = { ok: true; table: SourceTable } | { ok: false; problems: RowProblem[]; total: number };


/** The area a FeatureCollection name such as "172022" stands for; names that are not codes are ignored. */
function fileAreaFromName(file: string, name: unknown): { ok: true; code?: AreaCode } | { ok: false; problem: RowProblem } {
  const s = cellText(name).normalize('NFKC');
  if (!/^[0-9]{5,6}$/.test(s)) return { ok: true };
  const six = s.length === 5 ? `${s}${jpLocalGovernmentCheckDigit(s)}` : s;
  const parsed = parseAreaCode(six);
  if (parsed.ok) return { ok: true, code: parsed.value };
  return { ok: false, problem: areaCodeProblem(file, parsed.problem, undefined, 'name') };
}

function readGeoJson(file: string, text: string): SourceResult {
  const collection = readFeatureCollection(file, text);
  if (!collection.ok) return { ok: false, problems: collection.problems, total: 0 };
  const { doc, features } = collection;
  const total = features.length;
  const area = fileAreaFromName(file, doc.name);
  if (!area.ok) return { ok: false, problems: [area.problem], total };

  const columns = new Set<string>();
  const rows: SourceRow[] = [];
  const problems: RowProblem[] = [];
  for (const [index, feature] of features.entries()) {
    const row = index + 1;
    if (!isObject(feature) || feature.type !== 'Feature' || !isObject(feature.properties)) {
      problems.push(rowProblem(file, 'SHELTER_FEATURE_INVALID', { row }, row));
      continue;
    }
    for (const key of Object.keys(feature.properties)) columns.add(key);
    const geometry = feature.geometry;
    const coordinateFields = { lon: 'geometry.coordinates[0]', lat: 'geometry.coordinates[1]' };
    if (geometry === null || geometry === undefined) {
      rows.push({ row, props: feature.properties, lon: undefined, lat: undefined, coordinateFields, noGeometry: true });
      continue;
    }
    if (!isObject(geometry) || geometry.type !== 'Point') {
      const type = isObject(geometry) ? cellText(geometry.type) || '-' : typeof geometry;
      return { ok: false, problems: [rowProblem(file, 'SHELTER_GEOMETRY_NOT_POINT', { row, type })], total };
    }
    const c = Array.isArray(geometry.coordinates) ? (geometry.coordinates as unknown[]) : [];
    // GeoJSON positions are numbers; anything else is shown as written so the person can find it.
    const coordinate = (v: unknown) => (typeof v === 'number' || v === undefined || v === null ? v : JSON.stringify(v));
    rows.push({ row, props: feature.properties, lon: coordinate(c[0]), lat: coordinate(c[1]), coordinateFields });
  }
  return {
    ok: true,
    table: { format: 'geojson', columns: [...columns], rows, problems, ...(area.code ? { fileArea: { code: area.code, field: 'name' } } : {}) },
  };
}

function readCsv(file: string, text: string): SourceResult {
  const csv = readCsvInput(file, text);
  if (!csv.ok) return { ok: false, problems: csv.problems, total: 0 };
  const coordinateFields = { lon: COL.lon, lat: COL.lat };
  const rows = csv.rows.map((r) => ({ row: r.row, props: r.values, lon: r.values[COL.lon], lat: r.values[COL.lat], coordinateFields }));
  return { ok: true, table: { format: 'csv', columns: csv.header, rows, problems: [] } };
}

/** Problems with the columns as a whole: an unknown layout, unknown columns, missing required ones. */
function columnProblems(file: string, table: SourceTable): { layout: GsiLayout } | { problems: RowProblem[] } {
  const layout = detectGsiLayout(table.columns);
  if (!layout) return { problems: [rowProblem(file, 'GSI_LAYOUT_UNKNOWN', { columns: table.columns.join(', ') || '-' })] };
  const known = new Set([...COMMON_COLUMNS, ...LAYOUT_COLUMNS[layout], ...(table.format === 'csv' ? CSV_COORDINATE_COLUMNS : [])]);
  const unknown = table.columns.filter((c) => !known.has(c));
  if (unknown.length > 0) return { problems: [rowProblem(file, 'SHELTER_UNKNOWN_COLUMNS', { columns: unknown.join(', ') })] };
  const present = new Set(table.columns);
  const required = [...REQUIRED_COLUMNS[layout], ...(table.format === 'csv' ? CSV_COORDINATE_COLUMNS : [])];
  const missing = required.filter((c) => !present.has(c));
  if (missing.length > 0) return { problems: [rowProblem(file, 'SHELTER_MISSING_COLUMNS', { columns: missing.join(', ') })] };
  return { layout };
}

/** Whether a 市町村コード cell (6 digits with check digit, or the 5-digit form, leading zero perhaps lost) names the same code. */
function municipalityCodeProblem(file: string, row: number, raw: string, commonId: string, code: AreaCode, fiveDigits: string): RowProblem | undefined {
  const s = raw.normalize('NFKC');
  const field = COL.municipalityCode;
  if (/^[0-9]{6}$/.test(s)) {
    const parsed = parseAreaCode(s);
    if (!parsed.ok) return areaCodeProblem(file, parsed.problem, row, field);
    return parsed.value === code ? undefined : rowProblem(file, 'GSI_AREA_CODE_MISMATCH', { id: commonId, idCode: code, field, fileCode: s }, row, field);
  }
  if (/^[0-9]{4,5}$/.test(s)) {
    const agrees = s.padStart(5, '0') === fiveDigits || `0${s}` === code;
    return agrees ? undefined : rowProblem(file, 'GSI_AREA_CODE_MISMATCH', { id: commonId, idCode: code, field, fileCode: s }, row, field);
  }
  return rowProblem(file, 'AREA_CODE_FORMAT', { value: raw }, row, field);
}

function fieldOfPath(path: string): string {
  if (path.startsWith('/commonId') || path.startsWith('/areaCode')) return COL.commonId;
  if (path.startsWith('/name')) return COL.name;
  if (path.startsWith('/address')) return COL.address;
  if (path.startsWith('/location')) return `${COL.lon}, ${COL.lat}`;
  if (path.startsWith('/acceptedGroups')) return COL.acceptedGroups;
  if (path.startsWith('/note')) return COL.remarks;
  return path || '/';
}

interface RowContext {
  file: string;
  layout: GsiLayout;
  fileArea?: { code: AreaCode; field: string };
  ids: FirstRowById;
  ctx: ImportContext;
}

/** One source row as a shelter draft, or every reason it cannot be one. */
function shelterFromRow(source: SourceRow, rc: RowContext): { ok: true; item: ImportItem } | { ok: false; problems: RowProblem[] } {
  const { file, layout } = rc;
  const { row, props } = source;
  const problems: RowProblem[] = [];
  const text = (column: string) => cellText(props[column]);

  const commonId = text(COL.commonId);
  let areaCode: AreaCode | undefined;
  if (commonId === '') {
    problems.push(rowProblem(file, 'GSI_COMMON_ID_MISSING', {}, row, COL.commonId));
  } else if (!COMMON_ID_PATTERN.test(commonId)) {
    problems.push(rowProblem(file, 'GSI_COMMON_ID_MALFORMED', { value: commonId }, row, COL.commonId));
  } else {
    const firstRow = rc.ids.seen(commonId, row);
    if (firstRow !== undefined) problems.push(rowProblem(file, 'SHELTER_DUPLICATE_ID', { id: commonId, firstRow }, row, COL.commonId));
    const area = areaCodeOfCommonId(commonId);
    if (!area.ok) {
      problems.push(rowProblem(file, 'GSI_COMMON_ID_AREA_INVALID', { value: commonId, code: area.fiveDigits }, row, COL.commonId));
    } else {
      areaCode = area.code;
      const municipalityCode = text(COL.municipalityCode);
      if (municipalityCode !== '') {
        const p = municipalityCodeProblem(file, row, municipalityCode, commonId, area.code, area.fiveDigits);
        if (p) problems.push(p);
      }
      if (rc.fileArea && !areaContains(rc.fileArea.code, area.code)) {
        problems.push(
          rowProblem(file, 'GSI_AREA_CODE_MISMATCH', { id: commonId, idCode: area.code, field: rc.fileArea.field, fileCode: rc.fileArea.code }, row, COL.commonId),
        );
      }
    }
  }

  const name = text(COL.name);
  if (name === '') problems.push(rowProblem(file, 'SHELTER_NAME_MISSING', { field: COL.name }, row, COL.name));

  let location: Point | undefined;
  if (source.noGeometry) {
    problems.push(rowProblem(file, 'SHELTER_COORDINATES_MISSING', { fields: 'geometry' }, row, 'geometry'));
  } else {
    const position = parseShelterPosition(source.lon, source.lat, source.coordinateFields);
    if (position.ok) location = position.point;
    else problems.push(rowProblem(file, position.code, position.params, row, position.field));
  }

  const hazards: Hazard[] = [];
  if (layout === 'emergency') {
    for (const [column, hazard] of GSI_HAZARD_COLUMNS) {
      const flag = parseFlag(props[column]);
      if (flag === undefined) problems.push(rowProblem(file, 'SHELTER_FLAG_INVALID', { field: column, value: text(column) }, row, column));
      else if (flag) hazards.push(hazard);
    }
  }
  if (problems.length > 0 || areaCode === undefined || location === undefined) return { ok: false, problems };

  const acceptedGroups = text(COL.acceptedGroups);
  const remarks = text(COL.remarks);
  const otherMatters = text(COL.otherMatters);
  // 受入対象者 is published only for designated welfare shelters (指定福祉避難所); a remark can also say so.
  const welfare = acceptedGroups !== '' || remarks.includes(WELFARE_SHELTER) || otherMatters.includes(WELFARE_SHELTER);
  const kinds: ShelterKind[] = [layout === 'evacuation' ? 'designated-shelter' : 'emergency-evacuation-site', ...(welfare ? (['welfare-shelter'] as const) : [])];
  const addressText = text(COL.address);
  const place = splitPrefecture(text(COL.municipalityName));
  // その他市町村長が必要と認める事項 has no field of its own; it is kept in the note rather than dropped.
  const note = [remarks, otherMatters && `${COL.otherMatters}：${otherMatters}`].filter((s) => s !== '').join('\n');

  const data: Shelter = {
    commonId,
    name: { ja: name },
    kinds,
    hazards,
    areaCode,
    ...(addressText !== '' ? { address: { text: addressText, ...place } } : {}),
    location,
    openStatus: 'unknown',
    evacueeCounts: [],
    needs: [],
    ...(acceptedGroups !== '' ? { acceptedGroups } : {}),
    ...(note !== '' ? { note } : {}),
  };
  const invalid = payloadProblems(ShelterSchema, data, file, row, fieldOfPath);
  if (invalid.length > 0) return { ok: false, problems: invalid };

  const draft: RecordDraft<'shelter'> = {
    id: commonId,
    type: 'shelter',
    sourceNode: rc.ctx.sourceNode,
    observedAt: rc.ctx.now,
    quality: { level: 'reported', note: QUALITY_NOTE },
    lineage: [{ activity: 'import', adapter: GSI_ADAPTER, file: baseName(file), row, at: rc.ctx.now }],
    data,
  };
  return { ok: true, item: { draft, row } };
}

function refused(file: string, problems: RowProblem[], notices: FileNotice[], total: number): ParsedFile {
  return { file, items: [], rejected: problems, notices, total };
}

export function parseGsiShelters(file: string, bytes: Uint8Array, ctx: ImportContext): ParsedFile {
  const decoded = decodeInput(file, bytes);
  if (!decoded.ok) return refused(file, decoded.problems, [], 0);
  const source = looksLikeJson(decoded.text) ? readGeoJson(file, decoded.text) : readCsv(file, decoded.text);
  if (!source.ok) return refused(file, source.problems, decoded.notices, source.total);
  const { table } = source;
  const total = table.rows.length + table.problems.length;
  const columns = columnProblems(file, table);
  if ('problems' in columns) return refused(file, columns.problems, decoded.notices, total);

  const rc: RowContext = { file, layout: columns.layout, ids: new FirstRowById(), ctx, ...(table.fileArea ? { fileArea: table.fileArea } : {}) };
  const items: ImportItem[] = [];
  const rejected: RowProblem[] = [...table.problems];
  for (const source of table.rows) {
    const result = shelterFromRow(source, rc);
    if (result.ok) items.push(result.item);
    else rejected.push(...result.problems);
  }
  rejected.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return { file, items, rejected, notices: decoded.notices, total };
}

export const gsiSheltersImporter: Importer = {
  kind: GSI_ADAPTER,
  describe: {
    ja: '国土地理院 指定緊急避難場所・指定避難所データ（GeoJSON または CSV、Shift_JIS 可）',
    en: "GSI designated emergency evacuation sites and designated shelters (GeoJSON or CSV, Shift_JIS accepted)",
  },
  parse: parseGsiShelters,
};
