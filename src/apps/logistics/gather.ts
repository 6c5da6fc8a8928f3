// What the nodes this node may ask (itself included) give for supply logistics: shelters with evacuee counts, stock,
// vehicles and road segments, each by a signed federated query under the `supply-logistics` purpose that each
// provider's policy decides. A node that does not answer, or refuses, is reported with why — never waited for past
// the deadline.
import type { TSchema } from '@sinclair/typebox';
import { validate, FacilitySchema, ShelterSchema, StockSchema, VehicleSchema, RoadSegmentSchema, LeadTimeSchema } from '../../model/index.ts';
import type { AggregateTable, ApplicationContext, MissingReason, NodeTarget } from '../../node/application/index.ts';
import { LOGISTICS_PURPOSE } from './shipment-flow.ts';

export interface GatheredRecord<T> {
  node: string;
  id: string;
  version: number;
  observedAt: string;
  sourceNode: string;
  data: T;
}

export interface MissingNode {
  node: string;
  dataset: string;
  reason: MissingReason | 'incomplete';
  detail: string;
  code?: string;
  status?: number;
}

export interface Gathered<T> {
  records: GatheredRecord<T>[];
  answered: { node: string; dataset: string; count: number; cachedAgeSeconds?: number }[];
  missing: MissingNode[];
  /** Records a node sent that do not fit the model (left out, counted). */
  malformed: number;
}

const PAGE = 1000;
const MAX_PAGES = 50;

/** Every record of `dataset` the peers release for supply logistics, page by page, within one deadline. */
export async function gatherDataset<T>(
  context: Pick<ApplicationContext, 'federation' | 'peers'>,
  dataset: string,
  schema: TSchema,
  options: { deadlineMs: number; targets?: readonly NodeTarget[]; area?: readonly string[] },
): Promise<Gathered<T>> {
  const started = Date.now();
  const out: Gathered<T> = { records: [], answered: [], missing: [], malformed: 0 };
  let pending: { target: NodeTarget; after?: string }[] = (options.targets ?? context.peers()).map((target) => ({ target }));
  const counts = new Map<string, number>();
  for (let page = 0; page < MAX_PAGES && pending.length > 0; page++) {
    const next: typeof pending = [];
    // One query per distinct cursor: the first page asks every node at once.
    const groups = page === 0 ? [pending] : pending.map((p) => [p]);
    for (const group of groups) {
      const left = options.deadlineMs - (Date.now() - started);
      if (left <= 0) {
        for (const p of group) out.missing.push({ node: p.target.participantId, dataset, reason: 'timeout', detail: 'deadline reached while paging' });
        continue;
      }
      const after = group[0]!.after;
      const outcome = await context.federation.query({
        targets: group.map((p) => p.target),
        dataset,
        params: { purpose: LOGISTICS_PURPOSE, limit: PAGE, ...(after !== undefined ? { after } : {}), ...(options.area ? { area: options.area } : {}) },
        deadlineMs: Math.max(1, left),
        keepCopies: false,
      });
      for (const r of outcome.results) {
        const node = r.target.participantId;
        for (const item of r.value.items) {
          const v = validate(schema, item.data);
          const version = typeof item.version === 'number' ? item.version : undefined;
          const observedAt = typeof item.observedAt === 'string' ? item.observedAt : undefined;
          if (!v.ok || version === undefined || observedAt === undefined) {
            out.malformed++;
            continue;
          }
          out.records.push({
            node, id: item.id, version, observedAt,
            sourceNode: typeof item.sourceNode === 'string' ? item.sourceNode : node,
            data: v.value as T,
          });
        }
        counts.set(node, (counts.get(node) ?? 0) + r.value.items.length);
        const target = options.targets?.find((t) => t.participantId === node) ?? context.peers().find((t) => t.participantId === node);
        if (r.value.next !== undefined && target !== undefined) next.push({ target, after: r.value.next });
        else out.answered.push({ node, dataset, count: counts.get(node)!, ...(r.source === 'cache' ? { cachedAgeSeconds: r.ageSeconds } : {}) });
      }
      for (const m of outcome.missing) {
        out.missing.push({
          node: m.target.participantId, dataset, reason: m.reason, detail: m.detail,
          ...(m.code !== undefined ? { code: m.code } : {}), ...(m.status !== undefined ? { status: m.status } : {}),
        });
      }
    }
    pending = next;
  }
  for (const p of pending) out.missing.push({ node: p.target.participantId, dataset, reason: 'incomplete', detail: `more than ${MAX_PAGES} pages` });
  return out;
}

export const gatherSchemas = {
  shelters: ShelterSchema, stock: StockSchema, vehicles: VehicleSchema, 'road-segments': RoadSegmentSchema, facilities: FacilitySchema, 'lead-times': LeadTimeSchema,
} as const;

/**
 * The aggregate tables of persons requiring care the peers release for supply logistics (counts per group, never
 * records): one signed request per peer within the deadline; a peer that refuses (no aggregate permit, a denial) or
 * does not answer is missing with why. A node whose interface gives no aggregates asks nobody.
 */
export async function gatherCareTables(
  context: Pick<ApplicationContext, 'federation' | 'peers'>,
  options: { deadlineMs: number },
): Promise<{ tables: { node: string; table: AggregateTable }[]; missing: MissingNode[]; answered: Gathered<unknown>['answered'] }> {
  const aggregate = context.federation.aggregate;
  if (aggregate === undefined) return { tables: [], missing: [], answered: [] };
  const outcome = await aggregate({ targets: context.peers(), dataset: CARE_DATASET, params: { purpose: LOGISTICS_PURPOSE }, deadlineMs: options.deadlineMs });
  return {
    tables: outcome.results.map((r) => ({ node: r.target.participantId, table: r.value.table })),
    answered: outcome.results.map((r) => ({ node: r.target.participantId, dataset: CARE_DATASET, count: r.value.table.cells.length })),
    missing: outcome.missing.map((m) => ({
      node: m.target.participantId, dataset: CARE_DATASET, reason: m.reason, detail: m.detail,
      ...(m.code !== undefined ? { code: m.code } : {}), ...(m.status !== undefined ? { status: m.status } : {}),
    })),
  };
}

const CARE_DATASET = 'persons';
