// Needs that compute themselves: push needs from a shelter's evacuee count and the per-person standards, and needs
// from counts (never persons) of persons requiring care per shelter and category. Pure: counts in, demand lines out.
import type { Allergen, Demand, Point, Shelter } from '../../model/index.ts';
import type { PushItemStandard, PushStandards } from './push-standards.ts';

/** What the push estimate needs to know about one shelter: where it is and how many people are there. */
export interface ShelterHeadcount {
  shelterId: string;
  areaCode: string;
  location?: Point;
  evacuees: number;
}

/**
 * Counts of persons requiring care at one shelter, by category — what the supply-logistics policy lets leave the
 * owner of the care data: numbers per shelter, never who.
 */
export interface CareCounts {
  shelterId: string;
  /** Persons who must avoid the listed allergens, one entry per set of allergens. */
  allergenFree: readonly { freeFrom: readonly Allergen[]; persons: number }[];
  /** Undefined when not known (e.g. withheld as too small a count): the population-share estimate then stays. */
  bedridden: number | undefined;
  infants: number | undefined;
  /** Where the counts come from (e.g. the nodes that released them), for each need's basis. */
  source?: string;
}

export interface NeedsWindow {
  /** Days the delivery must cover; daily items scale with it, once-only items (blankets) do not. */
  days: number;
  neededBy: string;
}

/** The latest evacuee count of an open shelter, or undefined when it has none or is not open. */
export function headcountOf(shelterId: string, shelter: Shelter): ShelterHeadcount | undefined {
  const latest = shelter.evacueeCounts.at(-1);
  if (latest === undefined || shelter.openStatus === 'closed' || shelter.openStatus === 'closed-after-use') return undefined;
  return { shelterId, areaCode: shelter.areaCode, ...(shelter.location ? { location: shelter.location } : {}), evacuees: latest.count };
}

function groupShare(standards: PushStandards, item: PushItemStandard): number {
  const group = item.appliesTo === 'everyone' ? 1 : standards.population[item.appliesTo].share;
  return group * (item.shareOfGroup ?? 1);
}

/** Round a computed quantity up to what can be handed out: whole pieces, or grams for kilograms. */
function handOut(quantity: number, unit: Demand['unit']): number {
  return unit === 'kg' || unit === 'litre' ? Math.ceil(quantity * 1000 - 1e-9) / 1000 : Math.ceil(quantity - 1e-9);
}

function demandLine(h: ShelterHeadcount, d: Pick<Demand, 'origin' | 'item' | 'quantity' | 'unit' | 'priority' | 'basis'> & { freeFrom?: Allergen[] }, w: NeedsWindow): Demand {
  return {
    origin: d.origin,
    destination: { type: 'shelter', id: h.shelterId },
    areaCode: h.areaCode,
    ...(h.location ? { location: h.location } : {}),
    item: d.item,
    quantity: d.quantity,
    unit: d.unit,
    neededBy: w.neededBy,
    priority: d.priority,
    ...(d.freeFrom && d.freeFrom.length > 0 ? { freeFrom: [...d.freeFrom] } : {}),
    ...(d.basis ? { basis: d.basis } : {}),
  };
}

/**
 * Needs of one shelter: the push estimate of the basic eight items from its evacuee count, corrected by its care
 * counts where known — persons needing allergen-free food get it instead of ordinary food; bedridden persons and
 * infants counted on care lists get adult diapers and formula by the care standard, and the population-share estimate
 * covers only those beyond the count (a care list is a lower bound: it holds only the persons registered with it).
 */
export function shelterNeeds(h: ShelterHeadcount, care: CareCounts | undefined, standards: PushStandards, w: NeedsWindow): Demand[] {
  if (h.evacuees <= 0) return [];
  const out: Demand[] = [];
  const allergic = Math.min(h.evacuees, (care?.allergenFree ?? []).reduce((n, a) => n + a.persons, 0));
  for (const item of standards.items) {
    // A care list holds only the persons registered with its holders, not every bedridden adult or infant in the
    // shelter: its count is a lower bound. The population-share estimate covers the rest, beyond those counted.
    const counted = item.category === 'adult-diaper' ? care?.bedridden : item.category === 'infant-formula' ? care?.infants : undefined;
    const estimated = (item.category === 'food' ? h.evacuees - allergic : h.evacuees) * groupShare(standards, item);
    const persons = Math.max(0, estimated - (counted ?? 0));
    const perPerson = item.perPersonPerDay !== undefined ? item.perPersonPerDay * w.days : item.perPerson!;
    const quantity = handOut(persons * perPerson, item.unit);
    if (quantity <= 0) continue;
    const per = item.perPersonPerDay !== undefined ? `${item.perPersonPerDay}/人/日 × ${w.days}日` : `${item.perPerson}/人`;
    const share = item.appliesTo === 'everyone' && item.shareOfGroup === undefined ? '' : ` × 対象割合 ${groupShare(standards, item).toFixed(4)}`;
    const beyond = counted !== undefined && counted > 0 ? ` − 要配慮者として数えた ${counted}人` : '';
    out.push(demandLine(h, {
      origin: 'push-estimate', item: { category: item.category }, quantity, unit: item.unit, priority: 'normal',
      basis: `避難者 ${item.category === 'food' ? `${h.evacuees}人 − アレルギー対応 ${allergic}人` : `${h.evacuees}人`}${share}${beyond} × ${per} (${item.kind}: ${item.source})`,
    }, w));
  }
  if (care) out.push(...careNeedsOf(h, care, standards, w));
  return out;
}

/** Needs from the care counts alone: allergen-free meals per allergen set, adult diapers, infant formula. */
export function careNeedsOf(h: ShelterHeadcount, care: CareCounts, standards: PushStandards, w: NeedsWindow): Demand[] {
  const out: Demand[] = [];
  const line = (key: keyof PushStandards['care'], persons: number | undefined, freeFrom?: Allergen[]) => {
    if (persons === undefined) return;
    const s = standards.care[key];
    const quantity = handOut(persons * s.perPersonPerDay * w.days, s.unit);
    if (quantity <= 0) return;
    out.push(demandLine(h, {
      origin: 'care-estimate', item: { category: s.category }, quantity, unit: s.unit, priority: 'high',
      basis: `要配慮者 ${persons}人 × ${s.perPersonPerDay}/人/日 × ${w.days}日 (${s.kind}: ${s.source})${care.source ? ` 人数の出典: ${care.source}` : ''}`,
      ...(freeFrom ? { freeFrom } : {}),
    }, w));
  };
  for (const a of care.allergenFree) line('allergen-free-food', a.persons, [...a.freeFrom]);
  line('bedridden', care.bedridden);
  line('infant', care.infants);
  return out;
}

/** Needs of every shelter, with care counts matched by shelter id. */
export function computedNeeds(headcounts: readonly ShelterHeadcount[], care: readonly CareCounts[], standards: PushStandards, w: NeedsWindow): Demand[] {
  const careBy = new Map(care.map((c) => [c.shelterId, c]));
  return headcounts.flatMap((h) => shelterNeeds(h, careBy.get(h.shelterId), standards, w));
}
