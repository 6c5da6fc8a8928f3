// A page of records as an allowed read releases them, written by the database: only the records that pass the
// decision's filters, each with only the granted parts of its data, as one JSON text the provider sends unparsed.
// Field names and values travel as parameters only; no text of a policy or a query is spliced into the SQL.
import { dutyConditions } from './record-groups.ts';
import { Params } from './record-filter.ts';
import type { RecordRelease } from './types.ts';

/** Granted paths compiled into a tree: `all` keeps the whole value below; otherwise only the named children. */
interface Grant {
  all: boolean;
  children: Map<string, Grant>;
}

/** The tree of granted dotted paths, a path covering everything under it ('care' covers 'care.needs'). */
function grantOf(paths: readonly string[]): Grant {
  const root: Grant = { all: false, children: new Map() };
  for (const path of paths) {
    let node = root;
    for (const key of path.split('.')) {
      if (node.all) break;
      const next = node.children.get(key) ?? { all: false, children: new Map() };
      node.children.set(key, next);
      node = next;
    }
    node.all = true;
    node.children.clear();
  }
  return root;
}

/** Writes the SQL of one release: aliases for nested array scans are numbered so that none shadows another. */
class ReleaseWriter {
  private scans = 0;
  constructor(private readonly p: Params) {}

  /**
   * The JSON text of the granted parts of the jsonb value `x`, or NULL when nothing of it is granted — exactly what
   * `pickGranted` of the policy layer keeps: a granted value whole; of an object its granted keys (a key holding JSON
   * null kept, an absent key left out), of an array the granted parts of each element in order; an object or array
   * left with nothing disappears, as does anything else under a partial grant. An array directly inside an array
   * under a partial grant is not written here (see `nestedArrays`).
   */
  picked(grant: Grant, x: string): string {
    if (grant.all) return `(${x})::text`;
    if (grant.children.size === 0) return 'null::text';
    return `(case jsonb_typeof(${x}) when 'object' then ${this.object(grant, x)} when 'array' then ${this.array(grant, x)} end)`;
  }

  private object(grant: Grant, x: string): string {
    // concat_ws leaves out NULL members: a key whose value is absent or has nothing granted is not written.
    const members = [...grant.children].map(([key, child]) => `${this.p.add(`${JSON.stringify(key)}:`)}::text || ${this.picked(child, `${x} -> ${this.p.add(key)}::text`)}`);
    return `nullif('{' || concat_ws(',', ${members.join(', ')}) || '}', '{}')`;
  }

  private array(grant: Grant, x: string): string {
    const n = ++this.scans;
    // string_agg skips NULL elements and gives NULL for none, so an array left with nothing disappears.
    return `(select '[' || string_agg(a${n}.v, ',' order by a${n}.o) || ']' from (select case jsonb_typeof(e${n}) when 'object' then ${this.object(grant, `e${n}`)} end as v, o ` +
      `from jsonb_array_elements(${x}) with ordinality as s${n}(e${n}, o)) a${n})`;
  }

  /**
   * Whether the value holds, under a partial grant, an array directly inside an array: `pickGranted` takes such
   * arrays apart at any depth, which one SQL expression cannot, so the caller masks that page in memory instead.
   */
  nestedArrays(grant: Grant, x: string): string {
    if (grant.all) return 'false';
    const below = (v: string) => {
      const parts = [...grant.children].filter(([, c]) => !c.all).map(([key, c]) => this.nestedArrays(c, `${v} -> ${this.p.add(key)}::text`));
      return parts.length === 0 ? 'false' : `(${parts.join(' or ')})`;
    };
    const n = ++this.scans;
    return (
      `(case jsonb_typeof(${x}) when 'object' then ${below(x)} when 'array' then exists(select 1 from jsonb_array_elements(${x}) as s${n}(e${n}) ` +
      `where jsonb_typeof(e${n}) = 'array' or (jsonb_typeof(e${n}) = 'object' and ${below(`e${n}`)})) else false end)`
    );
  }
}

/** A timestamp as `isoTime(utc(…))` of the record reads writes it: milliseconds unless it has microseconds. */
const isoText = (column: string) =>
  `to_char(${column} at time zone 'UTC', case when (date_part('microseconds', ${column})::bigint % 1000) = 0 ` +
  `then 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"' else 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"' end)`;

/** What a release statement answers: the page's text, the ids in it, how many rows it read and the cursor. */
export interface ReleaseRow {
  page: string | null;
  ids: string | null;
  read: number | string;
  last: string | null;
  nested: boolean | null;
}

/**
 * The statement releasing a page of `rows` (a subquery of at most `pageSize + 1` records in id order with the record
 * columns, read with the parameters already in `p`): each record in the envelope `toRecord` makes, in id order, its
 * data reduced to the granted paths; the ids released; the rows read; the id of the page's last row, the cursor of the
 * next page — the last row read even when withheld, so that pages advance past what a policy withholds.
 */
export function releaseStatement(rows: string, pageSize: number, release: RecordRelease, p: Params): string {
  const writer = new ReleaseWriter(p);
  const grant = grantOf(release.granted);
  const duties = dutyConditions(release, p);
  const data = `coalesce(${writer.picked(grant, 'r.data')}, '{}')`;
  const record =
    `'{"id":' || to_json(r.id)::text || ',"type":' || to_json(r.type)::text || ',"version":' || r.version::text || ` +
    `',"sourceNode":' || to_json(r.source_node)::text || ',"observedAt":"' || ${isoText('r.observed_at')} || '","recordedAt":"' || ` +
    `${isoText('r.recorded_at')} || '","quality":' || r.quality::text || ',"lineage":' || r.lineage::text || ',"data":' || ${data} || '}'`;
  const released = `r.n <= ${pageSize} and r.released`;
  return (
    `select '[' || string_agg(${record}, ',' order by r.id) filter (where ${released}) || ']' as page, ` +
    `json_agg(r.id order by r.id) filter (where ${released})::text as ids, count(*) as read, ` +
    `max(case when r.n = ${pageSize} then r.id end) as last, bool_or(${writer.nestedArrays(grant, 'r.data')}) filter (where ${released}) as nested ` +
    `from (select r.*, row_number() over (order by r.id) as n, (${duties.length > 0 ? duties.join(' and ') : 'true'}) as released from ${rows} r) r`
  );
}
