// The datasets a policy can govern and the field paths each one has, derived from the model's schemas so that a
// policy naming a field the data does not have is refused. Field paths are dotted ('care.dialysis.schedule').
import type { TSchema } from '@sinclair/typebox';
import { AlertSchema, DemandSchema, FacilitySchema, LeadTimeSchema, PersonSchema, RoadSegmentSchema, ShelterSchema, ShipmentSchema, StockSchema, VehicleSchema, type Label } from '../model/index.ts';

export type FieldClass = 'public' | 'personal' | 'sensitive';

/**
 * What a field holds, as far as aggregates care: a code from a closed list (or a yes/no), a list of such codes, a
 * number, or anything else (free text, ids, objects) — which an aggregate may never group by, since its values would
 * name the people counted.
 */
export type FieldValueKind = 'code' | 'codes' | 'number' | 'other';

/** One node of a dataset's field tree; the root has the empty path. */
export interface FieldNode {
  readonly path: string;
  readonly children: ReadonlyMap<string, FieldNode>;
}

export interface DatasetDefinition {
  readonly name: string;
  readonly label: Label;
  readonly fields: FieldNode;
  /** Every field path, parents before children. */
  readonly paths: ReadonlySet<string>;
  /** Classes used where the policy does not classify a field; the nearest classified ancestor wins. */
  readonly defaultClasses: Readonly<Record<string, FieldClass>>;
  /** People-facing names of field paths, for policy texts and decisions. */
  readonly fieldLabels: Readonly<Record<string, Label>>;
  /** Path of the boolean that records consent to share in normal times, for datasets about people. */
  readonly consentField?: string;
  /** Path of the record's area code, so masking can withhold records outside the decided areas. */
  readonly areaField?: string;
  /** What each field path holds (from the schema; the area field counts as a code), for aggregate answers. */
  readonly valueKinds: ReadonlyMap<string, FieldValueKind>;
  /**
   * Fields holding the id of a place (a shelter), not of a person: like the area code, an aggregate may group by them
   * (supply logistics counts persons requiring care per shelter); small cells are withheld as for any group.
   */
  readonly placeFields?: readonly string[];
}

interface SchemaShape {
  type?: unknown;
  properties?: Record<string, TSchema>;
  items?: TSchema;
  anyOf?: readonly SchemaShape[];
  enum?: readonly unknown[];
  const?: unknown;
}

/** A closed list of values: a literal union (the model's code lists), an enum, a constant or a boolean. */
function isCodeSchema(s: SchemaShape): boolean {
  if (s.type === 'boolean' || s.const !== undefined || Array.isArray(s.enum)) return true;
  return Array.isArray(s.anyOf) && s.anyOf.length > 0 && s.anyOf.every((a) => a.const !== undefined);
}

function valueKindOf(s: SchemaShape): FieldValueKind {
  if (isCodeSchema(s)) return 'code';
  if (s.type === 'number' || s.type === 'integer') return 'number';
  if (s.type === 'array' && s.items && isCodeSchema(s.items as SchemaShape)) return 'codes';
  return 'other';
}

function kindsOf(schema: TSchema, path: string, into: Map<string, FieldValueKind>): Map<string, FieldValueKind> {
  const s = schema as SchemaShape;
  const body = s.type === 'array' && s.items ? (s.items as SchemaShape) : s;
  if (body.type === 'object' && body.properties) {
    for (const [key, child] of Object.entries(body.properties)) {
      const childPath = path === '' ? key : `${path}.${key}`;
      into.set(childPath, valueKindOf(child as SchemaShape));
      kindsOf(child, childPath, into);
    }
  }
  return into;
}

function treeOf(schema: TSchema, path: string): FieldNode {
  const s = schema as SchemaShape;
  const children = new Map<string, FieldNode>();
  // Arrays of objects share their element's fields: 'needs.item' is the item of every need.
  const body = s.type === 'array' && s.items ? (s.items as SchemaShape) : s;
  if (body.type === 'object' && body.properties) {
    for (const [key, child] of Object.entries(body.properties)) {
      children.set(key, treeOf(child, path === '' ? key : `${path}.${key}`));
    }
  }
  return { path, children };
}

