// The hidden truth about one synthetic person — who they are, where they live, what care they need, and on which
// lists they appear — as a pure function of (seed, municipality, index). Lists write this truth down, differently.
import type { CareNeed, Sex, Weekday } from '../model/codes.ts';
import type { Locality } from './localities.ts';
import { dialysisSchedules, drawCareNeeds, drawOxygen, ensureListReason } from './care-needs.ts';
import { Draws, seedOf, uniformOf } from './hash.ts';
import { genericLocalityNames, round6 } from './municipalities.ts';
import { familyNames, olderFemale, olderMale, youngerFemale, youngerMale, type FamilyName, type GivenName } from './names.ts';
import type { MunicipalityPlan } from './plan.ts';
import type { PhoneNumber } from './spelling.ts';
import { ageBands, femaleShare, pickCareLevel, type CareLevel } from './rates.ts';

export const REFERENCE_YEAR = 2024;

// Salts keep the independent draws about one person apart.
const SALT = { dialysis: 0x0d1a, care: 0x0ca4, dialysisNode: 0x0d0e, careNode: 0x0c0e, site: 0x5173, person: 0x9e45, variants: 0x7a41 } as const;

export interface Membership {
  onList: boolean;
  dialysis: boolean;
  careClient: boolean;
}

/** Which lists hold hidden person `index` of a municipality; cheap, so providers can scan for their people. */
export function membershipOf(seed: number, m: MunicipalityPlan, index: number): Membership {
  if (index < m.listSize) {
    return {
      onList: true,
      dialysis: uniformOf(seed, m.codeNumber, index, SALT.dialysis) < m.dialysisOnListRate,
      careClient: uniformOf(seed, m.codeNumber, index, SALT.care) < m.careOnListRate,
    };
  }
  if (index < m.listSize + m.offListDialysis) return { onList: false, dialysis: true, careClient: false };
  return { onList: false, dialysis: false, careClient: true };
}

/** How many hidden persons a municipality has in all (listed, then dialysis-only, then care-only). */
export function universeSize(m: MunicipalityPlan): number {
  return m.listSize + m.offListDialysis + m.offListCare;
}

/** Which of the area's provider nodes (slot) and which of its sites serves a person. */
export function providerSlot(seed: number, m: MunicipalityPlan, index: number, kind: 'dialysis' | 'care'): { slot: number; site: number } {
  const area = kind === 'dialysis' ? m.dialysisArea : m.careArea;
  const h = seedOf(seed, m.codeNumber, index, kind === 'dialysis' ? SALT.dialysisNode : SALT.careNode);
  return { slot: h % Math.max(1, area.nodeIds.length), site: seedOf(h, SALT.site) % area.sitesPerNode };
}

/** What every synthetic person is, in the scenario and in the demo, before a list writes them down. */
export interface PersonFacts {
  /** Hidden identity: never written into a record, only into the overlap truth. */
  key: string;
  family: FamilyName;
  given: GivenName;
  /** Whether the city's register spells the family name in 旧字体. */
  cityUsesOld: boolean;
  birthDate: string;
  lot: [number, number];
  location: [number, number];
  phone?: PhoneNumber;
  needs: CareNeed[];
  careLevel?: CareLevel;
  dialysisSchedule?: readonly Weekday[];
  oxygen?: { hoursLeft: number; flow: number };
  consent: boolean;
}

export interface TruePerson extends PersonFacts {
  municipality: MunicipalityPlan;
  index: number;
  membership: Membership;
  age: number;
  sex: Sex;
  locality: string;
  language?: string;
  /** A seed for the person's list-specific choices (spelling variants). */
  variantSeed: number;
}

const languages = ['vi', 'zh', 'pt', 'tl', 'ko', 'en', 'ne'] as const;

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function careNeeds(rng: Draws, age: number, m: MunicipalityPlan, membership: Membership): CareNeed[] {
  // Home oxygen is drawn for listed people only, at the rate that gives ≈0.13 % of residents.
  const needs = drawCareNeeds(rng, age, membership.onList ? m.homeOxygenRate : 0);
  if (membership.dialysis) needs.push('dialysis');
  return membership.onList ? ensureListReason(rng, needs) : needs;
}

