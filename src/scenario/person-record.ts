// Writing a true person down as one source's Record draft: the city's list is the reference spelling; a clinic's
// or care provider's copy of a listed person differs in one or two ways, as real registers do.
import { areaCode } from '../model/area-code.ts';
import type { Person } from '../model/person.ts';
import type { RecordDraft } from '../model/record.ts';
import { Draws, opaqueId, saltOf } from './hash.ts';
import { SCENARIO_OBSERVED_AT } from './plan.ts';
import { chooseVariants, phoneText, phoneVariantForms, toFullWidth, type PhoneNumber, type SpellingVariant } from './spelling.ts';
import type { TruePerson } from './true-person.ts';

export const SCENARIO_ADAPTER = 'tsunagu-scenario-generator';
/** The quality note of every synthetic person, the demo's included. */
export const SYNTHETIC_NOTE = '合成データ（架空の人物）/ synthetic data, fictitious person';
export const SYNTHETIC_FACILITY_NOTE = '合成データ（架空の施設）/ synthetic data, fictional facility';
export const SYNTHETIC_STOCK_NOTE = '合成データ（架空の在庫）/ synthetic data, fictional stock';
const syntheticNotes = { person: SYNTHETIC_NOTE, facility: SYNTHETIC_FACILITY_NOTE, stock: SYNTHETIC_STOCK_NOTE } as const;
const OXYGEN_AS_OF = '2024-01-01T08:00:00+09:00';

export type { SpellingVariant } from './spelling.ts';
export { spellingVariants } from './spelling.ts';

/** One or two variants, always at least one that changes the text; the same for every provider list of a person. */
export function variantsFor(p: TruePerson): SpellingVariant[] {
  return chooseVariants(new Draws(p.variantSeed), p);
}

function writtenPhone(p: PhoneNumber, variant: boolean, choice: number): string {
  if (!variant) return phoneText(p);
  const forms = phoneVariantForms(p);
  return forms[choice % forms.length]!;
}

/** Record id on a node: opaque, unique per node and municipality, unrelated across nodes. */
export function personRecordId(nodeId: string, seed: number, p: TruePerson): string {
  return `${nodeId}:${p.municipality.muni.code}-${opaqueId(p.index, (saltOf(nodeId) ^ seed) >>> 0)}`;
}

export interface PersonRendering {
  nodeId: string;
  recordId: string;
  variants: readonly SpellingVariant[];
  /** The facility record id of the person's dialysis clinic, when known to this source. */
  clinicId?: string;
}

export function personPayload(p: TruePerson, r: PersonRendering): Person {
  const has = (v: SpellingVariant) => r.variants.includes(v);
  const useOld = has('old-kanji') ? !p.cityUsesOld : p.cityUsesOld;
  const family = useOld && p.family.old ? p.family.old : p.family.kanji;
  const given = has('kana-given-name') ? p.given.kana : p.given.kanji;
  const space = has('full-width') ? '\u3000' : ' ';
  const muni = p.municipality.muni;
  const lot = `${p.lot[0]}-${p.lot[1]}`;
  const code = areaCode(muni.code);
  return {
    name: { full: `${family}${space}${given}`, family, given, kana: `${p.family.kana} ${p.given.kana}` },
    ...(has('no-birth-date') ? {} : { birthDate: p.birthDate }),
    sex: p.sex,
    areaCode: code,
    address: {
      text: `${muni.prefecture}${muni.name}${p.locality}${has('full-width') ? toFullWidth(lot) : lot}`,
      prefecture: muni.prefecture,
      municipality: muni.name,
      locality: p.locality,
      areaCode: code,
    },
    location: { type: 'Point', coordinates: [p.location[0], p.location[1]] },
    ...(p.phone ? { contact: { phone: writtenPhone(p.phone, has('phone-format'), p.variantSeed >>> 3) } } : {}),
    care: {
      needs: [...p.needs],
      ...(p.careLevel ? { careLevel: p.careLevel } : {}),
      ...(p.dialysisSchedule ? { dialysis: { schedule: [...p.dialysisSchedule], ...(r.clinicId ? { clinic: r.clinicId } : {}) } } : {}),
      ...(p.oxygen ? { homeOxygen: { supplyHoursLeft: p.oxygen.hoursLeft, asOf: OXYGEN_AS_OF, flowRateLpm: p.oxygen.flow } } : {}),
      ...(p.language ? { language: p.language } : {}),
    },
    consent: { shareWithSupporters: p.consent },
    onEvacuationSupportList: p.membership.onList,
    safety: { status: 'unknown' },
  };
}

export function syntheticDraft<T extends 'person' | 'facility' | 'stock'>(type: T, id: string, nodeId: string, data: RecordDraft<T>['data']): RecordDraft<T> {
  return {
    id,
    type,
    sourceNode: nodeId,
    observedAt: SCENARIO_OBSERVED_AT,
    quality: { level: 'synthetic', note: syntheticNotes[type] },
    lineage: [{ activity: 'entry', sourceNode: nodeId, adapter: SCENARIO_ADAPTER, at: SCENARIO_OBSERVED_AT }],
    data,
  } as RecordDraft<T>;
}