function pathsOf(node: FieldNode, into: Set<string>): Set<string> {
  for (const child of node.children.values()) {
    into.add(child.path);
    pathsOf(child, into);
  }
  return into;
}

/** Build a dataset definition from a payload schema (for datasets beyond the built-in ones). */
export function defineDataset(def: Omit<DatasetDefinition, 'fields' | 'paths' | 'valueKinds'> & { schema: TSchema }): DatasetDefinition {
  const fields = treeOf(def.schema, '');
  const { schema: _schema, ...rest } = def;
  const valueKinds = kindsOf(def.schema, '', new Map());
  // An area code is a string with a pattern in the schema, yet a code all the same: the unit statistics count by.
  if (def.areaField !== undefined && valueKinds.get(def.areaField) === 'other') valueKinds.set(def.areaField, 'code');
  for (const f of def.placeFields ?? []) if (valueKinds.get(f) === 'other') valueKinds.set(f, 'code');
  return { ...rest, fields, paths: pathsOf(fields, new Set()), valueKinds };
}

export const personsDataset = defineDataset({
  name: 'persons',
  label: { ja: '要配慮者名簿', en: 'persons requiring care' },
  schema: PersonSchema,
  defaultClasses: { name: 'personal', birthDate: 'personal', sex: 'personal', areaCode: 'personal', address: 'personal',
    location: 'personal', contact: 'personal', care: 'sensitive', consent: 'personal', onEvacuationSupportList: 'sensitive',
    safety: 'personal' },
  fieldLabels: {
    name: { ja: '氏名', en: 'name' },
    'name.full': { ja: '氏名', en: 'full name' },
    'name.kana': { ja: 'ふりがな', en: 'name reading' },
    'name.latin': { ja: 'ローマ字氏名', en: 'name in Latin script' },
    birthDate: { ja: '生年月日', en: 'date of birth' },
    sex: { ja: '性別', en: 'sex' },
    areaCode: { ja: '地域コード', en: 'area code' },
    address: { ja: '住所', en: 'address' },
    location: { ja: '位置', en: 'location' },
    contact: { ja: '連絡先', en: 'contact details' },
    'contact.phone': { ja: '電話番号', en: 'phone number' },
    care: { ja: '要配慮事項', en: 'care needs' },
    'care.needs': { ja: '支援が必要な事項', en: 'kinds of care needed' },
    'care.careLevel': { ja: '要介護度', en: 'care level' },
    'care.dialysis': { ja: '透析情報', en: 'dialysis details' },
    'care.dialysis.schedule': { ja: '透析日', en: 'dialysis days' },
    'care.dialysis.clinic': { ja: '透析施設', en: 'dialysis clinic' },
    'care.homeOxygen': { ja: '在宅酸素情報', en: 'home oxygen details' },
    'care.language': { ja: '使用言語', en: 'preferred language' },
    'care.note': { ja: '配慮事項の備考', en: 'care notes' },
    consent: { ja: '同意の有無', en: 'consent' },
    onEvacuationSupportList: { ja: '避難行動要支援者名簿への掲載', en: 'listing as needing evacuation support' },
    safety: { ja: '安否情報', en: 'safety status' },
    'safety.status': { ja: '安否', en: 'safety status' },
    'safety.whereabouts': { ja: '所在', en: 'whereabouts' },
    'safety.shelter': { ja: '避難先', en: 'shelter' },
  },
  consentField: 'consent.shareWithSupporters',
  areaField: 'areaCode',
  placeFields: ['safety.shelter'],
});

