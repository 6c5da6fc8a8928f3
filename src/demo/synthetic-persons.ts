// Synthetic persons requiring care for the Noto demo: the city's evacuation-support lists (避難行動要支援者名簿), a
// dialysis clinic's patients and a home-care provider's clients, generated from a seed. Every person is fictitious
// (stock form-example given names like 花子 and 権兵衛, quality `synthetic`), lives in a real 町字 near a real shelter, and a
// known subset appears on two or three lists written differently, so entity resolution has real work to do. After the
// quake, Nanao's lists know who is in which open shelter, who has a food allergy, and a few infants (after-the-quake.ts).
import type { Allergen, CareNeed } from '../model/codes.ts';
import type { Person } from '../model/person.ts';
import type { RecordDraft } from '../model/record.ts';
import { areaCode } from '../model/area-code.ts';
import { seedOf } from '../scenario/hash.ts';
import { dialysisSchedules, drawCareNeeds, drawOxygen, ensureListReason } from '../scenario/care-needs.ts';
import type { Locality } from '../scenario/localities.ts';
import { selectFamilyNames, selectGivenNames, type FamilyName, type GivenName } from '../scenario/names.ts';
import { SYNTHETIC_NOTE } from '../scenario/person-record.ts';
import { ageBands, careLevels, demoHomeOxygenRate } from '../scenario/rates.ts';
import type { PersonFacts } from '../scenario/true-person.ts';
import { chooseVariants, phoneText as cityPhoneText, phoneVariantForms, toFullWidth, type PhoneNumber, type SpellingVariant } from '../scenario/spelling.ts';
import { allergyNote, drawAllergens, drawWhereabouts, infantBirthDate, infantHouseholdRate, motherAges, safetyOf, type OpenShelter, type Whereabouts } from './after-the-quake.ts';
import { mulberry32, type Prng } from './prng.ts';
import { demoCities, demoParticipantByKey, type DemoCityCode } from './scenario.ts';

export type PersonListName = 'nanao-support-list' | 'wajima-support-list' | 'dialysis-patients' | 'care-clients';

export type { SpellingVariant } from '../scenario/spelling.ts';

export interface SyntheticPersonsOptions {
  seed: number;
  localities: Record<DemoCityCode, readonly Locality[]>;
  /** The shelters each city's newest open-shelter data lists as open (none for a city without such data). */
  openShelters: Record<DemoCityCode, readonly OpenShelter[]>;
  sizes?: Partial<SyntheticSizes>;
}

export interface SyntheticSizes {
  nanao: number;
  wajima: number;
  clinicPatients: number;
  careClients: number;
}

export const defaultSyntheticSizes: SyntheticSizes = { nanao: 300, wajima: 200, clinicPatients: 60, careClients: 80 };

/** One person on several lists: the ground truth entity resolution should find. */
export interface OverlapTruth {
  /** The hidden identity shared by the records (never stored in them). */
  personKey: string;
  records: { list: PersonListName; recordId: string }[];
  /** The variants applied to the non-city records (the city's record is the reference spelling). */
  variants: SpellingVariant[];
}

export interface SyntheticPopulation {
  seed: number;
  lists: Record<PersonListName, RecordDraft<'person'>[]>;
  overlaps: OverlapTruth[];
}

/** Which node holds which list. */
export const listHolders: Record<PersonListName, string> = {
  'nanao-support-list': demoParticipantByKey('nanao').id,
  'wajima-support-list': demoParticipantByKey('wajima').id,
  'dialysis-patients': demoParticipantByKey('dialysis').id,
  'care-clients': demoParticipantByKey('care').id,
};

const OBSERVED_AT = '2024-01-01T09:00:00+09:00';
const OXYGEN_AS_OF = '2024-01-01T16:10:00+09:00';
const REFERENCE_YEAR = 2024;
export { SYNTHETIC_NOTE } from '../scenario/person-record.ts';

// The demo's cast, drawn from the shared name tables in this order (the order is part of the seeded output): family
// names with a 旧字体 form and common Noto names; given names only of 記入例, so nobody mistakes them for real people.
const familyNames: readonly FamilyName[] = selectFamilyNames([
  '高橋', '渡辺', '斎藤', '浜田', '沢田', '山崎', '広瀬', '桜井', '田辺', '山田', '中島', '北村', '坂本', '池田', '西田', '谷内', '道下', '大森',
]);
const givenNames: readonly GivenName[] = selectGivenNames([
  '太郎', '一郎', '次郎', '三郎', '五郎', '権兵衛', '金太郎', '亀吉', '花子', '梅子', '松子', '竹子', '桃子', '菊子', '鶴子', '春子',
]);

