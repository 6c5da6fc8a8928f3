// Import persons requiring care from any CSV layout through a column-mapping file: every column is either mapped
// or deliberately ignored, every cell converted or its row refused with the column and the reason.
import { readCsvTable } from './csv-table.ts';
import { decodeText } from './text-decoding.ts';
import type { FileNotice, ImportContext, ImportItem, Importer, ParsedFile, RowProblem } from './types.ts';
import { conflictParams, reconcileImportedPerson, type ImportedRowFacts } from './person-reimport.ts';
import type { MessageCode, MessageParams } from '../i18n/index.ts';
import {
  IdSchema,
  PersonSchema,
  validate,
  type CareNeed,
  type CareProfile,
  type Person,
  type RecordDraft,
} from '../model/index.ts';
import { compilePersonMapping, type CompiledPersonMapping, type PersonColumnField, type PersonMapping } from './person-mapping.ts';
import { localDate, parseDate, parseDateTime } from './person-dates.ts';
import {
  canonicalId,
  hoursUnit,
  litresPerMinuteUnit,
  parseAreaCodeValue,
  parseBoolean,
  parseCareLevel,
  parseCareNeeds,
  parseLanguage,
  parseNumber,
  parsePhone,
  parsePostalCode,
  parseSafetyStatus,
  parseSex,
  parseWeekdays,
  sortNeeds,
  type Converted,
} from './person-values.ts';

// The CLI reads the mapping file and builds the importer from one module.
export { parsePersonMapping, type PersonMapping } from './person-mapping.ts';

const ADAPTER = 'person-csv';
const FULL_WIDTH_SPACE = '\u3000';

type RowOutcome =
  | { ok: true; id: string; sourceId: string; draft: RecordDraft<'person'>; facts: ImportedRowFacts }
  | { ok: false; problems: RowProblem[]; sourceId?: string };

/** Reads one row's cells through the mapping, collecting every problem rather than stopping at the first. */
class RowReader {
  readonly problems: RowProblem[] = [];

  constructor(
    private readonly file: string,
    private readonly row: number,
    private readonly values: Readonly<Record<string, string>>,
    private readonly m: CompiledPersonMapping,
  ) {}

  report(column: string, code: MessageCode, params: MessageParams): void {
    this.problems.push({ file: this.file, row: this.row, field: column, code, params: { ...params, column } });
  }

  /** The cell of a mapped field, or undefined when the field is unmapped or the cell empty. */
  cell(field: PersonColumnField): string | undefined {
    const column = this.m.mapping.columns[field];
    return column === undefined ? undefined : this.raw(column);
  }

  raw(column: string): string | undefined {
    const v = this.values[column];
    return v === undefined || v === '' ? undefined : v;
  }

  column(field: PersonColumnField): string {
    return this.m.mapping.columns[field] ?? field;
  }

  convert<T>(field: PersonColumnField, convert: (raw: string) => Converted<T>): T | undefined {
    const raw = this.cell(field);
    return raw === undefined ? undefined : this.take(this.column(field), convert(raw));
  }

  take<T>(column: string, result: Converted<T>): T | undefined {
    if (result.ok) return result.value;
    this.report(column, result.code, result.params);
    return undefined;
  }
}

function splitName(full: string, separator: RegExp): { family: string; given: string } | undefined {
  const parts = full.split(separator).filter((p) => p !== '');
  return parts.length === 2 ? { family: parts[0]!, given: parts[1]! } : undefined;
}

function joinParts(a: string | undefined, b: string | undefined): string | undefined {
  if (a !== undefined && b !== undefined) return `${a}${FULL_WIDTH_SPACE}${b}`;
  return a ?? b;
}

function readName(r: RowReader, m: CompiledPersonMapping): Person['name'] | undefined {
  const family = r.cell('familyName');
  const given = r.cell('givenName');
  const full = r.cell('fullName') ?? joinParts(family, given);
  if (full === undefined) {
    r.report(r.column(m.mapping.columns.fullName !== undefined ? 'fullName' : 'familyName'), 'PERSON_REQUIRED_EMPTY', {});
    return undefined;
  }
  // Split only when the parts are unambiguous: exactly two, and no separate family/given columns to prefer.
  const split = m.mapping.splitFullName && family === undefined && given === undefined ? splitName(full, m.nameSeparator) : undefined;
  const familyName = family ?? split?.family;
  const givenName = given ?? split?.given;
  const kana = r.cell('nameKana') ?? joinParts(r.cell('familyNameKana'), r.cell('givenNameKana'));
  const latin = r.cell('latinName');
  return {
    full,
    ...(familyName !== undefined ? { family: familyName } : {}),
    ...(givenName !== undefined ? { given: givenName } : {}),
    ...(kana !== undefined ? { kana } : {}),
    ...(latin !== undefined ? { latin } : {}),
  };
}

