// A plan's explanation as sentences in the reader's language, for the console: what comes from where and why, what
// runs short and what would relieve it, how close to optimal, and the notes on how it was computed.
import { stockCategories, stockUnits, type StockCategory, type StockUnit } from '../../model/index.ts';
import type { Lang } from '../../node/application/index.ts';
import type { PlanExplanation, Reason } from './explain.ts';
import { logisticsMessages } from './messages.ts';
import { stockKey } from './planning.ts';
import type { PlanLine, PlanSentences, StoredPlan } from './types.ts';

/** `node|facility:depot-1` (a place key of the plan) as `depot-1（node）`; other values as they are. */
function place(value: string | number): string | number {
  const m = typeof value === 'string' ? /^([^|]+)\|(?:shelter|facility):(.+)$/.exec(value) : null;
  return m ? `${m[2]} (${m[1]})` : value;
}

/** Item and unit codes in words of the reader's language, places readable; the rest as computed. */
function wordsFor(params: Reason['params'], lang: Lang): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params)) {
    if (k === 'item' && typeof v === 'string' && Object.hasOwn(stockCategories, v)) out[k] = stockCategories[v as StockCategory][lang];
    else if (k === 'unit' && typeof v === 'string' && Object.hasOwn(stockUnits, v)) out[k] = stockUnits[v as StockUnit][lang];
    else out[k] = k === 'depot' || k === 'destination' ? place(v) : v;
  }
  return out;
}

const say = (r: Reason, lang: Lang) => logisticsMessages.text(r.code, wordsFor(r.params, lang), lang);

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
