// The column-mapping file that tells the person importer what each column of a municipality, clinic or care
// provider CSV means and how to convert its values; parsed, validated and compiled once per import.
import { Type, type Static, type TSchema, Kind } from '@sinclair/typebox';
import { Value, ValueErrorType } from '@sinclair/typebox/value';
import { decodeText } from './text-decoding.ts';
import type { RowProblem } from './types.ts';
import type { MessageCode, MessageParams } from '../i18n/index.ts';
import {
  CareNeedSchema,
  careNeeds,
  codesOf,
  IdSchema,
  SafetyStatusSchema,
  SexSchema,
  type AreaCode,
  type CareNeed,
  type SafetyStatus,
  type Sex,
} from '../model/index.ts';
import { dateFormats, type DateFormatSetting } from './person-dates.ts';
import {
  booleanValues,
  buildValueMap,
  canonicalValue,
  defaultCareLevelValues,
  defaultCareNeedSeparator,
  defaultCareNeedValues,
  defaultFalseValues,
  defaultLanguageValues,
  defaultSafetyStatusValues,
  defaultSexValues,
  defaultTrueValues,
  parseAreaCodeValue,
  type BooleanValues,
  type CareLevelValue,
  type ValueMap,
} from './person-values.ts';

const ColumnName = (description: string) =>
  Type.String({ minLength: 1, description: `${description} — a column name exactly as in the CSV header` });

/** Every field a column can be mapped to, with what it becomes in the person record. */
export const PersonColumnsSchema = Type.Object(
  {
    fullName: Type.Optional(ColumnName('full name (name.full), stored exactly as written')),
    familyName: Type.Optional(ColumnName('family name (name.family)')),
    givenName: Type.Optional(ColumnName('given name (name.given)')),
    nameKana: Type.Optional(ColumnName('reading of the full name (name.kana)')),
    familyNameKana: Type.Optional(ColumnName('reading of the family name, joined with givenNameKana into name.kana')),
    givenNameKana: Type.Optional(ColumnName('reading of the given name')),
    latinName: Type.Optional(ColumnName('name in Latin letters (name.latin)')),
    birthDate: Type.Optional(ColumnName('birth date, converted per dateFormat')),
    sex: Type.Optional(ColumnName('sex, converted with values.sex')),
    address: Type.Optional(ColumnName('address (address.text), stored exactly as written')),
    postalCode: Type.Optional(ColumnName('postal code (address.postalCode)')),
    phone: Type.Optional(ColumnName('phone number (contact.phone)')),
    email: Type.Optional(ColumnName('e-mail address (contact.email)')),
    latitude: Type.Optional(ColumnName('latitude in WGS84 degrees')),
    longitude: Type.Optional(ColumnName('longitude in WGS84 degrees')),
    careLevel: Type.Optional(ColumnName('要介護度 (care.careLevel), converted with values.careLevel')),
    language: Type.Optional(ColumnName('preferred language (care.language), converted with values.language')),
    dialysisSchedule: Type.Optional(ColumnName('dialysis days such as 月水金 or Mon,Wed,Fri (care.dialysis.schedule)')),
    oxygenHoursLeft: Type.Optional(ColumnName('hours of home-oxygen supply left (care.homeOxygen.supplyHoursLeft)')),
    oxygenAsOf: Type.Optional(ColumnName('when the oxygen supply was counted (care.homeOxygen.asOf)')),
    oxygenFlowRate: Type.Optional(ColumnName('oxygen flow in litres per minute (care.homeOxygen.flowRateLpm)')),
    consent: Type.Optional(ColumnName('consent to share with supporters in normal times (consent.shareWithSupporters), yes/no')),
    consentRecordedAt: Type.Optional(ColumnName('when consent was recorded (consent.recordedAt)')),
    onEvacuationSupportList: Type.Optional(ColumnName('on the 避難行動要支援者名簿, yes/no')),
    safetyStatus: Type.Optional(ColumnName('initial safety status (safety.status), converted with values.safetyStatus')),
    whereabouts: Type.Optional(ColumnName('known whereabouts (safety.whereabouts)')),
  },
  { additionalProperties: false },
);
export type PersonColumns = Static<typeof PersonColumnsSchema>;
export type PersonColumnField = keyof PersonColumns;
export const personColumnFields = Object.keys(PersonColumnsSchema.properties) as PersonColumnField[];