function readLocation(r: RowReader): Person['location'] | undefined {
  const latRaw = r.cell('latitude');
  const lonRaw = r.cell('longitude');
  if (latRaw === undefined && lonRaw === undefined) return undefined;
  if (latRaw === undefined || lonRaw === undefined) {
    const [present, missing]: [PersonColumnField, PersonColumnField] = latRaw === undefined ? ['longitude', 'latitude'] : ['latitude', 'longitude'];
    r.report(r.column(present), 'PERSON_VALUE_NEEDS_OTHER', { other: r.column(missing) });
    return undefined;
  }
  const lat = r.take(r.column('latitude'), parseNumber(latRaw));
  const lon = r.take(r.column('longitude'), parseNumber(lonRaw));
  if (lat === undefined || lon === undefined) return undefined;
  let inRange = true;
  if (Math.abs(lat) > 90) {
    r.report(r.column('latitude'), 'PERSON_COORDINATES_OUT_OF_RANGE', { axis: 'latitude / 緯度', value: latRaw });
    inRange = false;
  }
  if (Math.abs(lon) > 180) {
    r.report(r.column('longitude'), 'PERSON_COORDINATES_OUT_OF_RANGE', { axis: 'longitude / 経度', value: lonRaw });
    inRange = false;
  }
  return inRange ? { type: 'Point', coordinates: [lon, lat] } : undefined;
}

function readCare(r: RowReader, m: CompiledPersonMapping, observedAt: string): CareProfile {
  const needs = new Set<CareNeed>(m.mapping.careNeeds?.always ?? []);
  const needColumn = m.mapping.careNeeds?.column;
  if (needColumn !== undefined) {
    const raw = r.raw(needColumn);
    if (raw !== undefined) {
      for (const n of r.take(needColumn, parseCareNeeds(raw, m.careNeedSeparator, m.careNeedValues)) ?? []) needs.add(n);
    }
  }
  for (const [need, column] of m.careNeedFlags) {
    const flag = r.take(column, parseBoolean(r.raw(column) ?? '', m.booleans));
    if (flag) needs.add(need);
  }

  const careLevel = r.convert('careLevel', (v) => parseCareLevel(v, m.careLevelValues));
  const language = r.convert('language', (v) => parseLanguage(v, m.languageValues));
  const schedule = r.convert('dialysisSchedule', parseWeekdays);
  // A dialysis schedule or an oxygen supply is itself evidence of the need; recording it keeps lists consistent.
  if (schedule) needs.add('dialysis');

  let homeOxygen: CareProfile['homeOxygen'];
  const hours = r.convert('oxygenHoursLeft', (v) => parseNumber(v, hoursUnit));
  const asOfRaw = r.cell('oxygenAsOf');
  const flowRaw = r.cell('oxygenFlowRate');
  const asOf = asOfRaw === undefined ? observedAt : r.take(r.column('oxygenAsOf'), parseDateTime(asOfRaw, m.utcOffset));
  const flow = flowRaw === undefined ? undefined : r.take(r.column('oxygenFlowRate'), parseNumber(flowRaw, litresPerMinuteUnit));
  if (r.cell('oxygenHoursLeft') === undefined) {
    for (const field of ['oxygenAsOf', 'oxygenFlowRate'] as const) {
      if (r.cell(field) !== undefined) r.report(r.column(field), 'PERSON_VALUE_NEEDS_OTHER', { other: r.column('oxygenHoursLeft') });
    }
  } else if (hours !== undefined && asOf !== undefined) {
    homeOxygen = { supplyHoursLeft: hours, asOf, ...(flow !== undefined ? { flowRateLpm: flow } : {}) };
    needs.add('home-oxygen');
  }

  const notes = (m.mapping.noteColumns ?? []).flatMap((column) => {
    const v = r.raw(column);
    return v === undefined ? [] : [`${column}: ${v}`];
  });

  return {
    needs: sortNeeds(needs),
    ...(careLevel ? { careLevel } : {}),
    ...(schedule ? { dialysis: { schedule, ...(m.mapping.dialysisClinic ? { clinic: m.mapping.dialysisClinic } : {}) } } : {}),
    ...(homeOxygen ? { homeOxygen } : {}),
    ...(language !== undefined ? { language } : {}),
    ...(notes.length > 0 ? { note: notes.join('\n') } : {}),
  };
}