function placeOf(rng: Draws, m: MunicipalityPlan): { locality: string; location: [number, number] } {
  const localities: readonly Locality[] = m.muni.localities;
  if (localities.length > 0) {
    const l = rng.pick(localities);
    // Within about 500 m of a real shelter of that locality.
    return { locality: l.name, location: [round6(l.near[0] + (rng.next() - 0.5) * 0.012), round6(l.near[1] + (rng.next() - 0.5) * 0.009)] };
  }
  const k = rng.int(0, genericLocalityNames.length - 1);
  const chome = rng.int(1, 5);
  // Synthetic places: a few kilometres around the municipality's (synthetic) centre.
  return {
    locality: `${genericLocalityNames[k]}${'一二三四五'[chome - 1]}丁目`,
    location: [round6(m.muni.centre[0] + (rng.next() - 0.5) * 0.06), round6(m.muni.centre[1] + (rng.next() - 0.5) * 0.045)],
  };
}

/** The person behind hidden index `index` of municipality `m`. Same inputs, same person. */
export function truePerson(seed: number, m: MunicipalityPlan, index: number): TruePerson {
  const membership = membershipOf(seed, m, index);
  const rng = new Draws(seedOf(seed, m.codeNumber, index, SALT.person));
  const band = rng.weighted(ageBands);
  const drawn = rng.int(band[0], band[1]);
  // Dialysis patients and care-insurance clients are adults, mostly old.
  const age = drawn < 40 && (membership.dialysis || membership.careClient) ? rng.int(65, 94) : drawn;
  const sex: Sex = rng.chance(femaleShare(age)) ? 'female' : 'male';
  const older = age >= 60;
  const given = rng.pick(sex === 'female' ? (older ? olderFemale : youngerFemale) : older ? olderMale : youngerMale);
  const family = rng.pick(familyNames);
  const birthDate = `${REFERENCE_YEAR - 1 - age}-${pad(rng.int(1, 12), 2)}-${pad(rng.int(1, 28), 2)}`;
  const place = placeOf(rng, m);
  const needs = careNeeds(rng, age, m, membership);
  const person: TruePerson = {
    key: `person-${m.muni.code}-${pad(index, 7)}`,
    municipality: m,
    index,
    membership,
    family,
    given,
    cityUsesOld: family.old !== undefined && rng.chance(0.5),
    birthDate,
    age,
    sex,
    locality: place.locality,
    lot: [rng.int(1, 120), rng.int(1, 30)],
    location: place.location,
    needs,
    consent: rng.chance(0.6),
    variantSeed: seedOf(seed, m.codeNumber, index, SALT.variants),
  };
  if (rng.chance(0.9)) {
    const mobile = rng.chance(0.25);
    const area = mobile ? rng.pick(['090', '080', '070']) : m.muni.phoneArea;
    // Mobile numbers are 3-4-4; fixed lines have ten digits in all, the area code taking from the exchange.
    const exchangeWidth = mobile ? 4 : 6 - area.length;
    person.phone = { area, exchange: pad(rng.int(10 ** (exchangeWidth - 1) * 2, 10 ** exchangeWidth - 1), exchangeWidth), line: pad(rng.int(0, 9999), 4) };
  }
  const bedridden = needs.includes('bedridden');
  if ((age >= 40 && rng.chance(0.7)) || membership.careClient || bedridden) person.careLevel = pickCareLevel(rng, bedridden);
  if (membership.dialysis) person.dialysisSchedule = rng.pick(dialysisSchedules);
  if (needs.includes('home-oxygen')) person.oxygen = drawOxygen(rng);
  if (needs.includes('limited-japanese')) person.language = rng.pick(languages);
  return person;
}
