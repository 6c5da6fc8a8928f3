// What the demo's logistics participants hold, as record drafts: the fictional supermarket chain's stores and their
// stock of the push-support basic eight items, the fictional logistics firm's depots and spare vehicles, and the
// prefecture's public depot (県の備蓄倉庫). Pure: participant and start time in, drafts out.
import type { Allergen, LonLat, RecordDraft, StockCategory, StockUnit, Vehicle, VehicleClass } from '../model/index.ts';
import { demoParticipantByKey, type DemoParticipant } from './scenario.ts';

const DAY_MS = 86_400_000;

/** Quantities are invented for the demo; every record says so. */
const QUALITY = {
  level: 'synthetic',
  note: '架空の事業者・拠点と数量（デモ用） / fictional holder, places and quantities (demo)',
} as const;

interface Place {
  key: string;
  name: { ja: string; en: string };
  areaCode: string;
  address: string;
  location: LonLat;
  /** Scale of the chain's standard assortment at this store (1 = the largest store). */
  scale: number;
  /** How the place is operating after the earthquake. */
  status: 'operating' | 'limited';
  statusNote?: string;
}

/** One stock line of a holder's assortment; quantities at scale 1. */
interface Line {
  key: string;
  category: StockCategory;
  name: { ja: string; en: string };
  unit: StockUnit;
  quantity: number;
  /** Share of the quantity the holder releases for shipping (a store keeps the rest for its customers). */
  shippableShare: number;
  /** Food only: the specified allergens the line contains (empty: none of them). */
  allergens?: readonly Allergen[];
  allergenNote?: string;
  /** Lots as [share of the quantity, days from the count to expiry]; food and formula only. */
  lots?: readonly (readonly [number, number])[];
}

const stores: readonly Place[] = [
  {
    key: 'store-kanazawa-ekinishi',
    name: { ja: 'のとマート 金沢駅西店', en: 'Noto Mart Kanazawa Ekinishi' },
    areaCode: '172014',
    address: '石川県金沢市（架空の店舗）',
    location: [136.6405, 36.581],
    scale: 1,
    status: 'operating',
  },
  {
    key: 'store-nanao',
    name: { ja: 'のとマート 七尾店', en: 'Noto Mart Nanao' },
    areaCode: '172022',
    address: '石川県七尾市（架空の店舗）',
    location: [136.962, 37.045],
    scale: 0.6,
    status: 'operating',
  },
  {
    key: 'store-anamizu',
    name: { ja: 'のとマート 穴水店', en: 'Noto Mart Anamizu' },
    areaCode: '174611',
    address: '石川県鳳珠郡穴水町（架空の店舗）',
    location: [136.908, 37.23],
    scale: 0.25,
    status: 'limited',
    statusNote: '断水のため営業時間を短縮（架空） / short hours: no running water (fictional)',
  },
];

