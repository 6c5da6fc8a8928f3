// The one way dataset records leave the node: decide the read against the node's policies, apply the decision's
// obligations to every record, append the audit entry and wait until it is durable — only then may anything be sent.
// Allowed or denied, every read is recorded; if the log cannot record it, nothing is released. Under an
// aggregate-only permit nothing of the records leaves at all: only counts per group, small groups withheld.
import type { AuditEntryDraft, AuditLogWriter } from '../audit/index.ts';
import type { MessageCode } from '../i18n/index.ts';
import { areaContains, isAreaCode, type AreaCode, type RecordType } from '../model/index.ts';
import {
  aggregateTable,
  applyObligations,
  denialOf,
  selectCells,
  builtInDatasets,
  compilePolicies,
  decideAccess,
  type AccessDecision,
  type AccessRequest,
  type AggregateTable,
  type DatasetDefinition,
  type DecisionReason,
  type MaskableRecord,
  type MaskedRecord,
  type Policy,
  type RequestedFields,
} from '../policy/index.ts';
import { valueAt } from '../policy/field-grants.ts';
import type { VerifiedDeclaration } from '../trust/verified.ts';
import type { PurposeOfUse } from './read-params.ts';
import { accessAuditDraft } from './access-audit.ts';
import { aggregateCounting, countAggregate, type AggregateCounting, type AggregateStore } from './aggregate-count.ts';
import type { AuthenticatedRequester } from './requester.ts';
import type { RecordOperations, RecordQuery } from '../store/index.ts';
import { dutiesInStore } from './record-duties.ts';

/** Records a page holds at most when the query names no limit (the audit entry of a read lists up to 1000 ids). */
const MAX_PAGE = 1000;

export type GatedRecord = MaskableRecord & { readonly id: string };

export interface DatasetRead<R extends GatedRecord> {
  who: AuthenticatedRequester;
  purpose: PurposeOfUse;
  dataset: string;
  fields: RequestedFields;
  /** Areas the request names; empty when it names none (then the areas of the records found are decided). */
  areas: readonly AreaCode[];
  requestId: string;
  /** The records the query found, before any policy: they leave the node only through the release. */
  records: readonly R[];
}

/** Who asks what of a dataset, whatever the answer is made of. */
type ReadSubject = Pick<DatasetRead<GatedRecord>, 'who' | 'purpose' | 'dataset' | 'fields' | 'requestId'>;

/** What may be answered; `decision.reasons` includes the node's own notes (e.g. an assumed purpose). */
export type Release<R extends GatedRecord> =
  | { outcome: 'released'; decision: AccessDecision; records: MaskedRecord<R>[] }
  | { outcome: 'denied'; decision: AccessDecision }
  /** The audit entry could not be made durable: answer 503 and send nothing. */
  | { outcome: 'unrecorded'; decision: AccessDecision; failure: string };

/**
 * A request for an aggregate: decided for the areas of every record of the dataset and, when allowed, counted over all of
 * them, so that the withheld groups are the same whatever the request narrows to; `select` then keeps the groups of these
 * areas, when the aggregate groups by area. The records stay in the store: their areas are read for the decision, and
 * nothing else is read before the decision allows it.
 */
export interface AggregateRead {
  who: AuthenticatedRequester;
  purpose: PurposeOfUse;
  dataset: string;
  fields: RequestedFields;
  requestId: string;
  select?: readonly AreaCode[];
  /** Where the dataset's records are, and the most an aggregate may count (more is refused, allowed or not). */
  source: { store: AggregateStore; type: RecordType; maxRecords: number };
}

/**
 * A page of a read that names its areas: decided for those areas before any record is read — a denial reads nothing —
 * and when allowed, read as the decision releases it, the database applying the duties and the field grants where it
 * can (see dutiesInStore), `query.limit` records a page.
 */
export interface PageRead extends ReadSubject {
  areas: readonly AreaCode[];
  source: { store: Pick<RecordOperations, 'query' | 'releasePage'>; query: RecordQuery };
}

/** A released page as JSON text, sent as it is: the records, their ids (for the audit entry) and the next cursor. */
export interface PageText {
  json: string;
  ids: readonly string[];
  next?: string;
}

export type PageRelease =
  | { outcome: 'released'; decision: AccessDecision; page: PageText }
  | { outcome: 'denied'; decision: AccessDecision }
  | { outcome: 'unrecorded'; decision: AccessDecision; failure: string };

/** What may be answered to a request for an aggregate: the table only, never the records counted. */
export type AggregateRelease =
  | { outcome: 'released'; decision: AccessDecision; table: AggregateTable; countedIn: AggregateCounting['in'] }
  | { outcome: 'denied'; decision: AccessDecision }
  /** Allowed, but more records than `limit` to count: refused (and audited as such), nothing counted. */
  | { outcome: 'too-many'; decision: AccessDecision; limit: number }
  | { outcome: 'unrecorded'; decision: AccessDecision; failure: string };