/** The underlying person, before any list writes them down. */
interface TruePerson extends PersonFacts {
  city: DemoCityCode;
  locality: Locality;
  onList: boolean;
  /** After the quake; absent for those whose whereabouts the lifeline walkthrough is about (dialysis, home oxygen). */
  whereabouts?: Whereabouts;
  allergens?: Allergen[];
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Ages skew old: most of the people on these lists are over 75. */
function birthDate(rng: Prng): string {
  const age = rng.weighted(ageBands);
  const years = rng.int(age[0], age[1]);
  const month = rng.int(1, 12);
  const day = rng.int(1, 28);
  return `${REFERENCE_YEAR - 1 - years}-${pad(month, 2)}-${pad(day, 2)}`;
}

function careNeeds(rng: Prng, age: number): CareNeed[] {
  return ensureListReason(rng, drawCareNeeds(rng, age, demoHomeOxygenRate));
}

function makePerson(rng: Prng, key: string, city: DemoCityCode, localities: readonly Locality[], onList: boolean): TruePerson {
  const family = rng.pick(familyNames);
  const given = rng.pick(givenNames);
  const born = birthDate(rng);
  const age = REFERENCE_YEAR - Number(born.slice(0, 4));
  const locality = rng.pick(localities);
  // Within about 500 m of the locality's shelter.
  const location: [number, number] = [
    Number((locality.near[0] + (rng.next() - 0.5) * 0.012).toFixed(6)),
    Number((locality.near[1] + (rng.next() - 0.5) * 0.009).toFixed(6)),
  ];
  const mobile = rng.chance(0.25);
  const needs = careNeeds(rng, age);
  const person: TruePerson = {
    key,
    city,
    family,
    given,
    cityUsesOld: family.old !== undefined && rng.chance(0.5),
    birthDate: born,
    locality,
    lot: [rng.int(1, 120), rng.int(1, 30)],
    location,
    ...(rng.chance(0.9)
      ? {
          phone: mobile
            ? { area: rng.pick(['090', '080', '070']), exchange: pad(rng.int(1000, 9999), 4), line: pad(rng.int(0, 9999), 4) }
            : { area: demoCities[city].phoneAreaCode, exchange: pad(rng.int(50, 68), 2), line: pad(rng.int(0, 9999), 4) },
        }
      : {}),
    needs,
    ...(age >= 40 && rng.chance(0.7) ? { careLevel: rng.pick(careLevels) } : {}),
    consent: rng.chance(0.6),
    onList,
  };
  if (needs.includes('home-oxygen')) person.oxygen = drawOxygen(rng);
  return person;
}

function makeDialysisPatient(rng: Prng, p: TruePerson): void {
  if (!p.needs.includes('dialysis')) p.needs.push('dialysis');
  p.dialysisSchedule ??= rng.pick(dialysisSchedules);
}

// A stream of its own for the facts after the quake: the draws of everything before stay as they were.
const AFTER_THE_QUAKE_SALT = 0x0a7e_2024;

/**
 * Whereabouts and food allergies of every person (in creation order), and the infants of listed households, per city
 * (written on the city's list after its other persons). Dialysis and home-oxygen patients are left as they were: the
 * lifeline walkthrough is about finding them.
 */
function afterTheQuake(seed: number, persons: readonly TruePerson[], openShelters: Record<DemoCityCode, readonly OpenShelter[]>, nextKey: () => string): Record<DemoCityCode, TruePerson[]> {
  const rng = mulberry32(seedOf(seed, AFTER_THE_QUAKE_SALT));
  const infants: Record<DemoCityCode, TruePerson[]> = { '172022': [], '172049': [] };
  for (const p of persons) {
    if (p.needs.includes('dialysis') || p.needs.includes('home-oxygen')) continue;
    p.whereabouts = drawWhereabouts(rng, p.location, openShelters[p.city]);
    const found = drawAllergens(rng);
    if (found.length > 0) {
      p.allergens = found;
      p.needs.push('food-allergy');
    }
  }
  for (const city of Object.keys(infants) as DemoCityCode[]) {
    const women = persons.filter((p) => {
      const age = REFERENCE_YEAR - Number(p.birthDate.slice(0, 4));
      return p.city === city && p.onList && p.whereabouts !== undefined && p.given.sex === 'female' && age >= motherAges[0] && age <= motherAges[1];
    });
    for (const mother of rng.sample(women, Math.round(women.length * infantHouseholdRate))) {
      // The mother's household: same family name, address, phone and consent, and wherever she went.
      infants[city].push({
        key: nextKey(), city, family: mother.family, given: rng.pick(givenNames), cityUsesOld: mother.cityUsesOld,
        birthDate: infantBirthDate(rng), locality: mother.locality, lot: mother.lot, location: mother.location,
        ...(mother.phone ? { phone: mother.phone } : {}), needs: ['infant'], consent: mother.consent, onList: true, whereabouts: mother.whereabouts!,
      });
    }
  }
  return infants;
}

interface Spelling {
  variants: readonly SpellingVariant[];
  /** Use the other family-name form than the city's register. */
  flipKanji: boolean;
}

const REFERENCE: Spelling = { variants: [], flipKanji: false };

function phoneText(p: PhoneNumber, variant: boolean, rng: Prng): string {
  return variant ? rng.pick(phoneVariantForms(p)) : cityPhoneText(p);
}

function toPerson(p: TruePerson, spelling: Spelling, rng: Prng, clinicId?: string): Person {
  const has = (v: SpellingVariant) => spelling.variants.includes(v);
  const useOld = spelling.flipKanji ? !p.cityUsesOld : p.cityUsesOld;
  const family = useOld && p.family.old ? p.family.old : p.family.kanji;
  const given = has('kana-given-name') ? p.given.kana : p.given.kanji;
  const space = has('full-width') ? '\u3000' : ' ';
  const city = demoCities[p.city];
  const lot = `${p.lot[0]}-${p.lot[1]}`;
  const addressText = `石川県${city.ja}${p.locality.name}${has('full-width') ? toFullWidth(lot) : lot}`;
  const needs = [...p.needs];
  const person: Person = {
    name: { full: `${family}${space}${given}`, family, given, kana: `${p.family.kana} ${p.given.kana}` },
    ...(has('no-birth-date') ? {} : { birthDate: p.birthDate }),
    sex: p.given.sex,
    areaCode: areaCode(p.city),
    address: { text: addressText, prefecture: '石川県', municipality: city.ja, locality: p.locality.name, areaCode: areaCode(p.city) },
    location: { type: 'Point', coordinates: p.location },
    ...(p.phone ? { contact: { phone: phoneText(p.phone, has('phone-format'), rng) } } : {}),
    care: {
      needs,
      ...(p.careLevel ? { careLevel: p.careLevel } : {}),
      ...(p.dialysisSchedule ? { dialysis: { schedule: [...p.dialysisSchedule], ...(clinicId ? { clinic: clinicId } : {}) } } : {}),
      ...(p.oxygen ? { homeOxygen: { supplyHoursLeft: p.oxygen.hoursLeft, asOf: OXYGEN_AS_OF, flowRateLpm: p.oxygen.flow } } : {}),
      ...(needs.includes('limited-japanese') ? { language: 'vi' } : {}),
      ...(p.allergens && p.allergens.length > 0 ? { note: allergyNote(p.allergens)! } : {}),
    },
    consent: { shareWithSupporters: p.consent },
    onEvacuationSupportList: p.onList,
    safety: safetyOf(p.whereabouts ?? { kind: 'unknown' }),
  };
  return person;
}

function draft(list: PersonListName, id: string, data: Person): RecordDraft<'person'> {
  const sourceNode = listHolders[list];
  return {
    id,
    type: 'person',
    sourceNode,
    observedAt: OBSERVED_AT,
    quality: { level: 'synthetic', note: SYNTHETIC_NOTE },
    lineage: [{ activity: 'entry', sourceNode, adapter: 'tsunagu-demo-synthetic-persons', at: OBSERVED_AT }],
    data,
  };
}

/** Generate the four lists and the ground truth of who is on more than one. Same seed, same output. */
export function generateSyntheticPersons(options: SyntheticPersonsOptions): SyntheticPopulation {
  const sizes = { ...defaultSyntheticSizes, ...options.sizes };
  const rng = mulberry32(options.seed);
  for (const code of Object.keys(demoCities) as DemoCityCode[]) {
    if (options.localities[code].length === 0) throw new Error(`no localities for ${code}`);
  }
  let n = 0;
  const nextKey = () => `person-${pad(++n, 4)}`;
  const nanao = Array.from({ length: sizes.nanao }, () => makePerson(rng, nextKey(), '172022', options.localities['172022'], true));
  const wajima = Array.from({ length: sizes.wajima }, () => makePerson(rng, nextKey(), '172049', options.localities['172049'], true));

  // Two in three clinic patients are on Nanao's list; the rest are not (independent enough to be left off it).
  const clinicOverlapCount = Math.min(Math.round(sizes.clinicPatients * (2 / 3)), nanao.length);
  const clinicFromList = rng.sample(nanao, clinicOverlapCount);
  const clinicOnly = Array.from({ length: sizes.clinicPatients - clinicOverlapCount }, () =>
    makePerson(rng, nextKey(), '172022', options.localities['172022'], false),
  );
  const clinicPatients = [...clinicFromList, ...clinicOnly];
  for (const p of clinicPatients) makeDialysisPatient(rng, p);

  // The care provider serves both cities; a few of its clients are also the clinic's patients.
  const careOverlapTotal = Math.round(sizes.careClients * 0.625);
  const careAlsoClinic = rng.sample(clinicFromList, Math.min(5, clinicFromList.length, careOverlapTotal));
  const nanaoRest = nanao.filter((p) => !clinicFromList.includes(p));
  const fromNanao = rng.sample(nanaoRest, Math.max(0, Math.round(careOverlapTotal * 0.6) - careAlsoClinic.length));
  const fromWajima = rng.sample(wajima, Math.max(0, careOverlapTotal - careAlsoClinic.length - fromNanao.length));
  const careOnly = Array.from({ length: Math.max(0, sizes.careClients - careAlsoClinic.length - fromNanao.length - fromWajima.length) }, (_, i) => {
    const city: DemoCityCode = i % 2 === 0 ? '172022' : '172049';
    return makePerson(rng, nextKey(), city, options.localities[city], false);
  });
  const careClients = [...careAlsoClinic, ...fromNanao, ...fromWajima, ...careOnly];
  for (const p of careClients) p.careLevel ??= rng.pick(careLevels);
  const infants = afterTheQuake(options.seed, [...nanao, ...wajima, ...clinicOnly, ...careOnly], options.openShelters, nextKey);

  const clinicId = listHolders['dialysis-patients'];
  const lists: Record<PersonListName, RecordDraft<'person'>[]> = {
    'nanao-support-list': [],
    'wajima-support-list': [],
    'dialysis-patients': [],
    'care-clients': [],
  };
  const truths = new Map<string, OverlapTruth>();
  const recordIdOf = new Map<TruePerson, Partial<Record<PersonListName, string>>>();
  const note = (p: TruePerson, list: PersonListName, recordId: string) => {
    const ids = recordIdOf.get(p) ?? {};
    ids[list] = recordId;
    recordIdOf.set(p, ids);
  };

  [...nanao, ...infants['172022']].forEach((p, i) => {
    const id = `nanao-support-${pad(i + 1, 4)}`;
    lists['nanao-support-list'].push(draft('nanao-support-list', id, toPerson(p, REFERENCE, rng, p.dialysisSchedule ? clinicId : undefined)));
    note(p, 'nanao-support-list', id);
  });
  [...wajima, ...infants['172049']].forEach((p, i) => {
    const id = `wajima-support-${pad(i + 1, 4)}`;
    lists['wajima-support-list'].push(draft('wajima-support-list', id, toPerson(p, REFERENCE, rng)));
    note(p, 'wajima-support-list', id);
  });

  const variantsOf = new Map<TruePerson, SpellingVariant[]>();
  const spellingFor = (p: TruePerson): Spelling => {
    if (!p.onList) return REFERENCE;
    const variants = variantsOf.get(p) ?? chooseVariants(rng, p);
    variantsOf.set(p, variants);
    return { variants, flipKanji: variants.includes('old-kanji') };
  };
  clinicPatients.forEach((p, i) => {
    const id = `clinic-patient-${pad(i + 1, 3)}`;
    lists['dialysis-patients'].push(draft('dialysis-patients', id, toPerson(p, spellingFor(p), rng, clinicId)));
    note(p, 'dialysis-patients', id);
  });
  careClients.forEach((p, i) => {
    const id = `care-client-${pad(i + 1, 3)}`;
    lists['care-clients'].push(draft('care-clients', id, toPerson(p, spellingFor(p), rng, p.dialysisSchedule ? clinicId : undefined)));
    note(p, 'care-clients', id);
  });

  for (const [p, ids] of recordIdOf) {
    const records = (Object.entries(ids) as [PersonListName, string][]).map(([list, recordId]) => ({ list, recordId }));
    if (records.length < 2) continue;
    truths.set(p.key, { personKey: p.key, records, variants: variantsOf.get(p) ?? [] });
  }
  const overlaps = [...truths.values()].sort((a, b) => (a.personKey < b.personKey ? -1 : 1));
  return { seed: options.seed, lists, overlaps };
}
