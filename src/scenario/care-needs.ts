// Drawing a synthetic person's care from the shared rates: needs, dialysis schedule and oxygen supply, the same way
// for the scenario generator, the demo and the benchmarks.
import type { CareNeed, Weekday } from '../model/codes.ts';
import type { Draws } from './hash.ts';
import { careNeedOdds } from './rates.ts';

/** Dialysis is three sessions a week, on one of the two usual rotations. */
export const dialysisSchedules: readonly (readonly Weekday[])[] = [
  ['mon', 'wed', 'fri'],
  ['tue', 'thu', 'sat'],
];

/**
 * Care needs by age: a child on a list is medically dependent (sometimes in a wheelchair); an adult draws each need
 * of `careNeedOdds` in turn, home oxygen at `homeOxygenRate`.
 */
export function drawCareNeeds(rng: Draws, age: number, homeOxygenRate: number): CareNeed[] {
  const needs: CareNeed[] = [];
  if (age < 18) {
    needs.push('medically-dependent-child');
    if (rng.chance(0.5)) needs.push('wheelchair');
    return needs;
  }
  for (const [need, p] of careNeedOdds(age, homeOxygenRate)) if (rng.chance(p)) needs.push(need);
  return needs;
}

/** Nobody is on a support list for no reason: living alone is not one on its own. Changes `needs` in place. */
export function ensureListReason(rng: Draws, needs: CareNeed[]): CareNeed[] {
  if (needs.length === 0 || (needs.length === 1 && needs[0] === 'lives-alone')) needs.unshift(rng.pick(['wheelchair', 'dementia', 'bedridden'] as const));
  return needs;
}

/** Hours of oxygen left at the time of the scenario and the prescribed flow (L/min). */
export function drawOxygen(rng: Draws): { hoursLeft: number; flow: number } {
  return { hoursLeft: rng.int(6, 72), flow: rng.pick([0.5, 1, 1.5, 2, 3, 5]) };
}