export const sheltersDataset = defineDataset({
  name: 'shelters',
  label: { ja: '避難所', en: 'shelters' },
  schema: ShelterSchema,
  // Shelter data is published as open data (GSI's nationwide shelters, municipal open-shelter feeds, CC BY): every
  // field is public, the contact being the site's own phone or address, not a person's. A policy may still class a
  // field stricter (Nanao's example classes contact as personal); it can never class one looser for the public.
  defaultClasses: {
    commonId: 'public', localId: 'public', name: 'public', kinds: 'public', hazards: 'public', areaCode: 'public',
    address: 'public', location: 'public', capacity: 'public', openStatus: 'public', evacueeCounts: 'public',
    needs: 'public', acceptedGroups: 'public', servedCommunities: 'public', contact: 'public', note: 'public',
  },
  fieldLabels: {
    commonId: { ja: '共通ID', en: 'common shelter ID' },
    localId: { ja: '市町村の避難所ID', en: 'local shelter ID' },
    name: { ja: '名称', en: 'name' },
    kinds: { ja: '種別', en: 'kinds' },
    hazards: { ja: '対象とする災害', en: 'hazards' },
    areaCode: { ja: '地域コード', en: 'area code' },
    address: { ja: '所在地', en: 'address' },
    location: { ja: '位置', en: 'location' },
    capacity: { ja: '収容人数', en: 'capacity' },
    openStatus: { ja: '開設状況', en: 'opening status' },
    evacueeCounts: { ja: '避難者数', en: 'evacuee counts' },
    needs: { ja: '必要な物資', en: 'needs' },
    acceptedGroups: { ja: '受入対象者', en: 'groups accepted' },
    servedCommunities: { ja: '対象地区', en: 'communities served' },
    contact: { ja: '連絡先', en: 'contact details' },
    note: { ja: '備考', en: 'notes' },
  },
  areaField: 'areaCode',
});

export const facilitiesDataset = defineDataset({
  name: 'facilities',
  label: { ja: '施設', en: 'facilities' },
  schema: FacilitySchema,
  defaultClasses: {},
  fieldLabels: {
    kind: { ja: '種別', en: 'kind' },
    name: { ja: '名称', en: 'name' },
    operator: { ja: '運営者', en: 'operator' },
    areaCode: { ja: '地域コード', en: 'area code' },
    address: { ja: '所在地', en: 'address' },
    location: { ja: '位置', en: 'location' },
    capacity: { ja: '受入能力', en: 'capacity' },
    status: { ja: '稼働状況', en: 'operating status' },
    contact: { ja: '連絡先', en: 'contact details' },
  },
  areaField: 'areaCode',
});

// Stock lines (物資在庫) of depots, shelters and facilities. Like facilities, no field is public until a policy says so:
// some holders publish their stockpiles, others share them only for supply logistics.
export const stockDataset = defineDataset({
  name: 'stock',
  label: { ja: '物資在庫', en: 'stock' },
  schema: StockSchema,
  defaultClasses: {},
  fieldLabels: {
    heldAt: { ja: '保管場所', en: 'held at' },
    areaCode: { ja: '地域コード', en: 'area code' },
    location: { ja: '位置', en: 'location' },
    item: { ja: '品目', en: 'item' },
    'item.category': { ja: '品目分類', en: 'item category' },
    'item.name': { ja: '品名', en: 'item name' },
    quantity: { ja: '数量', en: 'quantity' },
    unit: { ja: '単位', en: 'unit' },
    reserved: { ja: '引当済みの数量', en: 'reserved quantity' },
    shippable: { ja: '出荷可能な数量', en: 'shippable quantity' },
    lots: { ja: 'ロット', en: 'lots' },
    expiresOn: { ja: '消費期限', en: 'expiry date' },
    allergens: { ja: 'アレルゲン', en: 'allergens' },
    note: { ja: '備考', en: 'notes' },
  },
  areaField: 'areaCode',
});

