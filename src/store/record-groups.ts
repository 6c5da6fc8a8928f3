// Counting records per group where they are stored: one GROUP BY over the JSON fields an aggregate names, with its
// filters in the WHERE clause, so that an aggregate answer reads no record out of the database.
// Field paths and values travel as parameters only; no text of a query is ever spliced into the SQL.
import { isRecordType, wardsOfCity } from '../model/index.ts';
import { StoreError } from './errors.ts';
import { invalid, Params } from './record-filter.ts';
import type { SqlClient } from './sql-client.ts';
import type { RecordAreasQuery, RecordDuties, RecordGroup, RecordGroupQuery } from './types.ts';

/** More dimensions or totals than any aggregate permit may name (policies allow 3 and 10): bounds the statement. */
const MAX_GROUP_FIELDS = 8;
const MAX_SUM_FIELDS = 16;

/**
 * Whether the database reads a field path as the policy layer does (`valueAt`): key by key through objects only.
 * PostgreSQL's `#>` also indexes arrays with a key that reads as a whole number (' 1', '-1', '+2'), where JavaScript
 * finds nothing; a key beginning with a letter, `_` or `$` can never be read as one.
 */
export function isGroupablePath(path: string): boolean {
  return path.split('.').every((key) => /^[\p{L}_$]/u.test(key));
}

function checkPath(path: string, field: string): string[] {
  if (typeof path !== 'string' || !isGroupablePath(path)) throw invalid(field, `field path ${JSON.stringify(path)} is not one the database reads as the policy does`);
  return path.split('.');
}

/**
 * The SQL of a string at `path`, or NULL when the value there is anything else. `areaCode` has its own column (the
 * string at data.areaCode, else NULL, kept by every write: migrations/0001), which its index answers.
 */
function stringAt(path: string, p: Params): string {
  if (path === 'areaCode') return 'r.area_code';
  const keys = p.add(checkPath(path, 'areas'));
  return `(case when jsonb_typeof(r.data #> ${keys}::text[]) = 'string' then r.data #>> ${keys}::text[] end)`;
}

/**
 * Whether the area held in `inner` (a SQL text expression) lies inside `outer`: exactly `areaContains` of the model,
 * for any text the record may hold — equal codes, a municipality inside its prefecture, a ward inside its designated
 * city, any Japanese code inside JP, a P-code inside a shorter P-code.
 */
function areaContainsCondition(outers: readonly string[], inner: string, p: Params): string {
  const parts = [`${inner} = any(${p.add([...outers])}::text[])`];
  for (const outer of outers) {
    if (/^[0-9]{6}$/.test(outer)) {
      if (outer.slice(2, 5) === '000') parts.push(`(${inner} ~ '^[0-9]{6}$' and left(${inner}, 2) = ${p.add(outer.slice(0, 2))})`);
      const wards = wardsOfCity(outer);
      if (wards.length > 0) parts.push(`${inner} = any(${p.add([...wards])}::text[])`);
    } else if (outer === 'JP') {
      parts.push(`${inner} ~ '^[0-9]{6}$'`);
    } else if (/^[A-Z]{2}[0-9A-Z]{0,14}$/.test(outer)) {
      parts.push(`(${inner} ~ '^[A-Z]{2}[0-9A-Z]{0,14}$' and starts_with(${inner}, ${p.add(outer)}))`);
    }
  }
  return `(${inner} is not null and (${parts.join(' or ')}))`;
}

/**
 * The conditions a decision's duties put on a record `r` (areas, consent, own records, quality), each exactly as
 * `applyObligations` of the policy layer tests it: shared by aggregates and released pages.
 */
export function dutyConditions(q: RecordDuties, p: Params): string[] {
  const conditions: string[] = [];
  if (q.areas !== undefined) conditions.push(areaContainsCondition(q.areas.codes, stringAt(q.areas.field, p), p));
  for (const { field, value } of q.equal ?? []) {
    conditions.push(`r.data #> ${p.add(checkPath(field, 'equal'))}::text[] = ${p.add(JSON.stringify(value))}::jsonb`);
  }
  if (q.qualityLevels !== undefined) {
    conditions.push(`(jsonb_typeof(r.quality -> 'level') = 'string' and r.quality ->> 'level' = any(${p.add([...q.qualityLevels])}::text[]))`);
  }
  return conditions;
}

/** The WHERE clause of a group query: the record type and every filter the aggregate imposes. */
function groupWhere(q: RecordGroupQuery, p: Params): string {
  if (!isRecordType(q.type)) throw new StoreError({ code: 'STORE_RECORD_TYPE_UNKNOWN', params: { type: String(q.type) } });
  const conditions = [`r.type = ${p.add(q.type)}`];
  if (q.sourceNode !== undefined) conditions.push(`r.source_node = ${p.add(q.sourceNode)}`);
  return [...conditions, ...dutyConditions(q, p)].join(' and ');
}

/** A JSON value as a group value: a string or a yes/no as itself, anything else (SQL NULL included) as null. */
const groupValue = (e: string) => `(case when jsonb_typeof(${e}) in ('string', 'boolean') then ${e} else 'null'::jsonb end)`;

