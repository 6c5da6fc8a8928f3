// Runtime validation of model values against their JSON Schemas, returning problems as values with paths.
import { FormatRegistry, Kind, type TSchema, type Static } from '@sinclair/typebox';
import { TypeCheck, TypeCompiler } from '@sinclair/typebox/compiler';
import { Hash } from '@sinclair/typebox/value';
import { parseAreaCode } from './area-code.ts';
import { AreaGeometrySchema, geometryProblemsSteps, type AreaGeometry } from './geo.ts';
import { finish, finishYielding, type Steps } from './steps.ts';

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digitsAt(s: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) n = n * 10 + (s.charCodeAt(i) - 48);
  return n;
}

/**
 * Whether the `YYYY-MM-DD` that `s` starts with (the caller's pattern has checked the digits) is a day of the
 * proleptic Gregorian calendar, as a round trip through `Date.UTC` says, without building dates. `Date.UTC` reads
 * years 0–99 as 1900–1999, so those never round-trip and stay refused (validate.equivalence.test.ts compares the two).
 */
export function validCalendarDate(s: string): boolean {
  const y = digitsAt(s, 0, 4);
  const m = digitsAt(s, 5, 2);
  const d = digitsAt(s, 8, 2);
  if (y < 100 || m < 1 || m > 12 || d < 1) return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]!);
}

/**
 * Whether a string matching DATE_TIME has its hours, minutes, seconds and offset in their everyday ranges, which
 * `Date.parse` always accepts. Anything else (hour 24, second 60, offset +25:00…) is left to `Date.parse` to judge.
 */
export function everydayTime(s: string): boolean {
  if (digitsAt(s, 11, 2) > 23 || digitsAt(s, 14, 2) > 59) return false;
  if (s.charCodeAt(16) === 0x3a && digitsAt(s, 17, 2) > 59) return false;
  if (s.charCodeAt(s.length - 1) === 0x5a) return true;
  return digitsAt(s, s.length - 5, 2) <= 23 && digitsAt(s, s.length - 2, 2) <= 59;
}

/** The `date-time` format: an offset is required, the day must exist, and the time must be one a Date can hold. */
export function isDateTime(v: string): boolean {
  return DATE_TIME.test(v) && validCalendarDate(v) && (everydayTime(v) || !Number.isNaN(Date.parse(v)));
}

FormatRegistry.Set('date-time', isDateTime);
FormatRegistry.Set('date', (v) => DATE.test(v) && validCalendarDate(v));
FormatRegistry.Set('uri', (v) => URL.canParse(v));
FormatRegistry.Set('email', (v) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v));
FormatRegistry.Set('area-code', (v) => parseAreaCode(v).ok);

export interface ValidationProblem {
  /** JSON Pointer to the offending value, e.g. `/data/location/coordinates/1`. */
  path: string;
  message: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; problems: ValidationProblem[] };

const compiled = new WeakMap<TSchema, TypeCheck<TSchema>>();

/**
 * The key `uniqueItems` compares elements by. TypeBox's own `Hash` encodes every string character by character in
 * 64-bit FNV over BigInts, the costliest part of checking a record; a string is its own key instead. Two strings
 * then clash exactly when equal (as their hashes do, short of an FNV collision), and a string key never equals the
 * bigint `Hash` gives any other value, just as a string's hash is tagged apart from other types' hashes.
 */
export function uniqueItemsKey(value: unknown): unknown {
  return typeof value === 'string' ? value : Hash(value);
}

/** A named format as TypeBox's compiled checks look it up: unknown formats fail. */
function checkFormat(format: string, value: string): boolean {
  const check = FormatRegistry.Get(format);
  return check !== undefined && check(value);
}

/**
 * `TypeCompiler.Compile` with `uniqueItemsKey` for TypeBox's hash: the same generated code and formats. Schemas using
 * custom kinds (TypeRegistry) keep TypeBox's compile, whose registry of kind instances is internal to it.
 */
