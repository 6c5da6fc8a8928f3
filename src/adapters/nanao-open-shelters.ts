// Importer for Nanao City's open-shelter snapshots after the 2024 Noto Peninsula Earthquake: each file (CSV, or the
// GeoJSON edition of the same table) lists the shelters open at one time with their evacuee counts; each row adds one
// point to that shelter's series.
import { parseAreaCode, ShelterSchema, type AreaCode, type Hazard, type Point, type RecordDraft, type Shelter, type ShelterKind } from '../model/index.ts';
import { parseJapaneseDateTime, timeFromFileName } from './japanese-datetime.ts';
import { coordinateSystemOf, ISHIKAWA_ZONE, parseWktPoint, planeRectangular, toLonLat, type CoordinateSystem } from './plane-rectangular.ts';
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
import { mergeShelterSnapshot } from './shelter-snapshot-merge.ts';
import type { FileNotice, ImportContext, ImportItem, Importer, ParsedFile, RowProblem } from './types.ts';

export { mergeShelterSnapshot } from './shelter-snapshot-merge.ts';

export const NANAO_ADAPTER = 'nanao-open-shelters';
const QUALITY_NOTE = '出典：七尾市 避難所開設情報 (CC BY 4.0)';

const COL = {
  id: 'ID',
  district: '地区',
  name: '名称',
  kana: '名称_カナ',
  en: '名称_英字',
  count: '人数',
  time: '時点',
  townId: '町字ID',
  areaCode: '所在地_全国地方公共団体コード',
  address: '所在地_連結表記',
  prefecture: '所在地_都道府県',
  municipality: '所在地_市区町村',
  town: '所在地_町字',
  blockNumber: '所在地_番地以下',
  building: '建物名等(方書)',
  lat: '緯度',
  lon: '経度',
  elevation: '標高',
  phone: '電話番号',
  capacity: '想定収容人数',
  communities: '対象となる町会・自治会',
  /** WKT POINT in the plane-rectangular system, added to one snapshot (2024-06-20) by the GIS export. */
  geometry: 'geometry',
} as const;

const HAZARD_COLUMNS: ReadonlyArray<readonly [column: string, hazard: Hazard]> = GSI_HAZARD_COLUMNS.map(([ja, hazard]) => [`災害種別_${ja}`, hazard] as const);
/** The first snapshot names its count column after its time: 人数_令和6年1月9日午後6時時点. */
const TIMED_COUNT_COLUMN = /^人数_(.+)$/;
// 地区, 町字ID and 標高 are understood but have no place in the shelter model (the district is also in 対象となる町会・自治会).
const KNOWN_COLUMNS = new Set<string>([...Object.values(COL), ...HAZARD_COLUMNS.map(([c]) => c)]);
const REQUIRED_COLUMNS = [COL.id, COL.name];

/**
 * Local government codes of Ishikawa's municipalities (総務省 全国地方公共団体コード), enough for the Noto snapshots;
 * a file may also give the code itself in 所在地_全国地方公共団体コード.
 */
const ISHIKAWA_MUNICIPALITIES: Readonly<Record<string, string>> = {
  金沢市: '172014', 七尾市: '172022', 小松市: '172031', 輪島市: '172049', 珠洲市: '172057', 加賀市: '172065',
  羽咋市: '172073', かほく市: '172090', 白山市: '172103', 能美市: '172111', 野々市市: '172120', 川北町: '173240',
  津幡町: '173614', 内灘町: '173657', 志賀町: '173843', 宝達志水町: '173860', 中能登町: '174076', 穴水町: '174611',
  能登町: '174637',
};

export function municipalityCode(prefecture: string, municipality: string): string | undefined {
  const p = prefecture.normalize('NFKC');
  if (p !== '' && p !== '石川県') return undefined;
  return Object.hasOwn(ISHIKAWA_MUNICIPALITIES, municipality.normalize('NFKC')) ? ISHIKAWA_MUNICIPALITIES[municipality.normalize('NFKC')] : undefined;
}

/** Kind of shelter from Nanao's ID: CC… are the city's designated shelters, NEW… were opened ad hoc. */
export function kindOfNanaoId(id: string): ShelterKind | undefined {
  if (/^CC[0-9]+$/.test(id)) return 'designated-shelter';
  if (/^NEW[0-9]+$/.test(id)) return 'ad-hoc-shelter';
  return undefined;
}

