// The parameters every dataset read shares — purpose of use, fields, language, paging, areas, bounding box, polygon —
// declared once so that validation, types and the OpenAPI description come from the same schema, and each resolved
// once, from typed values (a query string's comma list is split where it is read, a JSON body's arrays are used as
// they are), for the store and the access gate.
import { Type, type Static, type TLiteral } from '@sinclair/typebox';
import { AreaGeometrySchema, codesOf, parseAreaCode, purposes, validateYielding, type AreaCode, type AreaGeometry, type BBox, type Purpose } from '../model/index.ts';
import { isPublicRequester, type RequestedFields, type Requester } from '../policy/index.ts';
import { message, type Lang } from '../i18n/index.ts';
import { problemOf, type Problem } from './problem.ts';

/**
 * The purpose assumed for an unauthenticated read that states none. Open shelter data is published so residents can
 * find where to evacuate; the audit entry records that the purpose was assumed, not stated.
 */
export const PUBLIC_DEFAULT_PURPOSE: Purpose = 'evacuation-support';

const FIELD_PATH = '[A-Za-z][A-Za-z0-9_]*(?:\\.[A-Za-z][A-Za-z0-9_]*)*';
// What an audit entry can hold: at most 1000 field paths of 200 characters each.
const MAX_FIELD_PATH = 200;
const MAX_FIELD_PATHS = 1000;

/** The vocabulary as literals typed by their codes, so the route's types say Purpose (the model's `PurposeSchema` is typed for TypeBox 0.x only). */
const purposeLiterals = codesOf(purposes).map((c) => Type.Literal(c)) as unknown as TLiteral<Purpose>[];

/** A purpose of use from the vocabulary, as a route's schema declares it. */
export const PurposeParam = Type.Union(purposeLiterals, { description: `Purpose of use: ${codesOf(purposes).join(', ')}` });

export const DatasetReadParams = {
  purpose: Type.Optional(
    Type.Union(purposeLiterals, {
      description:
        `Purpose of use (利用目的), from the controlled vocabulary: ${codesOf(purposes).join(', ')}. ` +
        'Every read is decided by the provider\'s usage policies for this purpose and recorded in its audit log. ' +
        `Optional only for unauthenticated reads of open data, where it defaults to ${PUBLIC_DEFAULT_PURPOSE} and the audit ` +
        'entry says the purpose was assumed; an authenticated participant must state it.',
    }),
  ),
  fields: Type.Optional(
    Type.String({
      pattern: `^${FIELD_PATH}(?:,${FIELD_PATH})*$`,
      maxLength: 4000,
      description: 'comma-separated field paths to ask for (e.g. name,location,openStatus); default: every field the policy grants',
    }),
  ),
  lang: Type.Optional(Type.Union([Type.Literal('ja'), Type.Literal('en')], { description: 'language of messages; default from Accept-Language, else Japanese' })),
};

export const DatasetReadQuery = Type.Object(DatasetReadParams, { additionalProperties: false });
export type DatasetReadQueryValue = Static<typeof DatasetReadQuery>;

export interface PurposeOfUse {
  purpose: Purpose;
  /** False when the node assumed the purpose for an unauthenticated read that stated none. */
  stated: boolean;
}

/** The purpose a read is decided for: as stated, assumed for the public, or a problem for a participant that gave none. */
export function purposeOfUse(stated: Purpose | undefined, requester: Requester, lang: Lang): PurposeOfUse | Problem {
  if (stated !== undefined) return { purpose: stated, stated: true };
  if (isPublicRequester(requester)) return { purpose: PUBLIC_DEFAULT_PURPOSE, stated: false };
  return problemOf(400, 'NODE_PURPOSE_REQUIRED', { allowed: codesOf(purposes).join(', ') }, lang);
}

