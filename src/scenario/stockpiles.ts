// Stock (物資在庫) of the scenario's depots, care sites and dialysis clinics: one stock record per item line, its
// quantity planned from the people the holder serves and drawn around that plan from the seed. The planning figures
// below are assumptions in the spirit of Japanese guidance, stated in docs/scenario.md and in the manifest.
import type { StockCategory, StockUnit } from '../model/codes.ts';
import type { RecordDraft } from '../model/record.ts';
import type { Stock } from '../model/stock.ts';
import { Draws, saltOf, seedOf } from './hash.ts';
import { syntheticDraft } from './person-record.ts';
import type { ScenarioNode, ScenarioNodeKind, ScenarioPlan } from './plan.ts';

export const stockPlanning = {
  /** Residents a municipality plans to shelter: its stockpile is sized for them, not for everyone. */
  evacueeShare: 0.1,
  /** Days municipal stock must last: push support (プッシュ型支援) from the state is planned from day 4. */
  municipalDays: 3,
  /** Days of the prefecture's complementary stock at its wide-area hubs, for the prefecture's planned evacuees. */
  prefecturalDays: 1,
  /** Care sites keep 3 days for residents and the staff on duty (BCP guidance); staff per bed. */
  careDays: 3,
  careStaffPerBed: 0.3,
  /** Dialysis consumables for 3 days at two sessions per station a day. */
  dialysisDays: 3,
  dialysisSessionsPerStationDay: 2,
  /** Each line holds between these shares of its plan (stockpiles are rarely exactly at target), in whole packs. */
  fillMin: 0.5,
  fillMax: 1.2,
} as const;

/** Who among the people a holder serves needs an item (shares of evacuees, from national demographics). */
const share = {
  /** Infants fed formula: ≈0.6 % of residents are under one (≈770,000 births a year), about half formula-fed. */
  formulaInfants: 0.003,
  /** Children in diapers: ages 0–2, ≈2 % of residents. */
  diaperChildren: 0.02,
  /** Adults in diapers: older people with incontinence, ≈2 % of residents. */
  diaperAdults: 0.02,
  /** Menstruating on a given day: women 12–51 (≈19 % of residents) a quarter of the time. */
  menstruating: 0.05,
  /** Meals to be allergy-friendly (free of the eight specified allergens). */
  allergyFriendlyMeals: 0.1,
} as const;

type Holder = 'municipal-depot' | 'prefectural-hub' | 'care-facility' | 'dialysis-clinic';

interface LineTemplate {
  /** Unique within a holder: the record id is `<holder id>:stock-<key>`. */
  key: string;
  category: StockCategory;
  name: { ja: string; en: string };
  unit: StockUnit;
  /** Quantities are whole packs (a case of 6 × 2 L bottles is 12 L). */
  pack: number;
  /** Per planned person per day (consumables). */
  perPersonDay?: number;
  /** Per planned person, once (blankets, beds). */
  perPerson?: number;
  /** Per holder, whatever it serves (generators and their fuel). */
  perHolder?: number;
  /** Years a fresh item keeps; the line's expiry falls within this from the scenario date. */
  shelfYears?: number;
  allergens?: Stock['allergens'];
}

const water: LineTemplate = { key: 'water', category: 'drinking-water', name: { ja: '保存水 2L（5年保存）', en: 'Long-life drinking water, 2 L bottles' }, unit: 'litre', pack: 12, perPersonDay: 3, shelfYears: 5 };
const toilets: LineTemplate = { key: 'portable-toilets', category: 'portable-toilet', name: { ja: '携帯トイレ（凝固剤・処理袋）', en: 'Portable toilet bags with absorbent' }, unit: 'use', pack: 100, perPersonDay: 5, shelfYears: 10 };
const adultDiapers: LineTemplate = { key: 'adult-diapers', category: 'adult-diaper', name: { ja: '大人用紙おむつ', en: 'Adult diapers' }, unit: 'sheet', pack: 30, perPersonDay: share.diaperAdults * 6 };

