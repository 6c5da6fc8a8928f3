// Controlled vocabularies shared by every part of Tsunagu. Codes are stable identifiers (never translated);
// labels are for people.
import { Type, type TSchema } from '@sinclair/typebox';
import { codesOf, type CodeList } from './labels.ts';

/** A JSON Schema union of a code list's codes, typed as the union of its keys. */
export function codeSchema<C extends string>(list: CodeList<C>, description: string) {
  return Type.Union(
    codesOf(list).map((c) => Type.Literal(c)),
    { description: `${description}: ${codesOf(list).join(', ')}` },
  ) as unknown as TSchema & { static: C };
}

export const participantRoles = {
  'national-agency': { ja: '国の機関', en: 'National agency' },
  prefecture: { ja: '都道府県', en: 'Prefecture' },
  municipality: { ja: '市区町村', en: 'Municipality' },
  hospital: { ja: '病院', en: 'Hospital' },
  'dialysis-clinic': { ja: '透析医療機関', en: 'Dialysis clinic' },
  'care-provider': { ja: '介護事業者', en: 'Care provider' },
  'welfare-office': { ja: '社会福祉協議会・福祉事務所', en: 'Welfare office' },
  'designated-public-institution': { ja: '指定公共機関', en: 'Designated public institution' },
  'logistics-firm': { ja: '物流事業者', en: 'Logistics firm' },
  retailer: { ja: '小売事業者', en: 'Retailer' },
  ngo: { ja: 'NPO・NGO', en: 'NGO' },
  'regional-coordinator': { ja: '地域調整機関', en: 'Regional coordinator' },
  'national-disaster-agency': { ja: '各国防災機関', en: 'National disaster management organisation' },
} as const satisfies CodeList<string>;
export type ParticipantRole = keyof typeof participantRoles;
export const ParticipantRoleSchema = codeSchema(participantRoles, 'Participant role');

export const purposes = {
  'life-saving': { ja: '人命救助', en: 'Life-saving' },
  'evacuation-support': { ja: '避難支援', en: 'Evacuation support' },
  'medical-continuity': { ja: '医療継続', en: 'Medical continuity' },
  'supply-logistics': { ja: '物資支援', en: 'Supply logistics' },
  'victim-support': { ja: '被災者支援', en: 'Victim support' },
  recovery: { ja: '復旧・復興', en: 'Recovery' },
  statistics: { ja: '統計', en: 'Statistics' },
  training: { ja: '訓練', en: 'Training' },
} as const satisfies CodeList<string>;
export type Purpose = keyof typeof purposes;
export const PurposeSchema = codeSchema(purposes, 'Purpose of use');

export const hazards = {
  flood: { ja: '洪水', en: 'Flood' },
  landslide: { ja: '崖崩れ、土石流及び地滑り', en: 'Landslide, debris flow and slope failure' },
  'storm-surge': { ja: '高潮', en: 'Storm surge' },
  earthquake: { ja: '地震', en: 'Earthquake' },
  tsunami: { ja: '津波', en: 'Tsunami' },
  'large-fire': { ja: '大規模な火事', en: 'Large-scale fire' },
  'inland-flood': { ja: '内水氾濫', en: 'Inland (pluvial) flooding' },
  volcano: { ja: '火山現象', en: 'Volcanic phenomena' },
  typhoon: { ja: '台風', en: 'Typhoon' },
  other: { ja: 'その他', en: 'Other' },
} as const satisfies CodeList<string>;
export type Hazard = keyof typeof hazards;
export const HazardSchema = codeSchema(hazards, 'Hazard');

export const phases = {
  alert: { ja: '警戒', en: 'Alert' },
  emergency: { ja: '応急対応', en: 'Emergency' },
  recovery: { ja: '復旧', en: 'Recovery' },
  closed: { ja: '終了', en: 'Closed' },
} as const satisfies CodeList<string>;
export type Phase = keyof typeof phases;
export const PhaseSchema = codeSchema(phases, 'Disaster phase');

export const shelterKinds = {
  'designated-shelter': { ja: '指定避難所', en: 'Designated shelter' },
  'emergency-evacuation-site': { ja: '指定緊急避難場所', en: 'Designated emergency evacuation site' },
  'welfare-shelter': { ja: '福祉避難所', en: 'Welfare shelter' },
  'ad-hoc-shelter': { ja: '自主避難所・臨時避難所', en: 'Ad-hoc shelter' },
} as const satisfies CodeList<string>;
export type ShelterKind = keyof typeof shelterKinds;
export const ShelterKindSchema = codeSchema(shelterKinds, 'Shelter kind');