/** The fields asked for: '*' when none are named, else the paths (each short enough for the audit log). */
export function requestedFields(raw: string | undefined, lang: Lang): RequestedFields | Problem {
  if (raw === undefined) return '*';
  const paths = [...new Set(raw.split(','))];
  if (paths.length > MAX_FIELD_PATHS || paths.some((p) => p.length > MAX_FIELD_PATH)) {
    return problemOf(400, 'NODE_FIELDS_LIMIT', { maxCount: MAX_FIELD_PATHS, maxLength: MAX_FIELD_PATH }, lang);
  }
  return paths;
}

export const MAX_PAGE_LIMIT = 1000;

/**
 * Paging of a list: how many, and after which record. `after` is a record id: control characters (NUL among them,
 * which the database refuses with a server error) are refused here, as no id holds one.
 */
export const PagingParams = {
  limit: Type.Integer({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: 100 }),
  after: Type.Optional(Type.String({ maxLength: 200, pattern: '^[^\\u0000-\\u001f\\u007f]*$', description: 'id of the last item of the previous page' })),
};

/**
 * A limit the schema let through although it is none: Fastify's validator (Ajv with type coercion) turns `1e309`
 * into Infinity and then skips `maximum`, so a query-string limit is checked for finiteness once more here.
 */
export function pageLimitProblem(limit: number, lang: Lang): Problem | undefined {
  if (Number.isSafeInteger(limit) && limit >= 1 && limit <= MAX_PAGE_LIMIT) return undefined;
  const detail = `querystring/limit must be an integer from 1 to ${MAX_PAGE_LIMIT}`;
  return problemOf(400, 'HTTP_VALIDATION_FAILED', { detail }, lang, { errors: [{ path: '/limit', message: `must be an integer from 1 to ${MAX_PAGE_LIMIT}` }] });
}

/** The items of a comma-separated query parameter, trimmed, empty ones left out. */
export function commaList(raw: string): string[] {
  return raw.split(',').map((s) => s.trim()).filter(Boolean);
}

/** Area codes as the model reads them; the first that is none is named in the problem. */
export function areasOf(values: readonly string[], lang: Lang): AreaCode[] | Problem {
  const out: AreaCode[] = [];
  for (const value of values.map((v) => v.trim()).filter(Boolean)) {
    const r = parseAreaCode(value);
    if (!r.ok) return problemOf(400, 'HTTP_BAD_AREA', { value, detail: message(r.problem.code, { ...r.problem }, lang) }, lang);
    out.push(r.value);
  }
  return out;
}

/** A bounding box from [west, south, east, north] in WGS84 degrees. */
export function bboxOf(values: readonly number[], lang: Lang): BBox | Problem {
  const [west, south, east, north] = values as [number, number, number, number];
  const valid =
    values.length === 4 &&
    values.every(Number.isFinite) &&
    west >= -180 && east <= 180 && south >= -90 && north <= 90 && west <= east && south <= north;
  return valid ? { west, south, east, north } : problemOf(400, 'HTTP_BAD_BBOX', {}, lang);
}

/** The numbers of a `west,south,east,north` query parameter (a malformed one is refused by `bboxOf`). */
export function bboxNumbers(raw: string): number[] {
  return raw.split(',').map((s) => Number(s.trim()));
}

/**
 * A query polygon, checked once by the model's validator (its schema and what JSON Schema cannot say, e.g. ring
 * closure), its ring checks in slices with the event loop free in between (tens of ms at the position cap).
 * `json` is the text of a query parameter; a body's value is passed as `value`.
 */
export async function withinOf(given: { json: string } | { value: unknown }, lang: Lang, sliceMs?: number): Promise<AreaGeometry | Problem> {
  let value: unknown;
  if ('json' in given) {
    try {
      value = JSON.parse(given.json);
    } catch (e) {
      return problemOf(400, 'NODE_WITHIN_INVALID', { detail: (e as Error).message.slice(0, 200) }, lang);
    }
  } else value = given.value;
  const v = await validateYielding(AreaGeometrySchema, value, sliceMs);
  if (!v.ok) return problemOf(400, 'NODE_WITHIN_INVALID', { detail: v.problems.map((p) => `${p.path} ${p.message}`).join('; ').slice(0, 500) }, lang);
  return v.value;
}