/** Which column a JSON path of the payload came from, so a schema failure points at a cell. */
function columnOfPath(path: string, m: PersonMapping): string | undefined {
  const c = m.columns;
  const table: Array<[string, string | undefined]> = [
    ['/name/full', c.fullName ?? c.familyName],
    ['/name/family', c.familyName ?? c.fullName],
    ['/name/given', c.givenName ?? c.fullName],
    ['/name/kana', c.nameKana ?? c.familyNameKana],
    ['/name/latin', c.latinName],
    ['/birthDate', c.birthDate],
    ['/sex', c.sex],
    ['/areaCode', m.areaCodeColumn],
    ['/address/postalCode', c.postalCode],
    ['/address', c.address],
    ['/location/coordinates/0', c.longitude],
    ['/location', c.latitude],
    ['/contact/phone', c.phone],
    ['/contact/email', c.email],
    ['/care/needs', m.careNeeds?.column],
    ['/care/careLevel', c.careLevel],
    ['/care/language', c.language],
    ['/care/dialysis', c.dialysisSchedule],
    ['/care/homeOxygen/asOf', c.oxygenAsOf],
    ['/care/homeOxygen/flowRateLpm', c.oxygenFlowRate],
    ['/care/homeOxygen', c.oxygenHoursLeft],
    ['/care/note', m.noteColumns?.[0]],
    ['/consent/recordedAt', c.consentRecordedAt],
    ['/consent', c.consent],
    ['/onEvacuationSupportList', c.onEvacuationSupportList],
    ['/safety/whereabouts', c.whereabouts],
    ['/safety', c.safetyStatus],
  ];
  return table.find(([prefix]) => path === prefix || path.startsWith(`${prefix}/`))?.[1];
}

function fileName(file: string): string {
  return file.split(/[\\/]/).pop() || file;
}