export const shelterOpenStatuses = {
  unknown: { ja: '不明', en: 'Unknown' },
  closed: { ja: '未開設', en: 'Not open' },
  open: { ja: '開設中', en: 'Open' },
  full: { ja: '満員', en: 'Full' },
  'closed-after-use': { ja: '閉鎖', en: 'Closed after use' },
} as const satisfies CodeList<string>;
export type ShelterOpenStatus = keyof typeof shelterOpenStatuses;
export const ShelterOpenStatusSchema = codeSchema(shelterOpenStatuses, 'Shelter open status');

export const facilityKinds = {
  hospital: { ja: '病院', en: 'Hospital' },
  'dialysis-clinic': { ja: '透析医療機関', en: 'Dialysis clinic' },
  'care-facility': { ja: '介護施設', en: 'Care facility' },
  pharmacy: { ja: '薬局', en: 'Pharmacy' },
  store: { ja: '店舗', en: 'Store' },
  depot: { ja: '物資拠点', en: 'Supply depot' },
} as const satisfies CodeList<string>;
export type FacilityKind = keyof typeof facilityKinds;
export const FacilityKindSchema = codeSchema(facilityKinds, 'Facility kind');

export const safetyStatuses = {
  unknown: { ja: '未確認', en: 'Unknown' },
  safe: { ja: '無事', en: 'Safe' },
  'needs-rescue': { ja: '要救助', en: 'Needs rescue' },
  evacuated: { ja: '避難済み', en: 'Evacuated' },
  hospitalised: { ja: '入院', en: 'Hospitalised' },
  missing: { ja: '行方不明', en: 'Missing' },
  deceased: { ja: '死亡', en: 'Deceased' },
} as const satisfies CodeList<string>;
export type SafetyStatus = keyof typeof safetyStatuses;
export const SafetyStatusSchema = codeSchema(safetyStatuses, 'Safety status');

export const careNeeds = {
  bedridden: { ja: '寝たきり', en: 'Bedridden' },
  dementia: { ja: '認知症', en: 'Dementia' },
  wheelchair: { ja: '車いす', en: 'Wheelchair user' },
  'visual-impairment': { ja: '視覚障害', en: 'Visual impairment' },
  'hearing-impairment': { ja: '聴覚障害', en: 'Hearing impairment' },
  dialysis: { ja: '人工透析', en: 'Dialysis' },
  'home-oxygen': { ja: '在宅酸素療法', en: 'Home oxygen therapy' },
  'medically-dependent-child': { ja: '医療的ケア児', en: 'Medically dependent child' },
  'limited-japanese': { ja: '日本語が不自由', en: 'Limited Japanese' },
  'lives-alone': { ja: '独居', en: 'Lives alone' },
  // For supply logistics (formula and diapers; allergen-free food), counted per shelter, never listed per person.
  infant: { ja: '乳児（1歳未満）', en: 'Infant (under 1 year)' },
  'food-allergy': { ja: '食物アレルギー', en: 'Food allergy' },
} as const satisfies CodeList<string>;
export type CareNeed = keyof typeof careNeeds;
export const CareNeedSchema = codeSchema(careNeeds, 'Care need');

export const sexes = {
  female: { ja: '女性', en: 'Female' },
  male: { ja: '男性', en: 'Male' },
  other: { ja: 'その他', en: 'Other' },
  unknown: { ja: '不明', en: 'Unknown' },
} as const satisfies CodeList<string>;
export type Sex = keyof typeof sexes;
export const SexSchema = codeSchema(sexes, 'Sex');

export const qualityLevels = {
  verified: { ja: '確認済み', en: 'Verified' },
  reported: { ja: '報告', en: 'Reported' },
  estimated: { ja: '推計', en: 'Estimated' },
  synthetic: { ja: '合成データ（訓練・デモ用）', en: 'Synthetic (training/demo)' },
} as const satisfies CodeList<string>;
export type QualityLevel = keyof typeof qualityLevels;
export const QualityLevelSchema = codeSchema(qualityLevels, 'Data quality level');

export const weekdays = {
  mon: { ja: '月', en: 'Mon' },
  tue: { ja: '火', en: 'Tue' },
  wed: { ja: '水', en: 'Wed' },
  thu: { ja: '木', en: 'Thu' },
  fri: { ja: '金', en: 'Fri' },
  sat: { ja: '土', en: 'Sat' },
  sun: { ja: '日', en: 'Sun' },
} as const satisfies CodeList<string>;
export type Weekday = keyof typeof weekdays;
export const WeekdaySchema = codeSchema(weekdays, 'Day of week');