/** A head count as published: digits (full-width allowed), thousands separators, or pandas' "12.0". */
export function parseHeadCount(raw: string): number | undefined {
  const s = raw.normalize('NFKC').trim();
  if (/^[0-9]+$/.test(s) || /^[0-9]{1,3}(,[0-9]{3})+$/.test(s)) return Number(s.replaceAll(',', ''));
  if (/^[0-9]+\.0+$/.test(s)) return Number(s);
  return undefined;
}

interface FileTimes {
  /** Time named in the count column's name. */
  fromColumn?: string;
  /** Time in the file name, the last resort. */
  fromFileName?: string;
  hasTimeColumn: boolean;
}

function fieldOfPath(countColumn: string): (path: string) => string {
  return (path) => {
    if (path.startsWith('/name/kana')) return COL.kana;
    if (path.startsWith('/name/en')) return COL.en;
    if (path.startsWith('/name')) return COL.name;
    if (path.startsWith('/address')) return COL.address;
    if (path.startsWith('/location')) return `${COL.lon}, ${COL.lat}`;
    if (path.startsWith('/capacity')) return COL.capacity;
    if (path.startsWith('/servedCommunities')) return COL.communities;
    if (path.startsWith('/contact')) return COL.phone;
    if (path.startsWith('/evacueeCounts')) return countColumn;
    if (path.startsWith('/localId')) return COL.id;
    if (path.startsWith('/areaCode')) return COL.areaCode;
    return path || '/';
  };
}

interface RowContext {
  file: string;
  countColumn: string;
  times: FileTimes;
  ids: FirstRowById;
  ctx: ImportContext;
  /** The system the file's geometry is written in. */
  system: CoordinateSystem;
  /** Set when a row had to take its time from the file name. */
  usedFileNameTime: boolean;
  /** Rows located from their geometry (no 緯度/経度), and rows whose geometry was ignored (緯度/経度 given). */
  geometryUsed: number;
  geometryIgnored: number;
}

/** One row of a snapshot, from a CSV line or a GeoJSON feature: cells as text, and the geometry when there is one. */
interface SnapshotRow {
  row: number;
  values: Readonly<Record<string, string>>;
  /** The position as written (for messages) and as numbers, when it reads as a point. */
  geometry?: { written: string; position?: [number, number] };
}

function areaCodeOfRow(values: Readonly<Record<string, string>>, row: number, file: string): { ok: true; code: AreaCode } | { ok: false; problem: RowProblem } {
  const prefecture = values[COL.prefecture] ?? '';
  const municipality = values[COL.municipality] ?? '';
  const fromName = municipality === '' ? undefined : municipalityCode(prefecture, municipality);
  const given = values[COL.areaCode] ?? '';
  if (given !== '') {
    const parsed = parseAreaCode(given.normalize('NFKC'));
    if (!parsed.ok) return { ok: false, problem: areaCodeProblem(file, parsed.problem, row, COL.areaCode) };
    if (fromName !== undefined && fromName !== parsed.value) {
      return { ok: false, problem: rowProblem(file, 'NANAO_AREA_CODE_MISMATCH', { code: given, prefecture, municipality, expected: fromName }, row, COL.areaCode) };
    }
    return { ok: true, code: parsed.value };
  }
  if (fromName === undefined) {
    return { ok: false, problem: rowProblem(file, 'NANAO_MUNICIPALITY_UNKNOWN', { prefecture, municipality }, row, COL.municipality) };
  }
  return { ok: true, code: fromName as AreaCode };
}

/** Where the shelter is: 緯度/経度 when given (any geometry is then ignored), else the geometry converted to WGS84. */
function locationOfRow(source: SnapshotRow, rc: RowContext): { ok: true; location?: Point } | { ok: false; problem: RowProblem } {
  const { values, row, geometry } = source;
  const lon = values[COL.lon] ?? '';
  const lat = values[COL.lat] ?? '';
  if (lon !== '' || lat !== '') {
    if (geometry) rc.geometryIgnored += 1;
    const position = parseShelterPosition(lon, lat, { lon: COL.lon, lat: COL.lat });
    return position.ok ? { ok: true, location: position.point } : { ok: false, problem: rowProblem(rc.file, position.code, position.params, row, position.field) };
  }
  if (!geometry) return { ok: true };
  if (!geometry.position) return { ok: false, problem: rowProblem(rc.file, 'NANAO_GEOMETRY_INVALID', { value: geometry.written.slice(0, 80) }, row, COL.geometry) };
  const [x, y] = toLonLat(geometry.position, rc.system);
  const position = parseShelterPosition(x, y, { lon: COL.geometry, lat: COL.geometry });
  if (!position.ok) return { ok: false, problem: rowProblem(rc.file, 'NANAO_GEOMETRY_OUTSIDE_JAPAN', { value: geometry.written.slice(0, 80), system: rc.system.label }, row, COL.geometry) };
  rc.geometryUsed += 1;
  return { ok: true, location: position.point };
}