function readRow(
  file: string,
  row: number,
  values: Readonly<Record<string, string>>,
  m: CompiledPersonMapping,
  ctx: ImportContext,
): RowOutcome {
  const r = new RowReader(file, row, values, m);
  const map = m.mapping;

  const idRaw = r.raw(map.idColumn);
  let id: string | undefined;
  let sourceId: string | undefined;
  if (idRaw === undefined) r.report(map.idColumn, 'PERSON_REQUIRED_EMPTY', {});
  else {
    sourceId = canonicalId(idRaw);
    id = `${map.idPrefix}${sourceId}`;
    if (!validate(IdSchema, id).ok) {
      r.report(map.idColumn, 'PERSON_ID_INVALID', { value: idRaw });
      id = undefined;
    }
  }

  for (const field of map.required ?? []) {
    if (r.cell(field) === undefined) r.report(r.column(field), 'PERSON_REQUIRED_EMPTY', {});
  }

  // The file's own time when it has one; otherwise the import's, which dates nothing the file says (see safety).
  let observedAt = ctx.now;
  let dated = false;
  if (map.observedAtColumn !== undefined) {
    const raw = r.raw(map.observedAtColumn);
    const given = raw === undefined ? undefined : r.take(map.observedAtColumn, parseDateTime(raw, m.utcOffset));
    if (given !== undefined) [observedAt, dated] = [given, true];
  }

  let areaCode = m.areaCode;
  if (map.areaCodeColumn !== undefined) {
    const raw = r.raw(map.areaCodeColumn);
    if (raw === undefined) r.report(map.areaCodeColumn, 'PERSON_REQUIRED_EMPTY', {});
    else areaCode = r.take(map.areaCodeColumn, parseAreaCodeValue(raw));
  }

  const name = readName(r, m);
  const birthDate = r.convert('birthDate', (v) => parseDate(v, m.dateFormat));
  if (birthDate !== undefined) {
    const today = localDate(ctx.now, m.utcOffset);
    if (birthDate > today) r.report(r.column('birthDate'), 'PERSON_BIRTH_DATE_FUTURE', { value: birthDate, today });
  }
  const sex = r.convert('sex', (v) => parseSex(v, m.sexValues));

  const addressText = r.cell('address');
  const postalCode = r.convert('postalCode', parsePostalCode);
  if (addressText === undefined && r.cell('postalCode') !== undefined) {
    r.report(r.column('postalCode'), 'PERSON_VALUE_NEEDS_OTHER', { other: r.column('address') });
  }
  const location = readLocation(r);
  const phone = r.convert('phone', parsePhone);
  const email = r.cell('email');
  const care = readCare(r, m, observedAt);
  const oxygenAsOfAssumed = care.homeOxygen !== undefined && !dated && r.cell('oxygenAsOf') === undefined;

  const bool = (field: PersonColumnField) => r.convert(field, (v) => parseBoolean(v, m.booleans));
  const shareWithSupporters = map.consent ?? bool('consent') ?? false;
  const consentRecordedAt = r.convert('consentRecordedAt', (v) => parseDateTime(v, m.utcOffset));
  const onEvacuationSupportList = map.onEvacuationSupportList ?? bool('onEvacuationSupportList') ?? false;

  const status = r.convert('safetyStatus', (v) => parseSafetyStatus(v, m.safetyStatusValues));
  const whereabouts = r.cell('whereabouts');

  if (r.problems.length > 0 || id === undefined || name === undefined || areaCode === undefined) {
    return { ok: false, problems: r.problems, ...(sourceId !== undefined ? { sourceId } : {}) };
  }

  const person: Person = {
    name,
    ...(birthDate !== undefined ? { birthDate } : {}),
    ...(sex !== undefined ? { sex } : {}),
    areaCode,
    ...(addressText !== undefined ? { address: { text: addressText, ...(postalCode !== undefined ? { postalCode } : {}) } } : {}),
    ...(location !== undefined ? { location } : {}),
    ...(phone !== undefined || email !== undefined
      ? { contact: { ...(phone !== undefined ? { phone } : {}), ...(email !== undefined ? { email } : {}) } }
      : {}),
    care,
    consent: { shareWithSupporters, ...(consentRecordedAt !== undefined ? { recordedAt: consentRecordedAt } : {}) },
    onEvacuationSupportList,
    safety:
      status === undefined
        ? { status: 'unknown' }
        : {
            status,
            ...(whereabouts !== undefined ? { whereabouts } : {}),
            reportedBy: ctx.sourceNode,
            // An undated file's status is not "now": dating it by the import would let every re-import overwrite a
            // later field report (newer report wins), and would change the record each time.
            ...(dated ? { reportedAt: observedAt } : {}),
          },
  };

  const checked = validate(PersonSchema, person);
  if (!checked.ok) {
    for (const p of checked.problems) {
      const column = columnOfPath(p.path, map);
      r.problems.push({
        file,
        row,
        ...(column !== undefined ? { field: column } : {}),
        code: 'PERSON_PAYLOAD_INVALID',
        params: { column: column ?? p.path, path: p.path, detail: p.message },
      });
    }
    return { ok: false, problems: r.problems, sourceId: sourceId! };
  }

  return {
    ok: true,
    id,
    sourceId: sourceId!,
    facts: { oxygenAsOfAssumed },
    draft: {
      id,
      type: 'person',
      sourceNode: ctx.sourceNode,
      observedAt,
      quality: { level: map.quality, ...(map.qualityNote !== undefined ? { note: map.qualityNote } : {}) },
      lineage: [{ activity: 'import', adapter: ADAPTER, file: fileName(file), row, at: ctx.now }],
      data: checked.value,
    },
  };
}

function fileProblem(file: string, code: MessageCode, params: MessageParams, field?: string): RowProblem {
  return field === undefined ? { file, code, params } : { file, field, code, params };
}