/**
 * What a stock line is, in the spirit of the Cabinet Office's push-support basic items (プッシュ型支援の基本8品目:
 * food, blankets, infant formula, baby and adult diapers, portable toilets, toilet paper, menstrual products), plus
 * water and what shelters, care sites and ASEAN (DELSA) warehouses also hold.
 */
export const stockCategories = {
  'drinking-water': { ja: '飲料水', en: 'Drinking water' },
  food: { ja: '食料', en: 'Food' },
  'allergy-friendly-food': { ja: 'アレルギー対応食', en: 'Allergy-friendly food' },
  'infant-formula': { ja: '乳児用ミルク（粉・液体）', en: 'Infant formula (powdered or liquid)' },
  'baby-diaper': { ja: '乳児・小児用おむつ', en: 'Baby and child diapers' },
  'adult-diaper': { ja: '大人用おむつ', en: 'Adult diapers' },
  'portable-toilet': { ja: '携帯トイレ・簡易トイレ', en: 'Portable and simple toilets' },
  'toilet-paper': { ja: 'トイレットペーパー', en: 'Toilet paper' },
  'menstrual-product': { ja: '生理用品', en: 'Menstrual products' },
  blanket: { ja: '毛布', en: 'Blankets' },
  'cardboard-bed': { ja: '段ボールベッド', en: 'Cardboard beds' },
  partition: { ja: '間仕切り（パーティション）', en: 'Partitions' },
  'hygiene-supplies': { ja: '衛生用品（マスク・消毒液など）', en: 'Hygiene supplies (masks, disinfectant, …)' },
  medicine: { ja: '医薬品', en: 'Medicines' },
  'medical-supplies': { ja: '医療資材（透析用品・救急セットなど）', en: 'Medical supplies (dialysis consumables, first-aid kits, …)' },
  fuel: { ja: '燃料', en: 'Fuel' },
  generator: { ja: '発電機', en: 'Generators' },
  'shelter-kit': { ja: 'テント・ブルーシート', en: 'Tents and tarpaulins' },
  'family-kit': { ja: '家族用生活用品キット', en: 'Family kits' },
  'water-treatment': { ja: '浄水器・浄水剤', en: 'Water treatment' },
  // The relief items of the AHA Centre's DELSA stockpile that no category above names (data/asean/SOURCES.md).
  tarpaulin: { ja: 'ターポリン（防水シート）', en: 'Tarpaulins' },
  'jerry-can': { ja: '水容器（ジェリカン）', en: 'Jerry cans' },
  'hygiene-kit': { ja: '衛生キット（個人・家族用）', en: 'Hygiene kits' },
  'kitchen-set': { ja: '調理器具セット', en: 'Kitchen sets' },
  'shelter-repair-kit': { ja: '住宅補修キット（工具セット）', en: 'Shelter repair kits (toolkits)' },
  'sleeping-mat': { ja: '就寝用マット', en: 'Sleeping mats' },
  'mosquito-net': { ja: '蚊帳', en: 'Mosquito nets' },
  other: { ja: 'その他', en: 'Other' },
} as const satisfies CodeList<string>;
export type StockCategory = keyof typeof stockCategories;
export const StockCategorySchema = codeSchema(stockCategories, 'Stock item category');

/** Units a stock quantity is counted in: the unit in which the item is consumed or handed out. */
export const stockUnits = {
  litre: { ja: 'リットル', en: 'Litres' },
  kg: { ja: 'キログラム', en: 'Kilograms' },
  meal: { ja: '食', en: 'Meals' },
  piece: { ja: '個・本', en: 'Pieces' },
  sheet: { ja: '枚', en: 'Sheets' },
  roll: { ja: '巻・ロール', en: 'Rolls' },
  use: { ja: '回分', en: 'Uses' },
  set: { ja: '組・セット', en: 'Sets' },
  unit: { ja: '台・基', en: 'Units (machines)' },
} as const satisfies CodeList<string>;
export type StockUnit = keyof typeof stockUnits;
export const StockUnitSchema = codeSchema(stockUnits, 'Stock unit');

/** The eight specified allergenic ingredients Japanese food labelling must declare (特定原材料, 食品表示基準). */
export const allergens = {
  egg: { ja: '卵', en: 'Egg' },
  milk: { ja: '乳', en: 'Milk' },
  wheat: { ja: '小麦', en: 'Wheat' },
  buckwheat: { ja: 'そば', en: 'Buckwheat' },
  peanut: { ja: '落花生（ピーナッツ）', en: 'Peanut' },
  shrimp: { ja: 'えび', en: 'Shrimp' },
  crab: { ja: 'かに', en: 'Crab' },
  walnut: { ja: 'くるみ', en: 'Walnut' },
} as const satisfies CodeList<string>;
export type Allergen = keyof typeof allergens;
export const AllergenSchema = codeSchema(allergens, 'Specified allergenic ingredient');