const CareLevelSchema = Type.String({ pattern: '^(要支援[12]|要介護[1-5])$' });
const LanguageTagSchema = Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$', description: 'a BCP 47 language tag such as ja, vi or pt-BR' });

export const PersonMappingSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String({ description: 'ignored; lets editors find a JSON Schema' })),
    description: Type.Optional(Type.String({ description: 'what this mapping is for, for people' })),
    quality: Type.Union([Type.Literal('reported'), Type.Literal('verified'), Type.Literal('synthetic')], {
      description: 'quality level of every imported record; synthetic for demo and training data',
    }),
    qualityNote: Type.Optional(Type.String({ minLength: 1 })),
    idColumn: ColumnName("the source's own person id"),
    idPrefix: Type.String({ maxLength: 100, description: 'record id = idPrefix + id value' }),
    areaCode: Type.Optional(Type.String({ minLength: 1, description: 'local government code for every row' })),
    areaCodeColumn: Type.Optional(ColumnName('local government code per row')),
    observedAtColumn: Type.Optional(ColumnName('when the row was last checked (observedAt)')),
    utcOffset: Type.Optional(
      Type.String({ pattern: '^[+-](0[0-9]|1[0-4]):[0-5][0-9]$', description: 'offset of times without one; default +09:00' }),
    ),
    dateFormat: Type.Optional(
      Type.Union([Type.Literal('auto'), ...dateFormats.map((f) => Type.Literal(f))], { description: 'format of birth dates; default auto' }),
    ),
    columns: PersonColumnsSchema,
    splitFullName: Type.Optional(Type.Boolean({ description: 'split the full name into family and given name at nameSeparator' })),
    nameSeparator: Type.Optional(Type.String({ minLength: 1, description: 'regular expression; default [ 　]+' })),
    careNeeds: Type.Optional(
      Type.Object(
        {
          column: Type.Optional(ColumnName('care needs, several in one cell')),
          separator: Type.Optional(Type.String({ minLength: 1, description: 'regular expression splitting the cell' })),
          values: Type.Optional(Type.Record(Type.String(), CareNeedSchema)),
          flags: Type.Optional(Type.Record(Type.String(), ColumnName('yes/no column for one care need'))),
          always: Type.Optional(Type.Array(CareNeedSchema, { uniqueItems: true })),
        },
        { additionalProperties: false },
      ),
    ),
    dialysisClinic: Type.Optional(IdSchema),
    consent: Type.Optional(Type.Boolean({ description: 'consent for every row when there is no consent column' })),
    onEvacuationSupportList: Type.Optional(Type.Boolean({ description: 'list membership for every row' })),
    trueValues: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })),
    falseValues: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
    values: Type.Optional(
      Type.Object(
        {
          sex: Type.Optional(Type.Record(Type.String(), SexSchema)),
          careLevel: Type.Optional(
            Type.Record(Type.String(), Type.Union([CareLevelSchema, Type.Null()], { description: '要支援1-2, 要介護1-5, or null for no level' })),
          ),
          language: Type.Optional(Type.Record(Type.String(), LanguageTagSchema)),
          safetyStatus: Type.Optional(Type.Record(Type.String(), SafetyStatusSchema)),
        },
        { additionalProperties: false },
      ),
    ),
    noteColumns: Type.Optional(Type.Array(ColumnName('copied into care.note as "column: value"'), { uniqueItems: true })),
    required: Type.Optional(
      Type.Array(Type.Union(personColumnFields.map((f) => Type.Literal(f))), {
        uniqueItems: true,
        description: 'fields whose column must not be empty',
      }),
    ),
    ignoreColumns: Type.Optional(Type.Array(ColumnName('a column deliberately not imported'), { uniqueItems: true })),
  },
  { additionalProperties: false, $id: 'PersonMapping' },
);
export type PersonMapping = Static<typeof PersonMappingSchema>;

