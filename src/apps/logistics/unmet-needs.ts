// What a plan leaves unmet, per municipality and item, for the other applications of the node (the capability
// `logistics.unmet-needs`, src/model/unmet-needs.ts): each figure with the needs it sums, their records and nodes; and,
// with no standing plan, the open needs against the stock known (version 2). Pure.
import { areaCode, areaContains, shippableQuantity, type NeedsAgainstStockAnswer, type Stock, type UnmetNeedsAnswer, type UnmetNeedsItem } from '../../model/index.ts';
import type { Unmet } from './allocation-types.ts';
import type { NeedLine, PlanLine, StoredPlan } from './types.ts';

/** Below this an unmet quantity is rounding left by the solver, not a shortage. */
const NOTHING = 1e-9;

type PlanAnswer = Extract<UnmetNeedsAnswer, { kind: 'plan' }>;

/**
 * Where a plan stands now, beyond what the solver proposed: its lines as the operator left them (edited quantities)
 * and, once approved, what suppliers declined, per need id.
 */
export interface PlanProgress {
  lines: readonly Pick<PlanLine, 'demandId' | 'quantity'>[];
  declined: ReadonlyMap<string, number>;
}

/** Per need id, what the plan still sends: its lines' quantities now, less what suppliers declined. */
function stillSent(progress: PlanProgress): Map<string, number> {
  const sent = new Map<string, number>();
  for (const l of progress.lines) sent.set(l.demandId, (sent.get(l.demandId) ?? 0) + l.quantity);
  for (const [demand, q] of progress.declined) sent.set(demand, (sent.get(demand) ?? 0) - q);
  return sent;
}

/**
 * The unmet needs of one plan in the asked areas (municipalities or prefectures): a need counts when its area lies in
 * one of them. The plan keeps the needs it was asked for (`inputs.needs`); what is unmet is each need less what the
 * plan still sends (`progress`: an operator's edit, a supplier's decline), or the solver's figure (`result.unmet`)
 * when the progress is not given.
 */
export function unmetNeedsOf(plan: StoredPlan, areas: readonly string[], progress?: PlanProgress): PlanAnswer {
  const asked = areas.map((a) => areaCode(a));
  const needs = (plan.inputs.needs ?? []) as NeedLine[];
  const sent = progress ? stillSent(progress) : undefined;
  const unmet = sent
    ? new Map(needs.map((n) => [n.id, Math.max(0, n.demand.quantity - Math.max(0, sent.get(n.id) ?? 0))]))
    : new Map(((plan.result.unmet ?? []) as Unmet[]).map((u) => [u.demand, u.quantity]));
  const byArea = new Map<string, Map<string, UnmetNeedsItem>>();
  for (const n of needs) {
    const left = unmet.get(n.id) ?? 0;
    if (left <= NOTHING) continue;
    const d = n.demand;
    if (!asked.some((a) => areaContains(a, areaCode(d.areaCode)))) continue;
    const items = byArea.get(d.areaCode) ?? new Map<string, UnmetNeedsItem>();
    byArea.set(d.areaCode, items);
    const key = `${d.item.category}|${d.unit}`;
    const item = items.get(key) ?? { category: d.item.category, unit: d.unit, unmet: 0, needed: 0, needs: [] };
    items.set(key, item);
    item.unmet += left;
    item.needed += d.quantity;
    item.needs.push({ needId: n.id, node: n.receiver, destination: d.destination, origin: d.origin, unmet: left });
  }
  const sources = ((plan.inputs.answered ?? []) as PlanAnswer['sources']).map(({ node, dataset, count }) => ({ node, dataset, count }));
  return {
    kind: 'plan',
    basis: 'latest-plan',
    planId: plan.id,
    planState: plan.state === 'approved' ? 'approved' : 'proposed',
    proposedAt: plan.proposedAt,
    ...(plan.decidedAt !== undefined ? { decidedAt: plan.decidedAt } : {}),
    areas: [...byArea.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([code, items]) => ({ areaCode: code as PlanAnswer['areas'][number]['areaCode'], items: [...items.values()].sort((a, b) => b.unmet - a.unmet || a.category.localeCompare(b.category)) })),
    sources,
  };
}

/** The plan unmet needs are read from: the latest one not declined (a declined plan orders nothing), among those given newest first. */
export function latestStandingPlan(plans: readonly StoredPlan[]): StoredPlan | undefined {
  return plans.find((p) => p.state !== 'declined');
}

/** What version 2 answers from: the newest plan while it stands (proposed or approved), else why there is none. */
export type UnmetNeedsBasis = { kind: 'plan'; plan: StoredPlan } | { kind: 'no-plan' } | { kind: 'latest-declined'; planId: string };