function parseFile(file: string, bytes: Uint8Array, ctx: ImportContext, compiled: ReturnType<typeof compilePersonMapping>): ParsedFile {
  const result: ParsedFile = { file, items: [], rejected: [], notices: [], total: 0 };
  if (!compiled.ok) {
    result.rejected = compiled.problems.map((p) => ({ ...p, file }));
    return result;
  }
  const m = compiled.compiled;

  const decoded = decodeText(bytes);
  if (!decoded.ok) {
    result.rejected.push(fileProblem(file, decoded.reason === 'binary' ? 'FILE_BINARY' : 'FILE_ENCODING_UNKNOWN', {}));
    return result;
  }
  if (decoded.encoding !== 'utf-8' && decoded.encoding !== 'utf-8-bom') {
    const notice: FileNotice = { file, code: 'FILE_ENCODING_CONVERTED', params: { encoding: decoded.encoding } };
    result.notices.push(notice);
  }

  const table = readCsvTable(decoded.text);
  if (!table.ok) {
    switch (table.problem) {
      case 'empty':
        result.rejected.push(fileProblem(file, 'CSV_EMPTY', {}));
        break;
      case 'malformed':
        result.rejected.push(fileProblem(file, 'CSV_MALFORMED', { line: table.line ?? '?', detail: table.detail }));
        break;
      case 'duplicate-column':
        result.rejected.push(fileProblem(file, 'CSV_DUPLICATE_COLUMN', { column: table.column }, table.column));
        break;
      case 'empty-column-name':
        result.rejected.push(fileProblem(file, 'CSV_EMPTY_COLUMN_NAME', { index: table.index }));
        break;
    }
    return result;
  }
  result.total = table.rows.length;

  const header = new Set(table.header);
  const missing = [...m.columnFields.entries()].filter(([column]) => !header.has(column));
  if (missing.length > 0) {
    result.rejected.push(
      fileProblem(file, 'PERSON_MAPPING_COLUMNS_MISSING', {
        columns: missing.map(([column, field]) => `${column} (${field})`).join(', '),
      }),
    );
  }
  const unknown = table.header.filter((h) => !m.columnFields.has(h) && !m.ignored.has(h));
  if (unknown.length > 0) result.rejected.push(fileProblem(file, 'PERSON_CSV_UNKNOWN_COLUMNS', { columns: unknown.join(', ') }));
  if (result.rejected.length > 0) return result;

  const absentIgnored = [...m.ignored].filter((c) => !header.has(c));
  if (absentIgnored.length > 0) {
    result.notices.push({ file, code: 'PERSON_CSV_IGNORED_COLUMNS_ABSENT', params: { columns: absentIgnored.join(', ') } });
  }

  const firstRowOf = new Map<string, number>();
  for (const { row, values } of table.rows) {
    const outcome = readRow(file, row, values, m, ctx);
    const problems = outcome.ok ? [] : [...outcome.problems];
    if (outcome.sourceId !== undefined) {
      const first = firstRowOf.get(outcome.sourceId);
      if (first === undefined) firstRowOf.set(outcome.sourceId, row);
      else {
        problems.push({
          file,
          row,
          field: m.mapping.idColumn,
          code: 'PERSON_DUPLICATE_ID',
          params: { column: m.mapping.idColumn, id: outcome.sourceId, firstRow: first },
        });
      }
    }
    if (problems.length > 0) result.rejected.push(...problems);
    else if (outcome.ok) {
      const { draft, facts, sourceId } = outcome;
      const item: ImportItem = {
        draft,
        row,
        reconcile: (stored) => {
          const { draft: merged, conflict } = reconcileImportedPerson(stored, draft, facts);
          return conflict ? { draft: merged, notice: { code: 'PERSON_SAFETY_KEPT_NEWER', params: { row, id: sourceId, ...conflictParams(conflict) } } } : { draft: merged };
        },
      };
      result.items.push(item);
    }
  }
  return result;
}

/** An importer (kind `persons`) bound to one mapping; a mapping that does not compile rejects every file it is given. */
export function createPersonCsvImporter(mapping: PersonMapping): Importer {
  const compiled = compilePersonMapping(mapping, 'mapping');
  return {
    kind: 'persons',
    describe: {
      ja: '要配慮者名簿（避難行動要支援者名簿・透析患者名簿・利用者台帳など）のCSVを、列対応ファイル（--mapping）に従って取り込みます',
      en: 'Persons requiring care (evacuation-support lists, dialysis patient lists, care-user ledgers) from CSV, through a column-mapping file (--mapping)',
    },
    parse: (file, bytes, ctx) => parseFile(file, bytes, ctx, compiled),
  };
}