function shelterFromRow(source: SnapshotRow, rc: RowContext): { ok: true; item: ImportItem } | { ok: false; problems: RowProblem[] } {
  const { values, row } = source;
  const { file, countColumn } = rc;
  const problems: RowProblem[] = [];
  const text = (column: string) => values[column] ?? '';

  const localId = text(COL.id);
  const kind = kindOfNanaoId(localId);
  if (localId === '') problems.push(rowProblem(file, 'NANAO_ID_MISSING', {}, row, COL.id));
  else if (!kind) problems.push(rowProblem(file, 'NANAO_ID_MALFORMED', { value: localId }, row, COL.id));
  else {
    const firstRow = rc.ids.seen(localId, row);
    if (firstRow !== undefined) problems.push(rowProblem(file, 'SHELTER_DUPLICATE_ID', { id: localId, firstRow }, row, COL.id));
  }

  const name = text(COL.name);
  if (name === '') problems.push(rowProblem(file, 'SHELTER_NAME_MISSING', { field: COL.name }, row, COL.name));

  const countText = text(countColumn);
  const count = parseHeadCount(countText);
  if (countText === '') problems.push(rowProblem(file, 'NANAO_COUNT_MISSING', { field: countColumn }, row, countColumn));
  else if (count === undefined) problems.push(rowProblem(file, 'NANAO_COUNT_INVALID', { field: countColumn, value: countText }, row, countColumn));

  let observedAt: string | undefined;
  const timeText = text(COL.time);
  if (timeText !== '') {
    observedAt = parseJapaneseDateTime(timeText);
    if (!observedAt) problems.push(rowProblem(file, 'NANAO_TIME_INVALID', { field: COL.time, value: timeText }, row, COL.time));
  } else if (rc.times.fromColumn) {
    observedAt = rc.times.fromColumn;
  } else if (rc.times.fromFileName) {
    observedAt = rc.times.fromFileName;
    rc.usedFileNameTime = true;
  } else {
    problems.push(rowProblem(file, 'NANAO_TIME_MISSING', {}, row, COL.time));
  }

  const area = areaCodeOfRow(values, row, file);
  if (!area.ok) problems.push(area.problem);

  const placed = locationOfRow(source, rc);
  if (!placed.ok) problems.push(placed.problem);
  const location = placed.ok ? placed.location : undefined;

  const hazards: Hazard[] = [];
  for (const [column, hazard] of HAZARD_COLUMNS) {
    const flag = parseFlag(text(column));
    if (flag === undefined) problems.push(rowProblem(file, 'SHELTER_FLAG_INVALID', { field: column, value: text(column) }, row, column));
    else if (flag) hazards.push(hazard);
  }

  if (problems.length > 0 || !kind || !area.ok || count === undefined || observedAt === undefined) return { ok: false, problems };

  const kana = text(COL.kana);
  const en = text(COL.en);
  const prefecture = text(COL.prefecture);
  const municipality = text(COL.municipality);
  const building = text(COL.building);
  const locality = `${text(COL.town)}${text(COL.blockNumber)}${building === '' ? '' : ` ${building}`}`.trim();
  const addressText = text(COL.address) || `${prefecture}${municipality}${locality}`;
  const capacity = text(COL.capacity);
  const communities = text(COL.communities);
  // Full-width digits in a phone number are a typing habit, not information.
  const phone = text(COL.phone).normalize('NFKC');

  const data: Shelter = {
    localId,
    name: { ja: name, ...(kana !== '' ? { kana } : {}), ...(en !== '' ? { en } : {}) },
    kinds: [kind],
    hazards,
    areaCode: area.code,
    ...(addressText !== ''
      ? {
          address: {
            text: addressText,
            ...(prefecture !== '' ? { prefecture } : {}),
            ...(municipality !== '' ? { municipality } : {}),
            ...(locality !== '' ? { locality } : {}),
          },
        }
      : {}),
    ...(location ? { location } : {}),
    ...(capacity !== '' ? { capacity: { note: capacity } } : {}),
    openStatus: 'open',
    evacueeCounts: [{ observedAt, count, source: baseName(file) }],
    needs: [],
    ...(communities !== '' ? { servedCommunities: communities } : {}),
    ...(phone !== '' ? { contact: { phone } } : {}),
  };
  const invalid = payloadProblems(ShelterSchema, data, file, row, fieldOfPath(countColumn));
  if (invalid.length > 0) return { ok: false, problems: invalid };

  const draft: RecordDraft<'shelter'> = {
    id: `${area.code}-${localId}`,
    type: 'shelter',
    sourceNode: rc.ctx.sourceNode,
    observedAt,
    quality: { level: 'reported', note: QUALITY_NOTE },
    lineage: [{ activity: 'import', adapter: NANAO_ADAPTER, file: baseName(file), row, at: rc.ctx.now }],
    data,
  };
  return { ok: true, item: { draft, row, merge: (current) => mergeShelterSnapshot(current, draft) } };
}