/** A mapping ready to convert rows: value maps merged with defaults, regular expressions built. */
export interface CompiledPersonMapping {
  mapping: PersonMapping;
  /** Every column the mapping reads, with the mapping field naming it (first field wins). */
  columnFields: Map<string, string>;
  ignored: ReadonlySet<string>;
  areaCode?: AreaCode;
  dateFormat: DateFormatSetting;
  utcOffset: string;
  nameSeparator: RegExp;
  careNeedSeparator: RegExp;
  booleans: BooleanValues;
  sexValues: ValueMap<Sex>;
  careLevelValues: ValueMap<CareLevelValue>;
  languageValues: ValueMap<string>;
  safetyStatusValues: ValueMap<SafetyStatus>;
  careNeedValues: ValueMap<CareNeed>;
  careNeedFlags: Array<[CareNeed, string]>;
}

const ID_PREFIX = /^[A-Za-z0-9][A-Za-z0-9_.:@/-]*$/;

function problem(file: string, field: string | undefined, code: MessageCode, params: MessageParams): RowProblem {
  return field === undefined ? { file, code, params } : { file, field, code, params };
}

/** `/careNeeds/values/透析` → `careNeeds.values["透析"]`, the way a person editing the JSON reads it. */
export function dottedPath(pointer: string): string {
  const segments = pointer
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
  let out = '';
  for (const s of segments) {
    if (/^[0-9]+$/.test(s)) out += `[${s}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out === '' ? '(root)' : out;
}

function schemaAt(schema: TSchema, segments: string[]): TSchema | undefined {
  let s: TSchema | undefined = schema;
  for (const seg of segments) {
    if (!s) return undefined;
    if (s[Kind] === 'Object') s = (s.properties as Record<string, TSchema>)[seg];
    else if (s[Kind] === 'Record') s = Object.values(s.patternProperties as Record<string, TSchema>)[0];
    else if (s[Kind] === 'Array') s = s.items as TSchema;
    else return undefined;
  }
  return s;
}

function literalsOf(schema: TSchema | undefined): string[] | undefined {
  if (!schema) return undefined;
  if (schema[Kind] === 'Literal') return [String(schema.const)];
  if (schema[Kind] !== 'Union') return undefined;
  const values: string[] = [];
  for (const member of schema.anyOf as TSchema[]) {
    if (member[Kind] !== 'Literal') return undefined;
    values.push(String(member.const));
  }
  return values;
}

/** Edit distance, to suggest the key a typo meant. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

function suggestKey(key: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = distance(key, k);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

function describeValue(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** Schema problems of a mapping, one per place, in words a person editing the JSON can act on. */
function schemaProblems(value: unknown, file: string): RowProblem[] {
  const problems: RowProblem[] = [];
  const seen = new Set<string>();
  for (const e of Value.Errors(PersonMappingSchema, value)) {
    if (seen.has(e.path)) continue;
    seen.add(e.path);
    const segments = e.path.split('/').slice(1).map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
    const path = dottedPath(e.path);
    if (e.type === ValueErrorType.ObjectAdditionalProperties) {
      const key = segments[segments.length - 1] ?? '';
      const parentPointer = `/${segments.slice(0, -1).join('/')}`;
      const parent = schemaAt(PersonMappingSchema, segments.slice(0, -1));
      const known = parent && parent[Kind] === 'Object' ? Object.keys(parent.properties as object) : [];
      const suggestion = suggestKey(key, known);
      const where = segments.length > 1 ? dottedPath(parentPointer) : '(root)';
      problems.push(
        suggestion
          ? problem(file, path, 'PERSON_MAPPING_UNKNOWN_KEY_SUGGEST', { key, path: where, suggestion })
          : problem(file, path, 'PERSON_MAPPING_UNKNOWN_KEY', { key, path: where }),
      );
    } else if (e.type === ValueErrorType.ObjectRequiredProperty) {
      problems.push(problem(file, path, 'PERSON_MAPPING_REQUIRED_KEY', { path }));
    } else {
      const at = schemaAt(PersonMappingSchema, segments);
      const allowed = literalsOf(at);
      const detail = typeof at?.description === 'string' ? `${e.message} (${at.description})` : e.message;
      problems.push(
        allowed
          ? problem(file, path, 'PERSON_MAPPING_VALUE_NOT_ALLOWED', { path, value: describeValue(e.value), allowed: allowed.join(', ') })
          : problem(file, path, 'PERSON_MAPPING_INVALID_VALUE', { path, detail }),
      );
    }
    if (problems.length >= 50) break;
  }
  return problems;
}

function compileRegex(source: string, field: string, file: string, problems: RowProblem[]): RegExp | undefined {
  let re: RegExp;
  try {
    re = new RegExp(source, 'u');
  } catch (e) {
    problems.push(problem(file, field, 'PERSON_MAPPING_REGEX_INVALID', { field, detail: (e as Error).message }));
    return undefined;
  }
  if (re.test('')) {
    problems.push(problem(file, field, 'PERSON_MAPPING_REGEX_MATCHES_EMPTY', { field }));
    return undefined;
  }
  return re;
}

function compileValueMap<T>(
  defaults: Readonly<Record<string, T>>,
  overrides: Readonly<Record<string, T>> | undefined,
  field: string,
  file: string,
  problems: RowProblem[],
): ValueMap<T> | undefined {
  const built = buildValueMap(defaults, overrides);
  if (built.ok) return built.map;
  for (const p of built.problems) {
    problems.push(
      p.kind === 'empty-key'
        ? problem(file, field, 'PERSON_MAPPING_VALUE_MAP_EMPTY_KEY', { field })
        : problem(file, field, 'PERSON_MAPPING_VALUE_MAP_CONFLICT', { field, value: p.value }),
    );
  }
  return undefined;
}

/** Every column the mapping names, as [mapping field, column]. */
export function columnReferences(m: PersonMapping): Array<[string, string]> {
  const refs: Array<[string, string]> = [['idColumn', m.idColumn]];
  if (m.areaCodeColumn) refs.push(['areaCodeColumn', m.areaCodeColumn]);
  if (m.observedAtColumn) refs.push(['observedAtColumn', m.observedAtColumn]);
  for (const f of personColumnFields) {
    const column = m.columns[f];
    if (column !== undefined) refs.push([`columns.${f}`, column]);
  }
  if (m.careNeeds?.column) refs.push(['careNeeds.column', m.careNeeds.column]);
  for (const [need, column] of Object.entries(m.careNeeds?.flags ?? {})) refs.push([`careNeeds.flags.${need}`, column]);
  (m.noteColumns ?? []).forEach((column, i) => refs.push([`noteColumns[${i}]`, column]));
  return refs;
}

/** Rules one key cannot express alone: which keys need or exclude which. */
function crossFieldProblems(m: PersonMapping, file: string): RowProblem[] {
  const problems: RowProblem[] = [];
  const c = m.columns;
  const exclusive = (first: string, a: unknown, second: string, b: unknown) => {
    if (a !== undefined && b !== undefined) problems.push(problem(file, second, 'PERSON_MAPPING_EXCLUSIVE', { first, second }));
  };
  const requires = (field: string, present: unknown, requiresField: string, other: unknown) => {
    if (present !== undefined && other === undefined) {
      problems.push(problem(file, field, 'PERSON_MAPPING_REQUIRES', { field, requires: requiresField }));
    }
  };

  if (m.areaCode === undefined && m.areaCodeColumn === undefined) {
    problems.push(problem(file, 'areaCode', 'PERSON_MAPPING_AREA_CODE_REQUIRED', {}));
  }
  exclusive('areaCode', m.areaCode, 'areaCodeColumn', m.areaCodeColumn);
  exclusive('onEvacuationSupportList', m.onEvacuationSupportList, 'columns.onEvacuationSupportList', c.onEvacuationSupportList);
  exclusive('consent', m.consent, 'columns.consent', c.consent);
  if (m.onEvacuationSupportList === undefined && c.onEvacuationSupportList === undefined) {
    problems.push(
      problem(file, 'onEvacuationSupportList', 'PERSON_MAPPING_ONE_OF_REQUIRED', {
        first: 'onEvacuationSupportList',
        second: 'columns.onEvacuationSupportList',
      }),
    );
  }
  if (c.fullName === undefined && (c.familyName === undefined || c.givenName === undefined)) {
    problems.push(problem(file, 'columns.fullName', 'PERSON_MAPPING_NAME_REQUIRED', {}));
  }
  if (m.splitFullName) requires('splitFullName', true, 'columns.fullName', c.fullName);
  requires('nameSeparator', m.nameSeparator, 'splitFullName', m.splitFullName || undefined);
  requires('columns.familyNameKana', c.familyNameKana, 'columns.givenNameKana', c.givenNameKana);
  requires('columns.givenNameKana', c.givenNameKana, 'columns.familyNameKana', c.familyNameKana);
  requires('columns.latitude', c.latitude, 'columns.longitude', c.longitude);
  requires('columns.longitude', c.longitude, 'columns.latitude', c.latitude);
  requires('columns.oxygenAsOf', c.oxygenAsOf, 'columns.oxygenHoursLeft', c.oxygenHoursLeft);
  requires('columns.oxygenFlowRate', c.oxygenFlowRate, 'columns.oxygenHoursLeft', c.oxygenHoursLeft);
  requires('columns.consentRecordedAt', c.consentRecordedAt, 'consent / columns.consent', c.consent ?? m.consent);
  requires('columns.whereabouts', c.whereabouts, 'columns.safetyStatus', c.safetyStatus);
  requires('dialysisClinic', m.dialysisClinic, 'columns.dialysisSchedule', c.dialysisSchedule);
  requires('careNeeds.separator', m.careNeeds?.separator, 'careNeeds.column', m.careNeeds?.column);
  requires('careNeeds.values', m.careNeeds?.values, 'careNeeds.column', m.careNeeds?.column);
  for (const field of m.required ?? []) {
    if (c[field] === undefined) {
      problems.push(problem(file, 'required', 'PERSON_MAPPING_REQUIRES', { field: `required: ${field}`, requires: `columns.${field}` }));
    }
  }

  if (m.idPrefix !== '' && !ID_PREFIX.test(m.idPrefix)) {
    problems.push(problem(file, 'idPrefix', 'PERSON_MAPPING_ID_PREFIX_INVALID', { value: m.idPrefix }));
  }
  const ignored = new Set(m.ignoreColumns ?? []);
  for (const [field, column] of columnReferences(m)) {
    if (ignored.has(column)) problems.push(problem(file, 'ignoreColumns', 'PERSON_MAPPING_COLUMN_MAPPED_AND_IGNORED', { column, field }));
  }
  const needCodes = codesOf(careNeeds) as string[];
  for (const need of Object.keys(m.careNeeds?.flags ?? {})) {
    if (!needCodes.includes(need)) {
      problems.push(
        problem(file, `careNeeds.flags`, 'PERSON_MAPPING_VALUE_NOT_ALLOWED', {
          path: 'careNeeds.flags',
          value: need,
          allowed: needCodes.join(', '),
        }),
      );
    }
  }
  return problems;
}

/** Check a mapping that is already the right shape and build what row conversion needs. */
export function compilePersonMapping(
  mapping: PersonMapping,
  file: string,
): { ok: true; compiled: CompiledPersonMapping } | { ok: false; problems: RowProblem[] } {
  const problems = crossFieldProblems(mapping, file);

  let areaCode: AreaCode | undefined;
  if (mapping.areaCode !== undefined) {
    const r = parseAreaCodeValue(mapping.areaCode);
    if (r.ok) areaCode = r.value;
    else problems.push(problem(file, 'areaCode', r.code, r.params));
  }
  const nameSeparator = compileRegex(mapping.nameSeparator ?? '[ 　]+', 'nameSeparator', file, problems);
  const careNeedSeparator = compileRegex(mapping.careNeeds?.separator ?? defaultCareNeedSeparator, 'careNeeds.separator', file, problems);

  const trueList = mapping.trueValues ?? defaultTrueValues;
  const falseList = mapping.falseValues ?? defaultFalseValues;
  const booleans = booleanValues(trueList, falseList);
  for (const v of trueList) {
    if (booleans.falseValues.has(canonicalValue(v))) {
      problems.push(problem(file, 'trueValues', 'PERSON_MAPPING_VALUE_MAP_CONFLICT', { field: 'trueValues / falseValues', value: v }));
    }
  }

  const sexValues = compileValueMap(defaultSexValues, mapping.values?.sex, 'values.sex', file, problems);
  const careLevelValues = compileValueMap(defaultCareLevelValues, mapping.values?.careLevel, 'values.careLevel', file, problems);
  const languageValues = compileValueMap(defaultLanguageValues, mapping.values?.language, 'values.language', file, problems);
  const safetyStatusValues = compileValueMap(defaultSafetyStatusValues, mapping.values?.safetyStatus, 'values.safetyStatus', file, problems);
  const careNeedValues = compileValueMap(defaultCareNeedValues, mapping.careNeeds?.values, 'careNeeds.values', file, problems);

  if (
    problems.length > 0 ||
    !nameSeparator ||
    !careNeedSeparator ||
    !sexValues ||
    !careLevelValues ||
    !languageValues ||
    !safetyStatusValues ||
    !careNeedValues
  ) {
    return { ok: false, problems };
  }

  const columnFields = new Map<string, string>();
  for (const [field, column] of columnReferences(mapping)) if (!columnFields.has(column)) columnFields.set(column, field);

  return {
    ok: true,
    compiled: {
      mapping,
      columnFields,
      ignored: new Set(mapping.ignoreColumns ?? []),
      ...(areaCode !== undefined ? { areaCode } : {}),
      dateFormat: mapping.dateFormat ?? 'auto',
      utcOffset: mapping.utcOffset ?? '+09:00',
      nameSeparator,
      careNeedSeparator,
      booleans,
      sexValues,
      careLevelValues,
      languageValues,
      safetyStatusValues,
      careNeedValues,
      careNeedFlags: Object.entries(mapping.careNeeds?.flags ?? {}) as Array<[CareNeed, string]>,
    },
  };
}

export type ParsedPersonMapping = { ok: true; mapping: PersonMapping } | { ok: false; problems: RowProblem[] };

/** Read a mapping file: text encoding, JSON, the schema, then the rules between keys. Every problem names its key. */
export function parsePersonMapping(bytes: Uint8Array, file: string): ParsedPersonMapping {
  const decoded = decodeText(bytes);
  if (!decoded.ok) {
    return { ok: false, problems: [problem(file, undefined, decoded.reason === 'binary' ? 'FILE_BINARY' : 'FILE_ENCODING_UNKNOWN', {})] };
  }
  let value: unknown;
  try {
    value = JSON.parse(decoded.text);
  } catch (e) {
    return { ok: false, problems: [problem(file, undefined, 'JSON_MALFORMED', { detail: (e as Error).message })] };
  }
  const shapeProblems = schemaProblems(value, file);
  if (shapeProblems.length > 0) return { ok: false, problems: shapeProblems };
  const mapping = value as PersonMapping;
  const compiled = compilePersonMapping(mapping, file);
  return compiled.ok ? { ok: true, mapping } : { ok: false, problems: compiled.problems };
}