// Alerts (CAP, JMA) are public warnings: every field is public, as the agencies publish them. A policy may class a
// field stricter; it can never open one up.
export const alertsDataset = defineDataset({
  name: 'alerts',
  label: { ja: '警報・注意報・地震津波情報', en: 'alerts' },
  schema: AlertSchema,
  defaultClasses: Object.fromEntries(Object.keys(AlertSchema.properties).map((k) => [k, 'public'])) as Record<string, FieldClass>,
  fieldLabels: {
    format: { ja: '形式', en: 'format' },
    status: { ja: '種別（実際・訓練・試験）', en: 'status (actual, exercise, test)' },
    kinds: { ja: '情報の種類', en: 'kinds' },
    severity: { ja: '深刻度', en: 'severity' },
    headline: { ja: '見出し', en: 'headline' },
    areaCodes: { ja: '対象市町村', en: 'municipalities' },
    areas: { ja: '対象地域', en: 'areas' },
    expires: { ja: '失効日時', en: 'expiry' },
  },
  // No areaField: an alert covers many municipalities (areaCodes is a list) and the masking by area reads one code.
});

// Logistics datasets (docs/logistics.md). Demands are counts per shelter and item, never persons; vehicles and
// shipments are a firm's business data; road status is published by road administrators. None is public until a
// policy says so.
export const demandsDataset = defineDataset({
  name: 'demands',
  label: { ja: '物資の需要', en: 'demands' },
  schema: DemandSchema,
  defaultClasses: {},
  fieldLabels: {
    origin: { ja: '需要の種類', en: 'origin' },
    destination: { ja: '届け先', en: 'destination' },
    areaCode: { ja: '地域コード', en: 'area code' },
    item: { ja: '品目', en: 'item' },
    quantity: { ja: '数量', en: 'quantity' },
    neededBy: { ja: '必要な期限', en: 'needed by' },
    priority: { ja: '優先度', en: 'priority' },
    freeFrom: { ja: '除去するアレルゲン', en: 'allergens to avoid' },
  },
  areaField: 'areaCode',
});

export const vehiclesDataset = defineDataset({
  name: 'vehicles',
  label: { ja: '輸送手段', en: 'vehicles' },
  schema: VehicleSchema,
  defaultClasses: {},
  fieldLabels: {
    operator: { ja: '事業者', en: 'operator' },
    vehicleClass: { ja: '車両の区分', en: 'vehicle class' },
    count: { ja: '台数', en: 'count' },
    capacity: { ja: '積載量', en: 'capacity' },
    depot: { ja: '拠点', en: 'depot' },
    mode: { ja: '輸送の方法（陸・海・空）', en: 'mode (road, sea, air)' },
    loadsAt: { ja: '積込む港・飛行場', en: 'port or airfield it loads at' },
    landingPoints: { ja: '荷揚げ・着陸地点', en: 'landing points' },
    radiusKm: { ja: '飛行半径', en: 'flight radius' },
    speedKmh: { ja: '速度', en: 'speed' },
    tripsPerDay: { ja: '1日の往復回数', en: 'round trips per day' },
    turnaroundHours: { ja: '1往復の時間', en: 'hours per round trip' },
    availableFrom: { ja: '利用開始', en: 'available from' },
    availableUntil: { ja: '利用終了', en: 'available until' },
  },
});

export const roadSegmentsDataset = defineDataset({
  name: 'road-segments',
  label: { ja: '道路区間と通行状況', en: 'road segments and status' },
  schema: RoadSegmentSchema,
  defaultClasses: {},
  fieldLabels: {
    geometry: { ja: '形状', en: 'geometry' },
    roadClass: { ja: '道路の種別', en: 'road class' },
    status: { ja: '通行状況', en: 'status' },
    allowedVehicleClasses: { ja: '通行できる車両', en: 'vehicle classes let through' },
    statusObservedAt: { ja: '観測時刻', en: 'observed at' },
    statusSource: { ja: '出典', en: 'source' },
  },
});