/**
 * One dimension's values of the JSON value in `x`, as `countGroups` in the policy layer takes them: a value as its
 * group value; a list each of its distinct values (an empty list, null), so that a record is counted once under each.
 * Only a list of two or more is taken apart with DISTINCT; the others make their one value directly.
 */
function dimensionValues(i: number, x: string): string {
  const distinct = `(select jsonb_agg(distinct ${groupValue('e')}) from jsonb_array_elements(${x}) as e)`;
  return (
    `cross join lateral jsonb_array_elements(case when jsonb_typeof(${x}) <> 'array' or ${x} is null then jsonb_build_array(${groupValue(x)}) ` +
    `when jsonb_array_length(${x}) = 0 then '[null]'::jsonb when jsonb_array_length(${x}) = 1 then jsonb_build_array(${groupValue(`(${x} -> 0)`)}) ` +
    `else ${distinct} end) as g${i}(v)`
  );
}

/**
 * A total as `countGroups` makes it: the numbers at the path, in double precision, added in record (id) order from
 * zero — the same additions in the same order, so the same result to the last bit.
 */
function sumColumn(i: number, path: string, p: Params): string {
  const keys = p.add(checkPath(path, 'sum'));
  const value = `r.data #> ${keys}::text[]`;
  return `coalesce(sum(case when jsonb_typeof(${value}) = 'number' then (${value})::float8 end order by r.id), 0)::float8 as s${i}`;
}

interface GroupRow {
  vals: unknown;
  n: number | string;
  [sum: `s${number}`]: number | string;
}

/**
 * The statement of a group query. Without totals, records are first grouped by the JSON values themselves (few
 * distinct ones: a code, a list of codes) and only those are split into groups — the same counts for a fraction of the
 * work. Totals are added per group in one pass in id order, so that they agree with `countGroups` to the last bit.
 */
function groupStatement(q: RecordGroupQuery, p: Params): string {
  const paths = q.groupBy.map((path) => `r.data #> ${p.add(checkPath(path, 'groupBy'))}::text[]`);
  const sums = q.sum.map((path, i) => sumColumn(i, path, p));
  const where = groupWhere(q, p);
  const dims = q.groupBy.map((_, i) => `g${i}.v`);
  const values = `jsonb_build_array(${dims.join(', ')})::text as vals`;
  if (sums.length === 0) {
    const raw = `select ${paths.map((x, i) => `${x} as x${i}`).join(', ')}, count(*)::int as n from records r where ${where} group by ${paths.map((_, i) => i + 1).join(', ')}`;
    const splits = paths.map((_, i) => dimensionValues(i, `raw.x${i}`));
    return `select ${values}, sum(raw.n)::int as n from (${raw}) raw ${splits.join(' ')} group by ${dims.join(', ')}`;
  }
  const splits = paths.map((x, i) => `cross join lateral (select ${x} as x) x${i} ${dimensionValues(i, `x${i}.x`)}`);
  return `select ${values}, count(*)::int as n${sums.map((s) => `, ${s}`).join('')} from records r ${splits.join(' ')} where ${where} group by ${dims.join(', ')}`;
}

/** The groups of the records a query selects, in no particular order. */
export async function groupRecords(db: SqlClient, q: RecordGroupQuery): Promise<RecordGroup[]> {
  if (q.groupBy.length === 0 || q.groupBy.length > MAX_GROUP_FIELDS) throw invalid('groupBy', `1 to ${MAX_GROUP_FIELDS} fields`);
  if (q.sum.length > MAX_SUM_FIELDS) throw invalid('sum', `at most ${MAX_SUM_FIELDS} fields`);
  const p = new Params();
  const sql = groupStatement(q, p);
  // The planner cannot know that a list holds a few codes (it assumes 100 rows per list), so it thinks the statement
  // costly enough to compile, and PostgreSQL's JIT then spends more time than the whole count takes.
  const r = await db.transaction(async (tx) => {
    await tx.query('set local jit = off');
    return tx.query<GroupRow>(sql, p.values);
  });
  return r.rows.map((row) => ({
    // As text and parsed here, so that both drivers hand over the same values (jsonb null stays null, not SQL NULL).
    values: JSON.parse(row.vals as string) as (string | boolean | null)[],
    count: Number(row.n),
    sums: Object.fromEntries(q.sum.map((name, i) => [name, Number(row[`s${i}`])])),
  }));
}

/**
 * The distinct strings at the area field of a type's records, in the order their first record (by id) has them —
 * the order in which reading every record would meet them — without reading a record.
 */
export async function recordAreas(db: SqlClient, q: RecordAreasQuery): Promise<string[]> {
  if (!isRecordType(q.type)) throw new StoreError({ code: 'STORE_RECORD_TYPE_UNKNOWN', params: { type: String(q.type) } });
  const p = new Params();
  const area = stringAt(q.field, p);
  const conditions = [`r.type = ${p.add(q.type)}`, `${area} is not null`];
  if (q.sourceNode !== undefined) conditions.push(`r.source_node = ${p.add(q.sourceNode)}`);
  const r = await db.query<{ area: string }>(
    `select ${area} as area from records r where ${conditions.join(' and ')} group by 1 order by min(r.id)`,
    p.values,
  );
  return r.rows.map((row) => row.area);
}