/** The eight push-support basic items plus water, beds and partitions: what shelters draw from a municipal depot. */
const shelterSupplies: readonly LineTemplate[] = [
  water,
  { key: 'food', category: 'food', name: { ja: '缶入りパン・保存用ビスケット', en: 'Canned bread and long-life biscuits' }, unit: 'meal', pack: 24, perPersonDay: 3 * (1 - share.allergyFriendlyMeals), shelfYears: 5, allergens: { contains: ['egg', 'milk', 'wheat'] } },
  { key: 'allergy-friendly-food', category: 'allergy-friendly-food', name: { ja: 'アルファ化米（特定原材料8品目不使用）', en: 'Instant rice free of the 8 specified allergens' }, unit: 'meal', pack: 50, perPersonDay: 3 * share.allergyFriendlyMeals, shelfYears: 5, allergens: { contains: [] } },
  { key: 'infant-formula', category: 'infant-formula', name: { ja: '乳児用液体ミルク 240mL', en: 'Liquid infant formula, 240 mL' }, unit: 'piece', pack: 24, perPersonDay: share.formulaInfants * 6, shelfYears: 1, allergens: { contains: ['milk'] } },
  { key: 'baby-diapers', category: 'baby-diaper', name: { ja: '乳児・小児用紙おむつ', en: 'Baby and child diapers' }, unit: 'sheet', pack: 50, perPersonDay: share.diaperChildren * 8 },
  adultDiapers,
  toilets,
  { key: 'toilet-paper', category: 'toilet-paper', name: { ja: 'トイレットペーパー', en: 'Toilet paper' }, unit: 'roll', pack: 96, perPersonDay: 0.25 },
  { key: 'menstrual-products', category: 'menstrual-product', name: { ja: '生理用ナプキン', en: 'Sanitary pads' }, unit: 'piece', pack: 200, perPersonDay: share.menstruating * 6 },
  { key: 'blankets', category: 'blanket', name: { ja: '毛布（圧縮梱包）', en: 'Blankets, vacuum-packed' }, unit: 'sheet', pack: 10, perPerson: 1 },
  { key: 'cardboard-beds', category: 'cardboard-bed', name: { ja: '段ボールベッド', en: 'Cardboard beds' }, unit: 'set', pack: 1, perPerson: 0.05 },
  { key: 'partitions', category: 'partition', name: { ja: '間仕切り（パーティション）', en: 'Partitions' }, unit: 'set', pack: 1, perPerson: 0.1 },
  { key: 'masks', category: 'hygiene-supplies', name: { ja: 'マスク', en: 'Face masks' }, unit: 'piece', pack: 50, perPersonDay: 1, shelfYears: 5 },
];

const templates: Readonly<Record<Holder, readonly LineTemplate[]>> = {
  'municipal-depot': [
    ...shelterSupplies,
    { key: 'first-aid', category: 'medical-supplies', name: { ja: '救急セット', en: 'First-aid kits' }, unit: 'set', pack: 1, perPerson: 0.01, shelfYears: 3 },
    { key: 'generators', category: 'generator', name: { ja: '可搬型発電機（ガソリン）', en: 'Portable petrol generators' }, unit: 'unit', pack: 1, perHolder: 2 },
    { key: 'fuel', category: 'fuel', name: { ja: 'ガソリン（携行缶）', en: 'Petrol in jerry cans' }, unit: 'litre', pack: 20, perHolder: 80 },
  ],
  // A wide-area hub relays the state's push support; what it holds itself complements the municipalities.
  'prefectural-hub': shelterSupplies.filter((t) => t.key !== 'masks' && t.key !== 'toilet-paper'),
  'care-facility': [
    water,
    { key: 'care-food', category: 'food', name: { ja: '介護食（やわらか食）', en: 'Soft meals for care' }, unit: 'meal', pack: 24, perPersonDay: 3, shelfYears: 3 },
    // Seven in ten residents use diapers (6 a day); the planned persons include the staff, hence the division.
    { ...adultDiapers, perPersonDay: (0.7 * 6) / (1 + stockPlanning.careStaffPerBed) },
    toilets,
  ],
  'dialysis-clinic': [
    { key: 'dialysis-sets', category: 'medical-supplies', name: { ja: '透析用品（ダイアライザ・血液回路・透析剤）', en: 'Dialysis consumables (dialysers, blood lines, concentrate)' }, unit: 'set', pack: 10, perPersonDay: stockPlanning.dialysisSessionsPerStationDay, shelfYears: 2 },
    { key: 'generator', category: 'generator', name: { ja: '非常用発電機', en: 'Emergency generator' }, unit: 'unit', pack: 1, perHolder: 1 },
    { key: 'fuel', category: 'fuel', name: { ja: 'A重油（非常用発電機用）', en: 'Fuel oil for the emergency generator' }, unit: 'litre', pack: 200, perHolder: 1_500 },
  ],
};