/**
 * The basis of version 2, from the plans given newest first. A declined plan orders nothing, and an older plan was
 * drawn up before the needs that made the newest one: neither says what is unmet now, so the needs against stock do.
 */
export function unmetNeedsBasis(plans: readonly StoredPlan[]): UnmetNeedsBasis {
  const newest = plans[0];
  if (newest === undefined) return { kind: 'no-plan' };
  return newest.state === 'declined' ? { kind: 'latest-declined', planId: newest.id } : { kind: 'plan', plan: newest };
}

export interface NeedsAgainstStockInput {
  /** The open needs (computed for shelters, requests entered), less what approved plans already ordered. */
  needs: readonly NeedLine[];
  /** Every stock record the node's peers released for supply logistics, with the node that holds it. */
  stock: readonly { node: string; data: Stock }[];
  sources: readonly { node: string; dataset: string; count: number }[];
  missing: readonly { node: string; dataset: string; reason: string }[];
  computedAt: string;
}

/**
 * The open needs of the asked areas per municipality and item, and per item the stock known against every open need
 * the node sees (stock is shared among all of them, so its shortfall is counted over all, never over the asked areas
 * alone). Items matched by category and unit, as the plan matches them.
 */
export function needsAgainstStock(input: NeedsAgainstStockInput, areas: readonly string[], basis: Exclude<UnmetNeedsBasis, { kind: 'plan' }>): NeedsAgainstStockAnswer {
  const asked = areas.map((a) => areaCode(a));
  const key = (category: string, unit: string) => `${category}|${unit}`;
  const everywhere = new Map<string, number>();
  const byArea = new Map<string, Map<string, NeedsAgainstStockAnswer['areas'][number]['items'][number]>>();
  const inAreas = new Map<string, { category: Stock['item']['category']; unit: Stock['unit']; quantity: number }>();
  for (const n of input.needs) {
    const d = n.demand;
    if (d.quantity <= NOTHING) continue;
    const k = key(d.item.category, d.unit);
    everywhere.set(k, (everywhere.get(k) ?? 0) + d.quantity);
    if (!asked.some((a) => areaContains(a, areaCode(d.areaCode)))) continue;
    const items = byArea.get(d.areaCode) ?? new Map();
    byArea.set(d.areaCode, items);
    const item = items.get(k) ?? { category: d.item.category, unit: d.unit, needed: 0, needs: [] };
    items.set(k, item);
    item.needed += d.quantity;
    item.needs.push({ needId: n.id, node: n.receiver, destination: d.destination, origin: d.origin, quantity: d.quantity });
    const total = inAreas.get(k) ?? { category: d.item.category, unit: d.unit, quantity: 0 };
    total.quantity += d.quantity;
    inAreas.set(k, total);
  }
  const held = new Map<string, Map<string, number>>();
  for (const s of input.stock) {
    const k = key(s.data.item.category, s.data.unit);
    if (!inAreas.has(k)) continue;
    const holders = held.get(k) ?? new Map<string, number>();
    held.set(k, holders);
    holders.set(s.node, (holders.get(s.node) ?? 0) + shippableQuantity(s.data));
  }
  const byCode = <T>([a]: [string, T], [b]: [string, T]) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    kind: 'needs-against-stock',
    why: basis.kind,
    ...(basis.kind === 'latest-declined' ? { declinedPlanId: basis.planId } : {}),
    computedAt: input.computedAt,
    areas: [...byArea.entries()].sort(byCode).map(([code, items]) => ({
      areaCode: code as NeedsAgainstStockAnswer['areas'][number]['areaCode'],
      items: [...items.values()].sort((a, b) => b.needed - a.needed || a.category.localeCompare(b.category)),
    })),
    items: [...inAreas.entries()].sort(byCode).map(([k, t]) => {
      const holders = [...(held.get(k) ?? new Map<string, number>()).entries()].sort(byCode).map(([node, quantity]) => ({ node, quantity }));
      const knownStock = holders.reduce((n, h) => n + h.quantity, 0);
      const neededEverywhere = everywhere.get(k) ?? 0;
      return { category: t.category, unit: t.unit, neededInAreas: t.quantity, neededEverywhere, knownStock, short: Math.max(0, neededEverywhere - knownStock), holders };
    }),
    sources: input.sources.map(({ node, dataset, count }) => ({ node, dataset, count })),
    missing: input.missing.map(({ node, dataset, reason }) => ({ node, dataset, reason })),
  };
}