export const leadTimesDataset = defineDataset({
  name: 'lead-times',
  label: { ja: 'リードタイム', en: 'lead times' },
  schema: LeadTimeSchema,
  defaultClasses: {},
  fieldLabels: {
    from: { ja: '出発拠点', en: 'from' },
    to: { ja: '届け先', en: 'to' },
    mode: { ja: '輸送手段', en: 'mode' },
    hours: { ja: '所要時間', en: 'hours' },
    validFrom: { ja: '有効期間の始め', en: 'valid from' },
    validUntil: { ja: '有効期間の終わり', en: 'valid until' },
    basis: { ja: '根拠', en: 'basis' },
    source: { ja: '出典', en: 'source' },
  },
});

export const shipmentsDataset = defineDataset({
  name: 'shipments',
  label: { ja: '輸送', en: 'shipments' },
  schema: ShipmentSchema,
  defaultClasses: {},
  fieldLabels: {
    supplier: { ja: '供給者', en: 'supplier' },
    from: { ja: '出荷元', en: 'from' },
    to: { ja: '届け先', en: 'to' },
    lines: { ja: '品目行', en: 'lines' },
    status: { ja: '状態', en: 'status' },
  },
});

export const builtInDatasets: ReadonlyMap<string, DatasetDefinition> = new Map(
  [personsDataset, sheltersDataset, facilitiesDataset, stockDataset, alertsDataset, demandsDataset, vehiclesDataset, roadSegmentsDataset, shipmentsDataset, leadTimesDataset].map((d) => [d.name, d]),
);

/** Whether `ancestor` is `path` itself or one of its parents. */
export function coversPath(ancestor: string, path: string): boolean {
  return ancestor === path || (path.length > ancestor.length && path.startsWith(ancestor) && path[ancestor.length] === '.');
}

/** The node at a path, or undefined when the dataset has no such field. */
export function fieldAt(dataset: DatasetDefinition, path: string): FieldNode | undefined {
  let node: FieldNode | undefined = dataset.fields;
  for (const key of path.split('.')) {
    node = node.children.get(key);
    if (!node) return undefined;
  }
  return node;
}

/** The class of a field: the nearest classified ancestor in the policy, then in the dataset's defaults, else personal. */
export function classOfField(
  dataset: DatasetDefinition,
  policyClasses: Readonly<Record<string, FieldClass>>,
  path: string,
): FieldClass {
  for (let p: string | undefined = path; p; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : undefined) {
    const own = Object.hasOwn(policyClasses, p) ? policyClasses[p] : undefined;
    if (own) return own;
  }
  for (let p: string | undefined = path; p; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : undefined) {
    const own = Object.hasOwn(dataset.defaultClasses, p) ? dataset.defaultClasses[p] : undefined;
    if (own) return own;
  }
  return 'personal';
}

/**
 * The first field at or below `path` that is not public, by the stricter of the dataset's and the policy's classes
 * (a policy may restrict a field but never open one up), or undefined when everything there is public.
 */
export function firstNonPublicField(
  dataset: DatasetDefinition,
  policyClasses: Readonly<Record<string, FieldClass>>,
  path: string,
): { field: string; fieldClass: FieldClass } | undefined {
  const strictest = (p: string): FieldClass => {
    const own = classOfField(dataset, {}, p);
    const policy = classOfField(dataset, policyClasses, p);
    return own === 'sensitive' || policy === 'sensitive' ? 'sensitive' : own === 'personal' || policy === 'personal' ? 'personal' : 'public';
  };
  const here = strictest(path);
  if (here !== 'public') return { field: path, fieldClass: here };
  const classified = new Set([...Object.keys(dataset.defaultClasses), ...Object.keys(policyClasses)]);
  for (const c of [...classified].sort()) {
    if (c === path || !coversPath(path, c) || !dataset.paths.has(c)) continue;
    const cls = strictest(c);
    if (cls !== 'public') return { field: c, fieldClass: cls };
  }
  return undefined;
}

/** The people-facing name of a field path, or the path itself when the dataset has no label for it. */
export function fieldLabel(dataset: DatasetDefinition | undefined, path: string, lang: 'ja' | 'en'): string {
  const own = dataset?.fieldLabels[path];
  if (own) return own[lang];
  return path;
}
