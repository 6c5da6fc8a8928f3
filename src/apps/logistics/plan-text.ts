// A plan's explanation as sentences in the reader's language, for the console: what comes from where and why, what
// runs short and what would relieve it, how close to optimal, and the notes on how it was computed.
import type { Lang } from '../../node/application/index.ts';
import type { PlanExplanation, Reason } from './explain.ts';
import { logisticsMessages } from './messages.ts';
import { stockKey } from './planning.ts';
import type { PlanLine, PlanSentences, StoredPlan } from './types.ts';

const say = (r: Reason, lang: Lang) => logisticsMessages.text(r.code, r.params, lang);

export function planSentences(plan: StoredPlan, lines: readonly PlanLine[], lang: Lang): PlanSentences {
  const explanation = plan.result.explanation as PlanExplanation;
  const notes = (plan.result.notes ?? []) as Reason[];
  const lineOf = new Map(lines.map((l) => [`${l.demandId}>${stockKey(l.supplier, l.stockId)}`, l.line]));
  return {
    destinations: explanation.destinations.map((d) => ({
      destination: d.destination,
      ...(d.isolated ? { isolated: say(d.isolated, lang) } : {}),
      deliveries: d.deliveries.map((x) => {
        const line = lineOf.get(`${x.flow.demand}>${x.flow.supply}`);
        return { ...(line !== undefined ? { line } : {}), texts: x.reasons.map((r) => say(r, lang)) };
      }),
    })),
    shortages: explanation.shortages.flatMap((s) => s.reasons.map((r) => say(r, lang))),
    optimality: say(explanation.optimality, lang),
    notes: notes.map((r) => say(r, lang)),
  };
}
