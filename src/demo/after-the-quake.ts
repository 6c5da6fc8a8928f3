// What the Noto demo's persons requiring care were doing after the 2024 earthquake, as far as their holders know:
// where they are (an open Nanao shelter, at home, not yet confirmed), food allergies, and infants in listed households.
// Pure and seeded: drawn from a stream of its own, so adding these facts changes no earlier draw of a person.
import { allergens, type Allergen } from '../model/codes.ts';
import { metresBetween } from '../model/geo.ts';
import type { Safety } from '../model/person.ts';
import type { Prng } from './prng.ts';

/** A shelter Nanao's newest bundled snapshot lists as open, with its evacuee count there. */
export interface OpenShelter {
  id: string;
  name: string;
  location: [number, number];
  evacuees: number;
  /** The snapshot's time: when the shelter was known to be open with these evacuees. */
  observedAt: string;
}

export type Whereabouts =
  | { kind: 'shelter'; shelter: OpenShelter }
  | { kind: 'home'; reportedAt: string }
  | { kind: 'unknown' };

/**
 * Illustrative shares, not statistics (no published figure says where Nanao's listed persons stayed): about three in
 * ten in one of the city's open shelters, four in ten confirmed at home (many of Nanao's houses stood, without water),
 * the rest not yet confirmed.
 */
export const whereaboutsShares = { shelter: 0.3, home: 0.4 } as const;

/**
 * Share of persons with a food allergy to one or two of the eight specified allergens: illustrative, about four times
 * the 1–2 % of adults in Japan with an immediate-type food allergy, so that a demo of a few hundred people has a few
 * dozen, as `demoHomeOxygenRate` does for home oxygen. Even so, no shelter holds three from one holder's list, so the
 * supply-logistics counts withhold them (cells under 3): raising the rate until they show would no longer be plausible.
 */
export const demoFoodAllergyRate = 0.08;

/**
 * Causes of immediate-type food allergy among the eight specified allergens, in approximate per cent of cases, after
 * 消費者庁「即時型食物アレルギーによる健康被害に関する全国実態調査」(令和3年度); walnut stands for the walnut part of
 * 木の実類. Approximate: the draw only needs egg and milk commonest and buckwheat and crab rare.
 */
export const allergenWeights: readonly (readonly [Allergen, number])[] = [
  ['egg', 33],
  ['milk', 19],
  ['walnut', 8],
  ['wheat', 9],
  ['peanut', 6],
  ['shrimp', 3],
  ['crab', 1],
  ['buckwheat', 1],
];

/**
 * Chance that a listed woman aged 20–44 has an infant in her household, registered with her: illustrative, far above
 * the ≈4.5 % of women of that age giving birth in a year (人口動態統計), so the demo has a few infants at all.
 */
export const infantHouseholdRate = 0.35;
export const motherAges = [20, 44] as const;

/** How many of the open shelters nearest home a person weighs up. */
const NEAREST_CONSIDERED = 3;

/**
 * The open shelter a person went to: one of the few nearest home, the fuller ones likelier (people go where the city
 * directs them and where others are; by mid-January Nanao had consolidated its shelters). Undefined when there is none.
 */
export function chooseShelter(rng: Prng, home: readonly [number, number], shelters: readonly OpenShelter[]): OpenShelter | undefined {
  const nearest = [...shelters]
    .map((s) => ({ s, metres: metresBetween(home, s.location) }))
    .sort((a, b) => a.metres - b.metres || a.s.id.localeCompare(b.s.id))
    .slice(0, NEAREST_CONSIDERED);
  if (nearest.length === 0) return undefined;
  return rng.weighted(nearest.map(({ s }) => [s, Math.max(1, s.evacuees)] as const));
}

/** Where a person is: drawn only when the city has open shelters in the data; otherwise nobody has been confirmed. */
export function drawWhereabouts(rng: Prng, home: readonly [number, number], shelters: readonly OpenShelter[]): Whereabouts {
  if (shelters.length === 0) return { kind: 'unknown' };
  const r = rng.next();
  const shelter = chooseShelter(rng, home, shelters)!;
  if (r < whereaboutsShares.shelter) return { kind: 'shelter', shelter };
  if (r < whereaboutsShares.shelter + whereaboutsShares.home) return { kind: 'home', reportedAt: shelter.observedAt };
  return { kind: 'unknown' };
}

/** One or two distinct allergens of the eight, or none. */
export function drawAllergens(rng: Prng): Allergen[] {
  if (!rng.chance(demoFoodAllergyRate)) return [];
  const first = rng.weighted(allergenWeights);
  if (!rng.chance(0.2)) return [first];
  const second = rng.weighted(allergenWeights.filter(([a]) => a !== first));
  return [first, second];
}

/** The safety a holder records for the whereabouts: a shelter stay or a stay at home as reported, unknown otherwise. */
export function safetyOf(w: Whereabouts): Safety {
  switch (w.kind) {
    case 'shelter':
      return { status: 'evacuated', whereabouts: w.shelter.name, shelter: w.shelter.id, reportedAt: w.shelter.observedAt };
    case 'home':
      return { status: 'safe', whereabouts: '自宅', reportedAt: w.reportedAt };
    case 'unknown':
      return { status: 'unknown' };
  }
}

/** How a list's free-text care note names the allergens (in the labels of the specified allergens). */
export function allergyNote(found: readonly Allergen[]): string | undefined {
  return found.length === 0 ? undefined : `食物アレルギー（特定原材料）: ${found.map((a) => allergens[a].ja).join('・')}`;
}

/** A birth date in 2023 that makes the child under one year old throughout January 2024. */
export function infantBirthDate(rng: Prng): string {
  const month = rng.int(2, 12);
  return `2023-${String(month).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
}