export interface AccessGate {
  release<R extends GatedRecord>(read: DatasetRead<R>): Promise<Release<R>>;
  /** Decide, then read and release one page of records (see PageRead); audited like `release`. */
  releasePage(read: PageRead): Promise<PageRelease>;
  /**
   * Decide a request for an aggregate first — a denial reads no record — and when allowed, count the records the
   * decision lets through (area, consent and record scope applied as for records) into the permit's groups, in the
   * store where it can (see aggregateCounting), small groups withheld. The audit entry names the groups and how many
   * were withheld, never a count or a record.
   */
  releaseAggregate(read: AggregateRead): Promise<AggregateRelease>;
  /** Decide a request other than a read (e.g. `write-status`) by the same policies and declarations; the caller audits. */
  decide(request: AccessRequest): AccessDecision;
}

export interface AccessGateOptions {
  policies: readonly Policy[];
  auditLog: Pick<AuditLogWriter, 'append'>;
  /** Verified declarations in force for phases; none until the node receives declarations. */
  declarations?: () => readonly VerifiedDeclaration[];
  datasets?: ReadonlyMap<string, DatasetDefinition>;
  /**
   * Where the node's data lies: a read that names no area and finds nothing is decided for these areas (the answer
   * "nothing here" is information too, so it is decided like any other).
   */
  dataAreas: readonly AreaCode[];
  now?: () => Date;
}

const NO_DECLARATIONS: readonly VerifiedDeclaration[] = Object.freeze([]);

/** Areas a read concerns: those it names, else those of the records found, else where the node's data lies. */
function areasConcerned(read: DatasetRead<GatedRecord>, dataset: DatasetDefinition | undefined, dataAreas: readonly AreaCode[]): AreaCode[] {
  if (read.areas.length > 0) return [...read.areas];
  const found = new Set<AreaCode>();
  if (dataset?.areaField) {
    for (const r of read.records) {
      const area = valueAt(r.data, dataset.areaField);
      if (typeof area === 'string') found.add(area as AreaCode);
    }
  }
  return found.size > 0 ? [...found] : [...dataAreas];
}