function compile<S extends TSchema>(schema: S): TypeCheck<S> {
  const code = TypeCompiler.Code(schema, [], { language: 'javascript' });
  if (code.includes('kind(')) return TypeCompiler.Compile(schema);
  const factory = new Function('kind', 'format', 'hash', code) as (
    kind: () => boolean,
    format: typeof checkFormat,
    hash: typeof uniqueItemsKey,
  ) => (value: unknown) => boolean;
  return new TypeCheck(schema, [], factory(() => false, checkFormat, uniqueItemsKey), code);
}

function checkerFor<S extends TSchema>(schema: S): TypeCheck<S> {
  let c = compiled.get(schema);
  if (!c) {
    c = compile(schema);
    compiled.set(schema, c);
  }
  return c as TypeCheck<S>;
}

/**
 * Where in values of a schema a Polygon or MultiPolygon can be: `null` nowhere, `'any'` anywhere (open objects,
 * unions, references: walk everything), or guided by the schema's own properties and items. Worked out once per
 * schema, so the check after every validation skips the subtrees (names, codes, timestamps…) that cannot hold one.
 */
type GeometryPlan = null | 'any' | { kind: 'object'; properties: Map<string, GeometryPlan>; rest: GeometryPlan } | { kind: 'array'; items: GeometryPlan };

/** Kinds whose values are never objects, so never hold a geometry. */
const SCALAR_KINDS = new Set(['String', 'Number', 'Integer', 'BigInt', 'Boolean', 'Null', 'Literal', 'Undefined', 'Void', 'Never', 'TemplateLiteral', 'Symbol']);

const plans = new WeakMap<TSchema, GeometryPlan>();

function geometryPlan(schema: TSchema, visiting = new Set<TSchema>()): GeometryPlan {
  const known = plans.get(schema);
  if (known !== undefined) return known;
  if (visiting.has(schema)) return 'any';
  visiting.add(schema);
  const plan = planOf(schema, visiting);
  visiting.delete(schema);
  plans.set(schema, plan);
  return plan;
}

/** Whether a value of `schema` can be "Polygon" or "MultiPolygon": not when it is a literal, or a union of literals, of another value. */
function mayBePolygonType(schema: TSchema): boolean {
  const kind: unknown = schema[Kind];
  if (kind === 'Literal') return schema.const === 'Polygon' || schema.const === 'MultiPolygon';
  if (kind === 'Union') return ((schema.anyOf ?? []) as TSchema[]).some(mayBePolygonType);
  return true;
}

function planOf(schema: TSchema, visiting: Set<TSchema>): GeometryPlan {
  const kind: unknown = schema[Kind];
  if (typeof kind === 'string' && SCALAR_KINDS.has(kind)) return null;
  if (kind === 'Array') {
    const items = schema.items as TSchema | undefined;
    if (items === undefined) return 'any';
    const plan = geometryPlan(items, visiting);
    return plan === null ? null : { kind: 'array', items: plan };
  }
  if (kind === 'Tuple') {
    // A TypeBox tuple holds exactly its items (positions such as [lon, lat]), nothing more.
    const items = (schema.items ?? []) as TSchema[];
    return schema.additionalItems === false && items.every((item) => geometryPlan(item, visiting) === null) ? null : 'any';
  }
  if (kind === 'Object') {
    const declared = (schema.properties ?? {}) as Record<string, TSchema>;
    const extra = schema.additionalProperties as boolean | TSchema | undefined;
    const rest: GeometryPlan = extra === false ? null : typeof extra === 'object' ? geometryPlan(extra, visiting) : 'any';
    const properties = new Map<string, GeometryPlan>();
    for (const [key, sub] of Object.entries(declared)) properties.set(key, geometryPlan(sub, visiting));
    // The object may itself be a polygon when it can carry both `type` and `coordinates`, and its `type` may be a
    // polygon's (a declared literal such as a Point's "Point" never is, in a value that passed the schema).
    const typeSchema = declared.type;
    const mayBeGeometry =
      (typeSchema !== undefined ? mayBePolygonType(typeSchema) : rest !== null) && (rest !== null || 'coordinates' in declared);
    if (!mayBeGeometry && rest === null && [...properties.values()].every((p) => p === null)) return null;
    return { kind: 'object', properties, rest };
  }
  if (kind === 'Union' || kind === 'Intersect') {
    const members = ((kind === 'Union' ? schema.anyOf : schema.allOf) ?? []) as TSchema[];
    return members.length > 0 && members.every((m) => geometryPlan(m, visiting) === null) ? null : 'any';
  }
  return 'any';
}