// A supermarket's assortment of the basic eight items (and water), in the units of data/logistics/push-standards.json.
const storeLines: readonly Line[] = [
  { key: 'food-packed-rice', category: 'food', name: { ja: 'パックご飯（200 g）', en: 'Cooked rice packs (200 g)' }, unit: 'meal', quantity: 2400, shippableShare: 0.6, allergens: [], allergenNote: '特定原材料8品目を含まない / none of the eight specified allergens', lots: [[0.5, 180], [0.5, 240]] },
  { key: 'food-bread', category: 'food', name: { ja: '食パン・菓子パン', en: 'Bread and sweet buns' }, unit: 'meal', quantity: 1200, shippableShare: 0.6, allergens: ['wheat', 'milk', 'egg'], lots: [[0.5, 3], [0.5, 4]] },
  { key: 'food-cup-noodles', category: 'food', name: { ja: 'カップ麺（各種）', en: 'Cup noodles (assorted)' }, unit: 'meal', quantity: 3000, shippableShare: 0.6, allergens: ['wheat', 'milk', 'egg', 'shrimp'], allergenNote: '商品により異なる。全商品の特定原材料を合わせたもの / differs by product; the union over all products', lots: [[1, 150]] },
  { key: 'infant-formula', category: 'infant-formula', name: { ja: '乳児用粉ミルク（800 g 缶）', en: 'Infant formula powder (800 g cans)' }, unit: 'kg', quantity: 96, shippableShare: 0.5, allergens: ['milk'], allergenNote: '大豆を含む / contains soy', lots: [[1, 365]] },
  { key: 'baby-diaper', category: 'baby-diaper', name: { ja: '乳児・小児用おむつ', en: 'Baby and child diapers' }, unit: 'piece', quantity: 9600, shippableShare: 0.6 },
  { key: 'adult-diaper', category: 'adult-diaper', name: { ja: '大人用おむつ', en: 'Adult diapers' }, unit: 'piece', quantity: 3000, shippableShare: 0.6 },
  { key: 'portable-toilet', category: 'portable-toilet', name: { ja: '携帯トイレ', en: 'Portable toilets' }, unit: 'use', quantity: 1500, shippableShare: 0.8 },
  { key: 'toilet-paper', category: 'toilet-paper', name: { ja: 'トイレットペーパー', en: 'Toilet paper' }, unit: 'roll', quantity: 4800, shippableShare: 0.6 },
  { key: 'menstrual-product', category: 'menstrual-product', name: { ja: '生理用ナプキン', en: 'Sanitary pads' }, unit: 'piece', quantity: 7000, shippableShare: 0.6 },
  { key: 'blanket', category: 'blanket', name: { ja: 'ブランケット', en: 'Blankets' }, unit: 'piece', quantity: 150, shippableShare: 0.8 },
  { key: 'drinking-water', category: 'drinking-water', name: { ja: '飲料水（2 L）', en: 'Drinking water (2 L bottles)' }, unit: 'litre', quantity: 6000, shippableShare: 0.5, lots: [[1, 700]] },
];

const prefecturalDepot: Place = {
  key: 'depot-kanazawa',
  name: { ja: '石川県 防災備蓄倉庫（金沢）', en: 'Ishikawa Prefecture disaster stockpile (Kanazawa)' },
  areaCode: '172014',
  address: '石川県金沢市（デモ用の仮の所在地）',
  location: [136.6253, 36.5947],
  scale: 1,
  status: 'operating',
};

// A public stockpile: long-life goods, all of it releasable by the prefecture.
const depotLines: readonly Line[] = [
  { key: 'allergy-friendly-rice', category: 'allergy-friendly-food', name: { ja: 'アルファ化米（特定原材料8品目不使用）', en: 'Instant rice (free of the eight specified allergens)' }, unit: 'meal', quantity: 20_000, shippableShare: 1, allergens: [], allergenNote: '五目ごはん・白がゆ / mixed vegetables, plain porridge', lots: [[0.5, 900], [0.5, 1600]] },
  { key: 'food-crackers', category: 'food', name: { ja: '保存用クラッカー（缶）', en: 'Long-life crackers (cans)' }, unit: 'meal', quantity: 15_000, shippableShare: 1, allergens: ['wheat', 'milk'], lots: [[1, 1200]] },
  { key: 'blanket', category: 'blanket', name: { ja: '毛布（真空パック）', en: 'Blankets (vacuum-packed)' }, unit: 'piece', quantity: 8000, shippableShare: 1 },
  { key: 'infant-formula', category: 'infant-formula', name: { ja: '乳児用粉ミルク', en: 'Infant formula powder' }, unit: 'kg', quantity: 200, shippableShare: 1, allergens: ['milk'], allergenNote: '大豆を含む / contains soy', lots: [[1, 400]] },
  { key: 'baby-diaper', category: 'baby-diaper', name: { ja: '乳児・小児用おむつ', en: 'Baby and child diapers' }, unit: 'piece', quantity: 20_000, shippableShare: 1 },
  { key: 'adult-diaper', category: 'adult-diaper', name: { ja: '大人用おむつ', en: 'Adult diapers' }, unit: 'piece', quantity: 10_000, shippableShare: 1 },
  { key: 'portable-toilet', category: 'portable-toilet', name: { ja: '携帯トイレ', en: 'Portable toilets' }, unit: 'use', quantity: 50_000, shippableShare: 1 },
  { key: 'toilet-paper', category: 'toilet-paper', name: { ja: 'トイレットペーパー', en: 'Toilet paper' }, unit: 'roll', quantity: 6000, shippableShare: 1 },
  { key: 'menstrual-product', category: 'menstrual-product', name: { ja: '生理用品', en: 'Menstrual products' }, unit: 'piece', quantity: 20_000, shippableShare: 1 },
  { key: 'drinking-water', category: 'drinking-water', name: { ja: '保存水（2 L、5年保存）', en: 'Long-life water (2 L, 5 years)' }, unit: 'litre', quantity: 30_000, shippableShare: 1, lots: [[1, 1400]] },
];