function refused(file: string, problems: RowProblem[], notices: FileNotice[], total: number): ParsedFile {
  return { file, items: [], rejected: problems, notices, total };
}

/** The count column and the times the file as a whole gives, or why the file cannot be read as a snapshot. */
function readLayout(file: string, header: readonly string[]): { ok: true; countColumn: string; times: FileTimes } | { ok: false; problems: RowProblem[] } {
  const unknown = header.filter((c) => !KNOWN_COLUMNS.has(c) && !TIMED_COUNT_COLUMN.test(c));
  if (unknown.length > 0) return { ok: false, problems: [rowProblem(file, 'NANAO_UNKNOWN_COLUMNS', { columns: unknown.join(', ') })] };
  const countColumns = header.filter((c) => c === COL.count || TIMED_COUNT_COLUMN.test(c));
  const hasTimeColumn = header.includes(COL.time);
  if (countColumns.length === 0 && header.includes(COL.areaCode) && !hasTimeColumn) {
    return { ok: false, problems: [rowProblem(file, 'NANAO_REFERENCE_LIST', {})] };
  }
  const missing = [...REQUIRED_COLUMNS.filter((c) => !header.includes(c)), ...(countColumns.length === 0 ? [COL.count] : [])];
  if (missing.length > 0) return { ok: false, problems: [rowProblem(file, 'SHELTER_MISSING_COLUMNS', { columns: missing.join(', ') })] };
  if (countColumns.length > 1) return { ok: false, problems: [rowProblem(file, 'NANAO_COUNT_COLUMN_AMBIGUOUS', { columns: countColumns.join(', ') })] };

  const countColumn = countColumns[0]!;
  const times: FileTimes = { hasTimeColumn };
  const timed = TIMED_COUNT_COLUMN.exec(countColumn);
  if (timed) {
    const fromColumn = parseJapaneseDateTime(timed[1]!);
    if (!fromColumn) return { ok: false, problems: [rowProblem(file, 'NANAO_TIME_INVALID', { field: countColumn, value: timed[1]! }, undefined, countColumn)] };
    times.fromColumn = fromColumn;
  }
  const fromFileName = timeFromFileName(baseName(file));
  if (fromFileName) times.fromFileName = fromFileName;
  if (!hasTimeColumn && !times.fromColumn && !times.fromFileName) return { ok: false, problems: [rowProblem(file, 'NANAO_TIME_MISSING', {})] };
  return { ok: true, countColumn, times };
}

type SnapshotTable = { ok: true; header: string[]; rows: SnapshotRow[]; system: CoordinateSystem } | { ok: false; problems: RowProblem[] };

/** A CSV snapshot; its `geometry` column, when present, is WKT in Ishikawa's zone of the plane-rectangular system. */
function csvTable(file: string, text: string): SnapshotTable {
  const csv = readCsvInput(file, text);
  if (!csv.ok) return csv;
  const rows = csv.rows.map(({ row, values }): SnapshotRow => {
    const written = values[COL.geometry] ?? '';
    if (written === '') return { row, values };
    const position = parseWktPoint(written);
    return { row, values, geometry: { written, ...(position ? { position } : {}) } };
  });
  return { ok: true, header: csv.header, rows, system: planeRectangular(ISHIKAWA_ZONE) };
}

