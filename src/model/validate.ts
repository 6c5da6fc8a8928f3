// Runtime validation of model values against their JSON Schemas, returning problems as values with paths.
import { FormatRegistry, type TSchema, type Static } from '@sinclair/typebox';
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

/** Collect geometric problems JSON Schema cannot express (unclosed rings) anywhere in the value. */
function semanticProblems(value: unknown, path = ''): ValidationProblem[] {
  if (value === null || typeof value !== 'object') return [];
  const obj = value as Record<string, unknown>;
  if ((obj.type === 'Polygon' || obj.type === 'MultiPolygon') && Array.isArray(obj.coordinates)) {
    return geometryProblems(obj as unknown as AreaGeometry).map((message) => ({ path, message }));
  }
  return Object.entries(obj).flatMap(([k, v]) => semanticProblems(v, `${path}/${k}`));
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
  const semantic = semanticProblems(value);
  if (semantic.length > 0) return { ok: false, problems: semantic };
  return { ok: true, value: value as Static<S> };
}