const fleetDepots: readonly Place[] = [
  {
    key: 'depot-nanao',
    name: { ja: 'のと中央運輸 七尾物流センター', en: 'Noto Chuo Transport Nanao logistics centre' },
    areaCode: '172022',
    address: '石川県七尾市（架空の拠点）',
    location: [136.955, 37.035],
    scale: 1,
    status: 'operating',
  },
  {
    key: 'depot-kanazawa',
    name: { ja: 'のと中央運輸 金沢物流センター', en: 'Noto Chuo Transport Kanazawa logistics centre' },
    areaCode: '172014',
    address: '石川県金沢市（架空の拠点）',
    location: [136.66, 36.61],
    scale: 1,
    status: 'operating',
  },
];

/** Vehicles the firm can spare from its regular work, by depot. */
const fleet: readonly { key: string; depot: string; vehicleClass: VehicleClass; count: number; kg: number; m3?: number; pallets?: number; name: { ja: string; en: string } }[] = [
  { key: 'light-vans', depot: 'depot-nanao', vehicleClass: 'light-van', count: 6, kg: 350, m3: 3, name: { ja: '軽貨物車', en: 'Light vans' } },
  { key: 'small-trucks', depot: 'depot-nanao', vehicleClass: 'small-truck', count: 4, kg: 2000, m3: 10, pallets: 4, name: { ja: '2トン車', en: '2-tonne trucks' } },
  { key: '4wd', depot: 'depot-nanao', vehicleClass: 'off-road', count: 2, kg: 500, m3: 2, name: { ja: '四輪駆動車', en: 'Four-wheel-drive vehicles' } },
  { key: 'medium-trucks', depot: 'depot-kanazawa', vehicleClass: 'medium-truck', count: 3, kg: 4000, m3: 20, pallets: 8, name: { ja: '4トン車', en: '4-tonne trucks' } },
  { key: 'large-trucks', depot: 'depot-kanazawa', vehicleClass: 'large-truck', count: 2, kg: 10_000, m3: 50, pallets: 16, name: { ja: '10トン車', en: '10-tonne trucks' } },
];

/** Vehicles are offered for the first three days from the count. */
const FLEET_WINDOW_DAYS = 3;

/**
 * Wajima's designated evacuation sites within about 1 km of Wajima port, by the GSI 共通ID of the bundled shelter file
 * (data/gsi-shelters/ishikawa/evacuation/172049.json): goods landed at the port reach them by hand cart and on foot.
 */
const WAJIMA_PORT_SHELTERS = [
  'E1720400011111', 'E1720400006111', 'E1720400007111', 'E1720400042111', 'E1720400008111', 'E1720400009111',
  'E1720400045111', 'E1720400004111', 'E1720400080111', 'E1720400004112',
];

/**
 * A chartered ship and a chartered helicopter the firm offers (ILLUSTRATIVE: the payloads, speeds and trips are round
 * figures for the demo, not those of any real vessel or aircraft). Both load the prefecture's stockpile in Kanazawa:
 * the ship at Kanazawa port for Wajima port; the helicopter at a landing site by the stockpile, flying to any destination
 * within its radius that no road vehicle reaches. In January 2024 supplies reached the cut-off Wajima coast by sea (the Maritime Self-Defense
 * Force's landing craft to beaches first, the port later); one landing point at the port is the demo's simplification.
 * Positions are approximate, placed by hand from maps.
 */
