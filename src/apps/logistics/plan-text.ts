// A plan's explanation as sentences in the reader's language, for the console: what comes from where and why, what
// runs short and what would relieve it, how close to optimal, and the notes on how it was computed.
import { leadTimeModes, stockCategories, stockUnits, vehicleClasses, type LeadTimeMode, type StockCategory, type StockUnit, type Text, type VehicleClass } from '../../model/index.ts';
import type { Lang } from '../../node/application/index.ts';
import type { PlanExplanation, Reason } from './explain.ts';
import { logisticsMessages } from './messages.ts';
import { stockKey } from './planning.ts';
import type { PlanFleet, PlanLine, PlanPlace, PlanSentences, StoredPlan } from './types.ts';

type Names = ReadonlyMap<string, Text>;

const inLang = (t: Text, lang: Lang) => t[lang] ?? t.ja ?? t.en;

/**
 * A place or fleet key of the plan by its name in the reader's language (the name stored with the plan); without
 * one, `node|facility:depot-1` as `depot-1 (node)`; other values as they are.
 */
function place(value: string | number, names: Names, lang: Lang): string | number {
  const name = typeof value === 'string' ? names.get(value) : undefined;
  const text = name === undefined ? undefined : inLang(name, lang);
  if (text !== undefined) return text;
  const m = typeof value === 'string' ? /^([^|]+)\|(?:(?:shelter|facility):)?(.+)$/.exec(value) : null;
  return m ? `${m[2]} (${m[1]})` : value;
}

const measures = { weight: { ja: '重量', en: 'weight' }, volume: { ja: '容積', en: 'volume' } } as const;

/** A drive's minutes as hours and minutes in the reader's language: 70 → "1時間10分" / "1 h 10 min". */
export function durationText(minutes: number, lang: Lang): string {
  const whole = Math.round(minutes);
  const h = Math.floor(whole / 60);
  const m = whole % 60;
  if (lang === 'ja') return h === 0 ? `${m}分` : m === 0 ? `${h}時間` : `${h}時間${m}分`;
  return h === 0 ? `${m} min` : m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/**
 * Item, unit, vehicle-class and measure codes in words of the reader's language, a drive's minutes as hours and
 * minutes, places by name; the rest as computed.
 */
function wordsFor(params: Reason['params'], lang: Lang, names: Names): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params)) {
    if (k === 'item' && typeof v === 'string' && Object.hasOwn(stockCategories, v)) out[k] = stockCategories[v as StockCategory][lang];
    else if (k === 'unit' && typeof v === 'string' && Object.hasOwn(stockUnits, v)) out[k] = stockUnits[v as StockUnit][lang];
    else if (k === 'vehicleClass' && typeof v === 'string' && Object.hasOwn(vehicleClasses, v)) out[k] = vehicleClasses[v as VehicleClass][lang];
    else if (k === 'measure' && (v === 'weight' || v === 'volume')) out[k] = measures[v][lang];
    else if (k === 'mode' && typeof v === 'string' && Object.hasOwn(leadTimeModes, v)) out[k] = leadTimeModes[v as LeadTimeMode][lang];
    else if (k === 'roadMinutes' && typeof v === 'number') out[k] = durationText(v, lang);
    else out[k] = k === 'depot' || k === 'destination' || k === 'fleet' || k === 'from' || k === 'landing' ? place(v, names, lang) : v;
  }
  return out;
}

/**
 * The names a plan stored: its places by key, its fleets by key (with their base, e.g. "2-tonne trucks, Nanao centre"),
 * a ship's or aircraft's port or airfield and landing points.
 */
export function planNames(result: StoredPlan['result']): Map<string, Text> {
  const names = new Map<string, Text>();
  for (const p of (result.places ?? []) as PlanPlace[]) if (p.name) names.set(`${p.node}|${p.place.type}:${p.place.id}`, p.name);
  for (const f of (result.fleets ?? []) as PlanFleet[]) {
    if (!f.name) continue;
    const join = (name: string | undefined, base: string | undefined) => (name && base ? `${name}・${base}` : name);
    const ja = join(f.name.ja ?? f.name.en, f.baseName?.ja ?? f.baseName?.en);
    const en = join(f.name.en ?? f.name.ja, f.baseName?.en ?? f.baseName?.ja)?.replace('・', ', ');
    names.set(f.key, { ...(ja ? { ja } : {}), ...(en ? { en } : {}) });
  }
  // A ship's or aircraft's port or airfield and landing points, as explain.ts keys them.
  for (const f of (result.fleets ?? []) as PlanFleet[]) {
    if (f.loadsAtName) names.set(`${f.key}#loads`, f.loadsAtName);
    (f.landingNames ?? []).forEach((name, i) => names.set(`${f.key}#landing:${i}`, name));
  }
  return names;
}

export function planSentences(plan: StoredPlan, lines: readonly PlanLine[], lang: Lang): PlanSentences {
  const explanation = plan.result.explanation as PlanExplanation;
  const notes = (plan.result.notes ?? []) as Reason[];
  const names = planNames(plan.result);
  const say = (r: Reason) => logisticsMessages.text(r.code, wordsFor(r.params, lang, names), lang);
  const fleetOf = (l: PlanLine) => (l.transport ? `${l.transport.operator}|${l.transport.vehicle}` : '');
  const lineOf = new Map(lines.map((l) => [`${l.demandId}>${stockKey(l.supplier, l.stockId)}>${fleetOf(l)}`, l.line]));
  return {
    destinations: explanation.destinations.map((d) => ({
      destination: d.destination,
      ...(d.isolated ? { isolated: say(d.isolated) } : {}),
      deliveries: d.deliveries.map((x) => {
        const line = lineOf.get(`${x.flow.demand}>${x.flow.supply}>${x.flow.fleet ?? ''}`);
        return { ...(line !== undefined ? { line } : {}), texts: x.reasons.map(say) };
      }),
    })),
    // Capacity limiting the plan is why some shortages exist: said first.
    shortages: [...(explanation.capacity ?? []).map(say), ...explanation.shortages.flatMap((s) => s.reasons.map(say))],
    optimality: say(explanation.optimality),
    notes: notes.map(say),
  };
}