function holderOf(kind: ScenarioNodeKind, facility: RecordDraft<'facility'>): Holder | undefined {
  switch (facility.data.kind) {
    case 'depot':
      return kind === 'prefecture' ? 'prefectural-hub' : 'municipal-depot';
    case 'care-facility':
      return 'care-facility';
    case 'dialysis-clinic':
      return 'dialysis-clinic';
    default:
      return undefined;
  }
}

/** Stock lines one holder of a node kind gets: for the writer's progress estimate. */
export function stockLinesPerSite(kind: ScenarioNodeKind): number {
  switch (kind) {
    case 'municipality':
      return templates['municipal-depot'].length;
    case 'prefecture':
      return templates['prefectural-hub'].length;
    case 'care-provider':
      return templates['care-facility'].length;
    case 'dialysis-provider':
      return templates['dialysis-clinic'].length;
  }
}

const populationOf = (plan: ScenarioPlan, indexes: readonly number[]) => indexes.reduce((s, i) => s + plan.municipalities[i]!.muni.population, 0);

/** People the holder's stock is planned for, and for how many days. */
function basisOf(plan: ScenarioPlan, node: ScenarioNode, holder: Holder, facility: RecordDraft<'facility'>): { persons: number; days: number } {
  const p = stockPlanning;
  switch (holder) {
    case 'municipal-depot':
      // A municipality's depots share its planned evacuees equally.
      return { persons: (populationOf(plan, node.municipalities) * p.evacueeShare) / node.sites, days: p.municipalDays };
    case 'prefectural-hub':
      return { persons: (populationOf(plan, node.municipalities) * p.evacueeShare) / node.sites, days: p.prefecturalDays };
    case 'care-facility':
      return { persons: (facility.data.capacity?.beds ?? 0) * (1 + p.careStaffPerBed), days: p.careDays };
    case 'dialysis-clinic':
      return { persons: facility.data.capacity?.dialysisStations ?? 0, days: p.dialysisDays };
  }
}

const SCENARIO_DAY_MS = Date.UTC(2024, 0, 1);
const DAY_MS = 86_400_000;

function line(facility: RecordDraft<'facility'>, t: LineTemplate, planned: number, rng: Draws): Stock {
  const fill = stockPlanning.fillMin + (stockPlanning.fillMax - stockPlanning.fillMin) * rng.next();
  const quantity = Math.max(1, Math.ceil((planned * fill) / t.pack)) * t.pack;
  // Bought at some point within the shelf life, so expiry dates spread over the years ahead, the soonest first to use.
  const expiresOn =
    t.shelfYears === undefined ? undefined : new Date(SCENARIO_DAY_MS + (1 + Math.floor(rng.next() * t.shelfYears * 365)) * DAY_MS).toISOString().slice(0, 10);
  const { location } = facility.data;
  return {
    heldAt: { type: 'facility', id: facility.id },
    areaCode: facility.data.areaCode,
    ...(location ? { location: { type: 'Point', coordinates: [location.coordinates[0], location.coordinates[1]] } } : {}),
    item: { category: t.category, name: { ...t.name } },
    quantity,
    unit: t.unit,
    ...(expiresOn ? { expiresOn } : {}),
    ...(t.allergens ? { allergens: { contains: [...t.allergens.contains] } } : {}),
  };
}

export function stockRecordId(holderId: string, key: string): string {
  return `${holderId}:stock-${key}`;
}

/** The stock lines a facility of the node holds (none for kinds that keep no stockpile here). */
export function* facilityStock(plan: ScenarioPlan, node: ScenarioNode, facility: RecordDraft<'facility'>): Generator<RecordDraft<'stock'>> {
  const holder = holderOf(node.kind, facility);
  if (holder === undefined) return;
  const { persons, days } = basisOf(plan, node, holder, facility);
  const salt = saltOf(facility.id);
  const lines = templates[holder];
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i]!;
    const planned = persons * days * (t.perPersonDay ?? 0) + persons * (t.perPerson ?? 0) + (t.perHolder ?? 0);
    const data = line(facility, t, planned, new Draws(seedOf(plan.seed, salt, i, 3)));
    yield syntheticDraft('stock', stockRecordId(facility.id, t.key), node.id, data);
  }
}