const craft: readonly (Pick<Vehicle, 'mode' | 'vehicleClass' | 'count' | 'capacity' | 'loadsAt' | 'landingPoints' | 'radiusKm' | 'speedKmh' | 'tripsPerDay'> & { key: string; name: { ja: string; en: string } })[] = [
  {
    key: 'charter-ship', mode: 'sea', vehicleClass: 'ship', count: 1, capacity: { kg: 30_000, m3: 150 },
    name: { ja: 'チャーター貨物船（例示）', en: 'Chartered cargo ship (illustrative)' },
    loadsAt: { name: { ja: '金沢港', en: 'Kanazawa port' }, location: { type: 'Point', coordinates: [136.603, 36.612] } },
    landingPoints: [{
      name: { ja: '輪島港', en: 'Wajima port' }, location: { type: 'Point', coordinates: [136.904, 37.397] },
      serves: WAJIMA_PORT_SHELTERS.map((id) => ({ type: 'shelter' as const, id })),
    }],
    speedKmh: 25, tripsPerDay: 1,
  },
  {
    key: 'charter-helicopter', mode: 'air', vehicleClass: 'helicopter', count: 1, capacity: { kg: 1000, m3: 6 },
    name: { ja: 'チャーターヘリコプター（例示）', en: 'Chartered helicopter (illustrative)' },
    loadsAt: { name: { ja: '金沢 備蓄倉庫横の臨時へリポート（例示）', en: 'Kanazawa stockpile landing site (illustrative)' }, location: { type: 'Point', coordinates: [136.6253, 36.5947] } },
    radiusKm: 150, speedKmh: 200, tripsPerDay: 4,
  },
];

function facilityDraft(p: DemoParticipant, place: Place, kind: 'store' | 'depot', asOf: string): RecordDraft<'facility'> {
  return {
    id: `${p.id}:${place.key}`,
    type: 'facility',
    sourceNode: p.id,
    observedAt: asOf,
    quality: QUALITY,
    lineage: [{ activity: 'entry', at: asOf }],
    data: {
      kind,
      name: place.name,
      operator: p.id,
      areaCode: place.areaCode,
      address: { text: place.address },
      location: { type: 'Point', coordinates: place.location },
      status: { value: place.status, asOf, ...(place.statusNote ? { note: place.statusNote } : {}) },
    },
  };
}