/** How urgent a demand line is; the allocation weighs unmet demand by priority (docs/logistics.md). */
export const demandPriorities = {
  urgent: { ja: '緊急', en: 'Urgent' },
  high: { ja: '高', en: 'High' },
  normal: { ja: '通常', en: 'Normal' },
} as const satisfies CodeList<string>;
export type DemandPriority = keyof typeof demandPriorities;
export const DemandPrioritySchema = codeSchema(demandPriorities, 'Demand priority');

/** Classes of vehicle a logistics firm offers; a restricted road names the classes it lets through. */
export const vehicleClasses = {
  'light-van': { ja: '軽貨物車', en: 'Light van' },
  'small-truck': { ja: '小型トラック（2t級）', en: 'Small truck (2 t class)' },
  'medium-truck': { ja: '中型トラック（4t級）', en: 'Medium truck (4 t class)' },
  'large-truck': { ja: '大型トラック（10t級）', en: 'Large truck (10 t class)' },
  'off-road': { ja: '四輪駆動・悪路走行車', en: 'Four-wheel-drive / off-road vehicle' },
  ship: { ja: '船舶', en: 'Ship' },
  'landing-craft': { ja: '揚陸艇（エアクッション艇など）', en: 'Landing craft (hovercraft and others)' },
  helicopter: { ja: 'ヘリコプター', en: 'Helicopter' },
  'fixed-wing': { ja: '固定翼機', en: 'Fixed-wing aircraft' },
} as const satisfies CodeList<string>;
export type VehicleClass = keyof typeof vehicleClasses;
export const VehicleClassSchema = codeSchema(vehicleClasses, 'Vehicle class');

/** How each vehicle class travels: by road, by sea or by air (a vehicle record's mode must match its class). */
export const vehicleClassModes: Readonly<Record<VehicleClass, 'road' | 'sea' | 'air'>> = {
  'light-van': 'road', 'small-truck': 'road', 'medium-truck': 'road', 'large-truck': 'road', 'off-road': 'road',
  ship: 'sea', 'landing-craft': 'sea', helicopter: 'air', 'fixed-wing': 'air',
};

export const roadClasses = {
  expressway: { ja: '高速自動車国道・自動車専用道路', en: 'Expressway' },
  national: { ja: '一般国道', en: 'National road' },
  prefectural: { ja: '都道府県道', en: 'Prefectural road' },
  municipal: { ja: '市町村道', en: 'Municipal road' },
  other: { ja: 'その他の道路', en: 'Other road' },
} as const satisfies CodeList<string>;
export type RoadClass = keyof typeof roadClasses;
export const RoadClassSchema = codeSchema(roadClasses, 'Road class');

export const roadStatuses = {
  open: { ja: '通行可', en: 'Open' },
  restricted: { ja: '通行規制（一部車両のみ通行可）', en: 'Restricted (some vehicle classes only)' },
  closed: { ja: '通行止め', en: 'Closed' },
} as const satisfies CodeList<string>;
export type RoadStatus = keyof typeof roadStatuses;
export const RoadStatusSchema = codeSchema(roadStatuses, 'Road status');

/** States of a shipment, in the order they are reached; `declined` ends a shipment the supplier will not make. */
export const shipmentStates = {
  planned: { ja: '計画', en: 'Planned' },
  committed: { ja: '引受済み', en: 'Committed' },
  declined: { ja: '辞退', en: 'Declined' },
  dispatched: { ja: '出庫済み', en: 'Dispatched' },
  'in-transit': { ja: '輸送中', en: 'In transit' },
  delivered: { ja: '配送完了', en: 'Delivered' },
  received: { ja: '受領確認済み', en: 'Received' },
} as const satisfies CodeList<string>;
export type ShipmentState = keyof typeof shipmentStates;
export const ShipmentStateSchema = codeSchema(shipmentStates, 'Shipment state');

/** Every code list, for documentation and the console. */
export const codeLists = {
  participantRoles,
  purposes,
  hazards,
  phases,
  shelterKinds,
  shelterOpenStatuses,
  facilityKinds,
  safetyStatuses,
  careNeeds,
  sexes,
  qualityLevels,
  weekdays,
  stockCategories,
  stockUnits,
  allergens,
  demandPriorities,
  vehicleClasses,
  roadClasses,
  roadStatuses,
  shipmentStates,
} as const;
