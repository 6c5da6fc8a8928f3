// What a plan leaves unmet, per municipality and item, for the other applications of the node (the capability
// `logistics.unmet-needs`, src/model/unmet-needs.ts): each figure with the needs it sums, their records and nodes. Pure.
import { areaCode, areaContains, type UnmetNeedsAnswer, type UnmetNeedsItem } from '../../model/index.ts';
import type { Unmet } from './allocation-types.ts';
import type { NeedLine, StoredPlan } from './types.ts';

/** Below this an unmet quantity is rounding left by the solver, not a shortage. */
const NOTHING = 1e-9;

type PlanAnswer = Extract<UnmetNeedsAnswer, { kind: 'plan' }>;

/**
 * The unmet needs of one plan in the asked areas (municipalities or prefectures): a need counts when its area lies in
 * one of them. The plan keeps the needs it was asked for (`inputs.needs`) and what it left unmet (`result.unmet`).
 */
export function unmetNeedsOf(plan: StoredPlan, areas: readonly string[]): PlanAnswer {
  const asked = areas.map((a) => areaCode(a));
  const needs = (plan.inputs.needs ?? []) as NeedLine[];
  const unmet = new Map(((plan.result.unmet ?? []) as Unmet[]).map((u) => [u.demand, u.quantity]));
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