function addDays(date: Date, days: number): string {
  return new Date(date.getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

/** Quantities of countable units are whole; kg and litres keep one decimal. */
function amount(value: number, unit: StockUnit): number {
  return unit === 'kg' || unit === 'litre' ? Math.round(value * 10) / 10 : Math.round(value);
}

function stockDraft(p: DemoParticipant, place: Place, line: Line, countedAt: Date): RecordDraft<'stock'> {
  const asOf = countedAt.toISOString();
  const quantity = amount(line.quantity * place.scale, line.unit);
  // Lots split the quantity by share; the last takes the remainder so they add up exactly.
  const lots = line.lots?.map(([share, days], i, all) => {
    const before = all.slice(0, i).reduce((sum, [s]) => sum + amount(quantity * s, line.unit), 0);
    const lotQuantity = i === all.length - 1 ? amount(quantity - before, line.unit) : amount(quantity * share, line.unit);
    return { lot: `${line.key}-${addDays(countedAt, days).replaceAll('-', '')}`, quantity: lotQuantity, expiresOn: addDays(countedAt, days) };
  });
  const earliest = lots?.map((l) => l.expiresOn).sort()[0];
  return {
    id: `${p.id}:${place.key}:stock:${line.key}`,
    type: 'stock',
    sourceNode: p.id,
    observedAt: asOf,
    quality: QUALITY,
    lineage: [{ activity: 'entry', at: asOf }],
    data: {
      heldAt: { type: 'facility', id: `${p.id}:${place.key}` },
      areaCode: place.areaCode,
      location: { type: 'Point', coordinates: place.location },
      item: { category: line.category, name: line.name },
      quantity,
      unit: line.unit,
      shippable: amount(quantity * line.shippableShare, line.unit),
      ...(lots ? { lots } : {}),
      ...(earliest ? { expiresOn: earliest } : {}),
      ...(line.allergens ? { allergens: { contains: [...line.allergens], ...(line.allergenNote ? { note: line.allergenNote } : {}) } } : {}),
    },
  };
}

/** A vehicle record the firm offers for the first days from `availableFrom`. */
function offeredVehicle(p: DemoParticipant, key: string, availableFrom: Date, data: Omit<Vehicle, 'operator' | 'availableFrom' | 'availableUntil'>): RecordDraft<'vehicle'> {
  const asOf = availableFrom.toISOString();
  return {
    id: `${p.id}:vehicles:${key}`,
    type: 'vehicle',
    sourceNode: p.id,
    observedAt: asOf,
    quality: QUALITY,
    lineage: [{ activity: 'entry', at: asOf }],
    data: { operator: p.id, ...data, availableFrom: asOf, availableUntil: new Date(availableFrom.getTime() + FLEET_WINDOW_DAYS * DAY_MS).toISOString() },
  };
}

function vehicleDraft(p: DemoParticipant, v: (typeof fleet)[number], availableFrom: Date): RecordDraft<'vehicle'> {
  const depot = fleetDepots.find((d) => d.key === v.depot)!;
  return offeredVehicle(p, v.key, availableFrom, {
    name: v.name,
    vehicleClass: v.vehicleClass,
    count: v.count,
    capacity: { kg: v.kg, ...(v.m3 ? { m3: v.m3 } : {}), ...(v.pallets ? { pallets: v.pallets } : {}) },
    depot: { type: 'facility', id: `${p.id}:${depot.key}` },
    location: { type: 'Point', coordinates: depot.location },
    note: '通常業務を除いて物資支援に出せる台数（空き輸送力） / vehicles spare from regular work (spare capacity)',
  });
}

/** A ship or helicopter record: it loads the prefecture's stockpile (prefecturalDepot), wherever the firm is. */
function craftDraft(p: DemoParticipant, c: (typeof craft)[number], availableFrom: Date): RecordDraft<'vehicle'> {
  const { key, ...data } = c;
  return offeredVehicle(p, key, availableFrom, {
    ...data,
    depot: { type: 'facility', id: `${demoParticipantByKey('ishikawa').id}:${prefecturalDepot.key}` },
    note: '例示: 積載量・速度・便数は実在の船・機体のものではありません / illustrative: payload, speed and trips are not those of any real vessel or aircraft',
  });
}

export type LogisticsHolder = 'prefectural-depot' | 'retail-stores' | 'transport-fleet';

/**
 * The records a holder keeps, counted at `countedAt` (the demo's first start): expiry dates and vehicle availability
 * run from then, as the home-oxygen reports do (scenario-clock.ts), so nothing has expired since 2024.
 */
export function logisticsHoldings(holder: LogisticsHolder, p: DemoParticipant, countedAt: Date): (RecordDraft<'facility'> | RecordDraft<'stock'> | RecordDraft<'vehicle'>)[] {
  const asOf = countedAt.toISOString();
  switch (holder) {
    case 'retail-stores':
      return stores.flatMap((s) => [facilityDraft(p, s, 'store', asOf), ...storeLines.map((l) => stockDraft(p, s, l, countedAt))]);
    case 'prefectural-depot':
      return [facilityDraft(p, prefecturalDepot, 'depot', asOf), ...depotLines.map((l) => stockDraft(p, prefecturalDepot, l, countedAt))];
    case 'transport-fleet':
      return [...fleetDepots.map((d) => facilityDraft(p, d, 'depot', asOf)), ...fleet.map((v) => vehicleDraft(p, v, countedAt)), ...craft.map((c) => craftDraft(p, c, countedAt))];
  }
}