export function createAccessGate(options: AccessGateOptions): AccessGate {
  const datasets = options.datasets ?? builtInDatasets;
  const policies = compilePolicies(options.policies, { datasets });
  const declarations = options.declarations ?? (() => NO_DECLARATIONS);
  const now = options.now ?? (() => new Date());

  /** Decide a read of records in `recordAreas`, with the node's own note when it assumed the purpose. */
  function decideRead(read: ReadSubject, answer: 'records' | 'aggregate', recordAreas: readonly AreaCode[]): AccessDecision {
    const decided = decideAccess(
      {
        requester: read.who.requester,
        ...(read.who.onBehalfOf ? { onBehalfOf: read.who.onBehalfOf } : {}),
        purpose: read.purpose.purpose,
        action: 'read',
        dataset: read.dataset,
        fields: read.fields,
        recordAreas,
        requestId: read.requestId,
        answer,
      },
      { policies, declarations: declarations(), now: now() },
    );
    const notes: DecisionReason[] = read.purpose.stated
      ? []
      : [{ code: 'NODE_PURPOSE_ASSUMED' satisfies MessageCode, params: { purpose: read.purpose.purpose } }];
    return notes.length > 0 ? { ...decided, reasons: [...decided.reasons, ...notes] } : decided;
  }

  /** Append the entry and wait until it is durable; the failure when it is not. */
  async function recorded(draft: AuditEntryDraft): Promise<string | undefined> {
    try {
      const appended = await options.auditLog.append([draft]);
      return appended.ok ? undefined : appended.problems.map((p) => p.code).join(', ');
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }

  /**
   * The page as the decision releases it. The database writes it when it can apply every duty and grant exactly as
   * `applyObligations` does; otherwise the page is read and masked here, record by record, and written once.
   */
  async function releasedPage(source: PageRead['source'], decision: AccessDecision, dataset: DatasetDefinition | undefined): Promise<PageText> {
    const duties = dutiesInStore(decision, dataset);
    if (duties.in === 'store') {
      const page = await source.store.releasePage(source.query, { ...duties.duties, granted: decision.obligations.grantedFields });
      if (page.kind === 'page') return page;
    }
    const size = source.query.limit ?? MAX_PAGE;
    const rows = (await source.store.query({ ...source.query, limit: size + 1 })) as GatedRecord[];
    const records = rows.slice(0, size).flatMap((r) => applyObligations(r, decision, datasets) ?? []);
    // The cursor is the last id read, so pages advance even past records a policy withholds.
    return { json: JSON.stringify(records), ids: records.map((r) => r.id), ...(rows.length > size ? { next: rows[size - 1]!.id } : {}) };
  }

  /**
   * Record an aggregate's decision — no record id and no count, whatever was counted — and answer `outcome` only once
   * the entry is durable.
   */
  async function audited(read: AggregateRead, decision: AccessDecision, outcome: () => AggregateRelease): Promise<AggregateRelease> {
    const failure = await recorded(
      accessAuditDraft({
        decision,
        requestedFields: read.fields,
        releasedIds: [],
        ...(read.who.onBehalfOf ? { delegationId: read.who.onBehalfOf.delegation.delegation.id } : {}),
      }),
    );
    return failure !== undefined ? { outcome: 'unrecorded', decision, failure } : outcome();
  }

  return {
    decide: (request) => decideAccess(request, { policies, declarations: declarations(), now: now() }),
    async releaseAggregate(read: AggregateRead): Promise<AggregateRelease> {
      const { store, type, maxRecords } = read.source;
      const dataset = datasets.get(read.dataset);
      // Every area the records hold, as reading them all would find them; none (or no area field): where the data lies.
      const held = dataset?.areaField !== undefined ? ((await store.areas({ type, field: dataset.areaField })) as AreaCode[]) : [];
      let decision = decideRead(read, 'aggregate', held.length > 0 ? held : options.dataAreas);
      const spec = decision.obligations.aggregate;
      if (decision.effect !== 'allow' || !spec) return audited(read, decision, () => ({ outcome: 'denied', decision }));
      if ((await store.count({ type })) > maxRecords) {
        const refused = denialOf(decision, [{ code: 'NODE_AGGREGATE_TOO_MANY_RECORDS' satisfies MessageCode, params: { limit: maxRecords } }], now());
        return audited(read, refused, () => ({ outcome: 'too-many', decision: refused, limit: maxRecords }));
      }
      const counting = aggregateCounting(decision, spec, type, dataset);
      let table = aggregateTable(await countAggregate(counting, { store, type, decision, spec, datasets }), spec);
      const notes: DecisionReason[] = [];
      const select = read.select;
      if (select && select.length > 0) {
        const areaField = dataset?.areaField;
        const dim = areaField === undefined ? -1 : spec.groupBy.indexOf(areaField);
        if (dim >= 0) {
          table = selectCells(table, dim, (v) => typeof v === 'string' && isAreaCode(v) && select.some((a) => areaContains(a, v)));
        } else {
          // Narrowing an aggregate that is not grouped by area would change which groups are withheld: not done.
          notes.push({ code: 'NODE_AGGREGATE_AREA_IGNORED' satisfies MessageCode, params: { areas: select.join(', ') } });
        }
      }
      notes.push({
        code: 'NODE_AGGREGATE_ANSWERED' satisfies MessageCode,
        params: { groupBy: spec.groupBy.join(', '), cells: table.tableWithheld ? 0 : table.cells.length, withheld: table.withheldCells, minimum: spec.minimumCellSize },
      });
      decision = { ...decision, reasons: [...decision.reasons, ...notes] };
      const answered = { outcome: 'released', decision, table, countedIn: counting.in } as const;
      return audited(read, decision, () => answered);
    },
    async releasePage(read: PageRead): Promise<PageRelease> {
      const decision = decideRead(read, 'records', read.areas);
      const page = decision.effect === 'allow' ? await releasedPage(read.source, decision, datasets.get(read.dataset)) : undefined;
      const failure = await recorded(
        accessAuditDraft({
          decision,
          requestedFields: read.fields,
          releasedIds: page?.ids ?? [],
          ...(read.who.onBehalfOf ? { delegationId: read.who.onBehalfOf.delegation.delegation.id } : {}),
        }),
      );
      if (failure !== undefined) return { outcome: 'unrecorded', decision, failure };
      return page ? { outcome: 'released', decision, page } : { outcome: 'denied', decision };
    },
    async release<R extends GatedRecord>(read: DatasetRead<R>): Promise<Release<R>> {
      const decision = decideRead(read, 'records', areasConcerned(read, datasets.get(read.dataset), options.dataAreas));
      const records: MaskedRecord<R>[] = [];
      if (decision.effect === 'allow') {
        for (const r of read.records) {
          const masked = applyObligations(r, decision, datasets);
          if (masked) records.push(masked);
        }
      }
      const draft = accessAuditDraft({
        decision,
        requestedFields: read.fields,
        releasedIds: records.map((r) => r.id),
        ...(read.who.onBehalfOf ? { delegationId: read.who.onBehalfOf.delegation.delegation.id } : {}),
      });
      const failure = await recorded(draft);
      if (failure !== undefined) return { outcome: 'unrecorded', decision, failure };
      return decision.effect === 'allow' ? { outcome: 'released', decision, records } : { outcome: 'denied', decision };
    },
  };
}
