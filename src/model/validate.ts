// Runtime validation of model values against their JSON Schemas, returning problems as values with paths.
import { FormatRegistry, Kind, type TSchema, type Static } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { parseAreaCode } from './area-code.ts';
import { geometryProblems, type AreaGeometry } from './geo.ts';

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function validCalendarDate(s: string): boolean {
  const [y, m, d] = s.slice(0, 10).split('-').map(Number) as [number, number, number];
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

FormatRegistry.Set('date-time', (v) => DATE_TIME.test(v) && validCalendarDate(v) && !Number.isNaN(Date.parse(v)));
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

function checkerFor<S extends TSchema>(schema: S): TypeCheck<S> {
  let c = compiled.get(schema);
  if (!c) {
    c = TypeCompiler.Compile(schema);
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

function planOf(schema: TSchema, visiting: Set<TSchema>): GeometryPlan {
  const kind: unknown = schema[Kind];
  if (typeof kind === 'string' && SCALAR_KINDS.has(kind)) return null;
  if (kind === 'Array') {
    const items = schema.items as TSchema | undefined;
    if (items === undefined) return 'any';
    const plan = geometryPlan(items, visiting);
    return plan === null ? null : { kind: 'array', items: plan };
  }
  if (kind === 'Object') {
    const declared = (schema.properties ?? {}) as Record<string, TSchema>;
    const extra = schema.additionalProperties as boolean | TSchema | undefined;
    const rest: GeometryPlan = extra === false ? null : typeof extra === 'object' ? geometryPlan(extra, visiting) : 'any';
    const properties = new Map<string, GeometryPlan>();
    for (const [key, sub] of Object.entries(declared)) properties.set(key, geometryPlan(sub, visiting));
    // The object may itself be a polygon when it can carry both `type` and `coordinates`.
    const mayBeGeometry = (rest !== null || 'type' in declared) && (rest !== null || 'coordinates' in declared);
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

/** Collect geometric problems JSON Schema cannot express (unclosed rings) where `plan` says one can be. */
function collectSemantic(value: unknown, plan: GeometryPlan, keys: (string | number)[], out: ValidationProblem[]): void {
  if (plan === null || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    const items = plan === 'any' ? 'any' : plan.kind === 'array' ? plan.items : 'any';
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (v === null || typeof v !== 'object') continue;
      keys.push(i);
      collectSemantic(v, items, keys, out);
      keys.pop();
    }
    return;
  }
  const obj = value as Record<string, unknown>;
  if ((obj.type === 'Polygon' || obj.type === 'MultiPolygon') && Array.isArray(obj.coordinates)) {
    const path = pathOf(keys);
    for (const message of geometryProblems(obj as unknown as AreaGeometry)) out.push({ path, message });
    return;
  }
  const guided = plan !== 'any' && plan.kind === 'object' ? plan : undefined;
  for (const key of Object.keys(obj)) {
    const v = obj[key];
    if (v === null || typeof v !== 'object') continue;
    const sub = guided === undefined ? 'any' : guided.properties.has(key) ? guided.properties.get(key)! : guided.rest;
    if (sub === null) continue;
    keys.push(key);
    collectSemantic(v, sub, keys, out);
    keys.pop();
  }
}

/** Geometric problems of a value that passed `schema`, anywhere a polygon can be in it. */
function semanticProblems(schema: TSchema, value: unknown): ValidationProblem[] {
  const out: ValidationProblem[] = [];
  collectSemantic(value, geometryPlan(schema), [], out);
  return out;
}

export function validate<S extends TSchema>(schema: S, value: unknown): Validated<Static<S>> {
  const checker = checkerFor(schema);
  if (!checker.Check(value)) {
    const problems: ValidationProblem[] = [];
    for (const e of checker.Errors(value)) {
      problems.push({ path: e.path, message: e.message });
      if (problems.length >= 20) break;
    }
    return { ok: false, problems };
  }
  const semantic = semanticProblems(schema, value);
  if (semantic.length > 0) return { ok: false, problems: semantic };
  return { ok: true, value: value as Static<S> };
}
