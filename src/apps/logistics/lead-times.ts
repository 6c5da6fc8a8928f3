// Lead times a warehouse or logistics operator states (model: lead-time) as the planner uses them: for a depot and a
// destination, the figure that applies at the planning time — one for that destination first, else the one for the
// smallest area containing it, the fastest when several modes apply. Pure.
import { areaContains, type AreaCode, type LeadTime, type LeadTimeBasis, type LeadTimeMode, type PlaceRef } from '../../model/index.ts';

/** A lead-time record as a node answered it. */
export interface LeadTimeLine {
  node: string;
  id: string;
  leadTime: LeadTime;
}

/** How an arc's time is known when it is not a road-network path: a stated lead time, or the straight-line estimate. */
export type ArcBasis =
  | { kind: 'lead-time'; node: string; id: string; mode: LeadTimeMode; hours: number; basis: LeadTimeBasis; source: string }
  | { kind: 'straight-line'; km: number; kmh: number }
  /** A ship's or aircraft's leg at its stated speed (sea-air-arcs.ts): the distance it covers and the speed. */
  | { kind: 'craft'; mode: 'sea' | 'air'; km: number; kmh: number; minutes: number };

const placeKey = (p: PlaceRef) => `${p.type}:${p.id}`;

/** The place part of a depot or destination key (`node|type:id`): lead times name places, whoever holds the stock. */
export const placeOfKey = (key: string) => key.slice(key.indexOf('|') + 1);

/**
 * How closely an area stated in a lead time fits a destination's area, or -1 when it does not contain it. The areas
 * containing one destination nest (Japan ⊃ prefecture ⊃ designated city ⊃ ward; a P-code ⊃ its longer P-codes), so
 * a larger figure is the smaller area. Containment is `areaContains`: a Japanese prefecture code (170003) is no string
 * prefix of its municipalities' codes (172014), nor a designated city's of its wards'.
 */
function areaFit(stated: string, areaCode: string): number {
  if (!areaContains(stated as AreaCode, areaCode as AreaCode)) return -1;
  if (stated === areaCode) return 100;
  if (stated === 'JP') return 1;
  if (/^[0-9]{6}$/.test(stated)) return stated.slice(2, 5) === '000' ? 2 : 3;
  return stated.length;
}

function valid(l: LeadTime, at: number): boolean {
  return Date.parse(l.validFrom) <= at && (l.validUntil === undefined || at < Date.parse(l.validUntil));
}

/**
 * A lookup of the lead time from a depot to a destination (by their keys, and the destination's area code), among
 * the lines valid at `at`. Specificity decides first (a destination over an area, a smaller area over one containing it),
 * then speed, then the line listed first. With a mode, only that mode's lines count (a ship's arc takes a sea lead time).
 */
export type StatedLeadTime = Extract<ArcBasis, { kind: 'lead-time' }>;

export function leadTimeLookup(lines: readonly LeadTimeLine[], at: Date, mode?: LeadTimeMode): (depot: string, destination: string, areaCode: string | undefined) => StatedLeadTime | undefined {
  const now = at.getTime();
  const byDepot = new Map<string, LeadTimeLine[]>();
  for (const l of lines) {
    if (!valid(l.leadTime, now) || (mode !== undefined && l.leadTime.mode !== mode)) continue;
    const key = placeKey(l.leadTime.from);
    byDepot.set(key, [...(byDepot.get(key) ?? []), l]);
  }
  return (depot, destination, areaCode) => {
    let best: { line: LeadTimeLine; specificity: number } | undefined;
    for (const line of byDepot.get(placeOfKey(depot)) ?? []) {
      const to = line.leadTime.to;
      const specificity =
        'destination' in to ? (placeKey(to.destination) === placeOfKey(destination) ? 1_000 : -1)
        : areaCode !== undefined ? areaFit(to.areaCode, areaCode) : -1;
      if (specificity < 0) continue;
      if (best === undefined || specificity > best.specificity || (specificity === best.specificity && line.leadTime.hours < best.line.leadTime.hours)) best = { line, specificity };
    }
    if (best === undefined) return undefined;
    const l = best.line.leadTime;
    return { kind: 'lead-time', node: best.line.node, id: best.line.id, mode: l.mode, hours: l.hours, basis: l.basis, source: l.source };
  };
}
