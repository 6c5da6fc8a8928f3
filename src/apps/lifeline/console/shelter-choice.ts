// Which shelters the safety dialog offers for a person, and in what order: by default those of the person's
// municipality and of its neighbours, nearest first; widened on request to every shelter; narrowed by what the
// operator types. Pure, so the rule is tested apart from the page.
import { metresBetween } from '../../../model/geo.ts';

/** What the dialog needs of a shelter (a joined map feature: one entry per place). */
export interface ShelterOption {
  id: string;
  /** Every record joined into this shelter, so a status saved under any of them finds it. */
  ids: readonly string[];
  name: string;
  nameEn?: string;
  areaCode?: string;
  at?: readonly [number, number];
}

/** Two municipalities are neighbours when one has a shelter this close (metres) to a shelter of the other. */
export const NEIGHBOUR_METRES = 3_000;
/** Without a municipality to go by, the default is the shelters this close to the person. */
export const NEARBY_METRES = 10_000;

export interface ChoiceInput {
  person: { areaCode?: string; at?: readonly [number, number] };
  /** Every shelter, or only the person's municipality and its neighbours (with no municipality: those nearby). */
  wide: boolean;
  /** What the operator typed; matched against both names, ignoring width and spaces. */
  text: string;
}

export interface OfferedShelter extends ShelterOption {
  /** From the person, when both positions are known. */
  metres?: number;
}

const key = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

/** The municipalities with a shelter within NEIGHBOUR_METRES of one of `home`'s, `home` included. */
export function neighbouringAreas(shelters: readonly ShelterOption[], home: string): Set<string> {
  const own = shelters.filter((s) => s.areaCode === home && s.at);
  const areas = new Set([home]);
  for (const s of shelters) {
    if (!s.areaCode || areas.has(s.areaCode) || !s.at) continue;
    if (own.some((o) => metresBetween(o.at!, s.at!) <= NEIGHBOUR_METRES)) areas.add(s.areaCode);
  }
  return areas;
}

/** The shelters to offer, nearest first (by name where the person's position is unknown). */
export function offeredShelters(shelters: readonly ShelterOption[], input: ChoiceInput, neighbours?: ReadonlySet<string>): OfferedShelter[] {
  const { person } = input;
  const near = (s: ShelterOption) => (person.at && s.at ? metresBetween(person.at, s.at) : undefined);
  let pool: readonly ShelterOption[] = shelters;
  if (!input.wide) {
    if (person.areaCode) {
      const areas = neighbours ?? neighbouringAreas(shelters, person.areaCode);
      pool = shelters.filter((s) => s.areaCode !== undefined && areas.has(s.areaCode));
    } else if (person.at) pool = shelters.filter((s) => (near(s) ?? Infinity) <= NEARBY_METRES);
  }
  const text = key(input.text);
  if (text !== '') pool = pool.filter((s) => key(s.name).includes(text) || (s.nameEn !== undefined && key(s.nameEn).includes(text)));
  return pool
    .map((s): OfferedShelter => {
      const metres = near(s);
      return metres === undefined ? { ...s } : { ...s, metres };
    })
    .sort((a, b) => (a.metres ?? Infinity) - (b.metres ?? Infinity) || a.name.localeCompare(b.name, 'ja'));
}