/** The GeoJSON edition: a FeatureCollection whose properties are the CSV's columns, in the system its `crs` names. */
function geoJsonTable(file: string, text: string): SnapshotTable {
  const collection = readFeatureCollection(file, text);
  if (!collection.ok) return collection;
  const { doc, features } = collection;
  const crs = isObject(doc.crs) && isObject(doc.crs.properties) ? cellText(doc.crs.properties.name) : undefined;
  const system = coordinateSystemOf(crs);
  if (!system) return { ok: false, problems: [rowProblem(file, 'NANAO_CRS_UNSUPPORTED', { crs: crs ?? '-' })] };
  const header = new Set<string>();
  const rows: SnapshotRow[] = [];
  const problems: RowProblem[] = [];
  for (const [index, feature] of features.entries()) {
    const row = index + 1;
    if (!isObject(feature) || feature.type !== 'Feature' || !isObject(feature.properties)) {
      problems.push(rowProblem(file, 'SHELTER_FEATURE_INVALID', { row }, row));
      continue;
    }
    const values = Object.fromEntries(Object.entries(feature.properties).map(([k, v]) => [k, cellText(v)]));
    for (const key of Object.keys(values)) header.add(key);
    const g = feature.geometry;
    if (g === null || g === undefined) {
      rows.push({ row, values });
      continue;
    }
    if (!isObject(g) || g.type !== 'Point') {
      problems.push(rowProblem(file, 'SHELTER_GEOMETRY_NOT_POINT', { row, type: isObject(g) ? cellText(g.type) || '-' : typeof g }, row, COL.geometry));
      continue;
    }
    const c = Array.isArray(g.coordinates) ? (g.coordinates as unknown[]) : [];
    const position: [number, number] | undefined = typeof c[0] === 'number' && typeof c[1] === 'number' ? [c[0], c[1]] : undefined;
    rows.push({ row, values, geometry: { written: JSON.stringify(g.coordinates ?? null), ...(position ? { position } : {}) } });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, header: [...header], rows, system };
}

export function parseNanaoOpenShelters(file: string, bytes: Uint8Array, ctx: ImportContext): ParsedFile {
  const decoded = decodeInput(file, bytes);
  if (!decoded.ok) return refused(file, decoded.problems, [], 0);
  // Detected by content, not by the file name: the city's GeoJSON edition is the same table as a FeatureCollection.
  const table = looksLikeJson(decoded.text) ? geoJsonTable(file, decoded.text) : csvTable(file, decoded.text);
  if (!table.ok) return refused(file, table.problems, decoded.notices, 0);
  const total = table.rows.length;
  const layout = readLayout(file, table.header);
  if (!layout.ok) return refused(file, layout.problems, decoded.notices, total);

  const rc: RowContext = {
    file,
    countColumn: layout.countColumn,
    times: layout.times,
    ids: new FirstRowById(),
    ctx,
    system: table.system,
    usedFileNameTime: false,
    geometryUsed: 0,
    geometryIgnored: 0,
  };
  const items: ImportItem[] = [];
  const rejected: RowProblem[] = [];
  for (const source of table.rows) {
    const result = shelterFromRow(source, rc);
    if (result.ok) items.push(result.item);
    else rejected.push(...result.problems);
  }
  const notices = [...decoded.notices];
  if (rc.usedFileNameTime && layout.times.fromFileName) {
    notices.push({ file, code: 'NANAO_TIME_FROM_FILE_NAME', params: { time: layout.times.fromFileName } });
  }
  if (rc.geometryUsed > 0) notices.push({ file, code: 'NANAO_GEOMETRY_CONVERTED', params: { count: rc.geometryUsed, system: rc.system.label } });
  if (rc.geometryIgnored > 0) notices.push({ file, code: 'NANAO_GEOMETRY_IGNORED', params: { count: rc.geometryIgnored } });
  return { file, items, rejected, notices, total };
}

export const nanaoOpenSheltersImporter: Importer = {
  kind: NANAO_ADAPTER,
  describe: {
    ja: '七尾市 避難所開設情報（開設中の避難所と避難者数のスナップショット。CSV または GeoJSON。取り込むたびに避難者数の推移に追加）',
    en: 'Nanao City open-shelter snapshots (open shelters and evacuee counts, CSV or GeoJSON; each import adds to the count series)',
  },
  parse: parseNanaoOpenShelters,
};