function pathOf(keys: readonly (string | number)[]): string {
  let path = '';
  for (const k of keys) path += `/${k}`;
  return path;
}

/** An area found in a value, with the JSON Pointer to it; or a value shaped like one that is not a GeoJSON area. */
type FoundArea = { path: string; area: AreaGeometry } | { path: string; malformed: string };

/** Collect the areas whose problems JSON Schema cannot express (unclosed rings…) where `plan` says one can be. */
function collectAreas(value: unknown, plan: GeometryPlan, keys: (string | number)[], out: FoundArea[]): void {
  if (plan === null || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    const items = plan === 'any' ? 'any' : plan.kind === 'array' ? plan.items : 'any';
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (v === null || typeof v !== 'object') continue;
      keys.push(i);
      collectAreas(v, items, keys, out);
      keys.pop();
    }
    return;
  }
  const obj = value as Record<string, unknown>;
  if ((obj.type === 'Polygon' || obj.type === 'MultiPolygon') && Array.isArray(obj.coordinates)) {
    // Where the schema leaves a value open (Unknown, additional properties), its shape was never checked: a ring
    // with no position would otherwise reach the ring check and throw (a peer's notification answered 500).
    const shape = checkerFor(AreaGeometrySchema);
    if (shape.Check(obj)) out.push({ path: pathOf(keys), area: obj });
    else out.push({ path: pathOf(keys), malformed: `has "type": "${obj.type}" but is not a GeoJSON ${obj.type}: ${shape.Errors(obj).First()?.message ?? 'invalid'}` });
    return;
  }
  const guided = plan !== 'any' && plan.kind === 'object' ? plan : undefined;
  for (const key of Object.keys(obj)) {
    const v = obj[key];
    if (v === null || typeof v !== 'object') continue;
    const sub = guided === undefined ? 'any' : guided.properties.has(key) ? guided.properties.get(key)! : guided.rest;
    if (sub === null) continue;
    keys.push(key);
    collectAreas(v, sub, keys, out);
    keys.pop();
  }
}

/** Geometric problems of a value that passed `schema`, anywhere a polygon can be in it. */
function* semanticProblems(schema: TSchema, value: unknown): Steps<ValidationProblem[]> {
  const plan = geometryPlan(schema);
  if (plan === null) return [];
  const areas: FoundArea[] = [];
  collectAreas(value, plan, [], areas);
  const out: ValidationProblem[] = [];
  for (const found of areas) {
    if ('malformed' in found) out.push({ path: found.path, message: found.malformed });
    else for (const message of yield* geometryProblemsSteps(found.area)) out.push({ path: found.path, message });
  }
  return out;
}

export function validate<S extends TSchema>(schema: S, value: unknown): Validated<Static<S>> {
  return finish(validateSteps(schema, value));
}

/**
 * `validate` as steps (src/model/steps.ts): the schema check at once, then the areas' ring checks in pieces. The same
 * answer as `validate`, problem for problem.
 */
export function* validateSteps<S extends TSchema>(schema: S, value: unknown): Steps<Validated<Static<S>>> {
  const checker = checkerFor(schema);
  if (!checker.Check(value)) {
    const problems: ValidationProblem[] = [];
    for (const e of checker.Errors(value)) {
      problems.push({ path: e.path, message: e.message });
      if (problems.length >= 20) break;
    }
    return { ok: false, problems };
  }
  const semantic = yield* semanticProblems(schema, value);
  if (semantic.length > 0) return { ok: false, problems: semantic };
  return { ok: true, value: value as Static<S> };
}

/**
 * `validate` for a server: the ring checks of any area in the value (up to MAX_AREA_VERTICES positions, tens of
 * milliseconds) run in slices of a few milliseconds with the event loop free in between, so that other requests and
 * /health are answered meanwhile. Use it wherever a request's value may hold a Polygon or MultiPolygon.
 */
export function validateYielding<S extends TSchema>(schema: S, value: unknown, sliceMs?: number): Promise<Validated<Static<S>>> {
  return finishYielding(validateSteps(schema, value), sliceMs);
}
