// Export the common data model as standalone JSON Schema (draft 2020-12) documents, for partners who validate
// Tsunagu data with their own tools. The TypeBox schemas stay the single source; this adds identity and prose only.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TSchema } from '@sinclair/typebox';
import { codeLists } from './codes.ts';
import { codesOf, type CodeList, type Label } from './labels.ts';
import { RecordEnvelopeSchemas, recordPayloadSchemas, recordTypes, type RecordType } from './record.ts';

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';
export const SCHEMA_BASE_URI = 'https://tsunagu.dev/schema/v1/';

/** A JSON Schema document as plain JSON data (no TypeBox symbols). */
export type JsonSchemaDocument = { [keyword: string]: unknown };

export type CodeListName = keyof typeof codeLists;

const payloadDocs: { [T in RecordType]: { name: Label; about: Label } } = {
  participant: {
    name: { ja: '参加者', en: 'Participant' },
    about: {
      ja: 'データスペースに参加する組織。トラストリストに載る内容（役割、管轄地域、公開鍵、ノードの URL）。',
      en: "An organisation in the data space, as listed in a trust list: role, jurisdiction, public keys and node URL.",
    },
  },
  shelter: {
    name: { ja: '避難所', en: 'Shelter' },
    about: {
      ja: '指定避難所・指定緊急避難場所・福祉避難所・臨時避難所。開設状況、避難者数の時系列、必要物資を持つ。',
      en: 'A designated shelter, emergency evacuation site, welfare or ad-hoc shelter, with open status, evacuee counts over time and needs.',
    },
  },
  facility: {
    name: { ja: '施設', en: 'Facility' },
    about: {
      ja: '病院・透析医療機関・介護施設・薬局・店舗・物資拠点と、その稼働状況。',
      en: 'A hospital, dialysis clinic, care facility, pharmacy, store or supply depot, with its operating status.',
    },
  },
  person: {
    name: { ja: '要配慮者', en: 'Person requiring care' },
    about: {
      ja: '要配慮者（避難行動要支援者を含む）の本人情報、配慮事項、同意、安否。健康・障害に関する項目は要配慮個人情報であり、ポリシーが許可しない限りマスクされる。',
      en: 'A person requiring care (including persons requiring evacuation assistance): identity, care profile, consent and safety status. Health and disability fields are sensitive personal data (要配慮個人情報) and are masked unless a policy grants them.',
    },
  },
  declaration: {
    name: { ja: '災害宣言', en: 'Disaster declaration' },
    about: {
      ja: 'トラストリストに載る機関が署名して発する災害宣言（地域・災害種別・フェーズ）。ポリシーを緊急モードに切り替える。',
      en: 'A disaster declaration (areas, hazard, phase) signed by an authority in the trust list; it switches policies into emergency mode.',
    },
  },
  delegation: {
    name: { ja: '緊急時の代行委任', en: 'Emergency delegation' },
    about: {
      ja: 'データの持ち主が事前に定める代行者への委任。対応する災害宣言があるときだけ有効になり、すべて監査記録に残る。',
      en: "A data owner's advance delegation to someone who may act for it; it takes effect only with a matching declaration and is fully audited.",
    },
  },
  stock: {
    name: { ja: '物資在庫', en: 'Stock' },
    about: {
      ja: '1か所（物資拠点・避難所・施設）に保管されている1品目の在庫: 品目分類、数量と単位、引当済みの数量、消費期限、アレルゲン。reserved は quantity 以下であること（JSON Schema では表せないため Tsunagu の recordRuleProblems が検査する）。',
      en: "One item line held at one place (a depot, shelter or facility): item category, quantity and unit, reserved part, expiry date and allergens. reserved must not exceed quantity; JSON Schema cannot express this, Tsunagu's recordRuleProblems checks it.",
    },
  },
  alert: {
    name: { ja: '警報・情報（CAP・気象庁防災情報XML）', en: 'Alert (CAP, JMA XML)' },
    about: {
      ja: 'CAP 1.2 または気象庁防災情報XMLの警報・注意報・地震津波情報。対象地域を市町村コードで持ち（元のコードも保持）、実際・訓練・試験の区別、更新・取消による状態、署名の検証結果を持つ。',
      en: 'A CAP 1.2 alert or a JMA disaster-information telegram: its areas as local-government codes (original codes kept), actual/exercise/test status, whether a later update or cancel replaced it, and its signature state.',
    },
  },
  demand: {
    name: { ja: '物資の需要', en: 'Demand' },
    about: {
      ja: '避難所・施設が必要とする1品目: 市区町村・避難所からの要請、または避難者数や要配慮者数から計算した必要量。品目分類、数量と単位、期限、優先度、除去すべきアレルゲン、届け先。',
      en: 'One item line a shelter or facility needs: a request from a municipality or shelter, or a need computed from evacuee or care counts. Item category, quantity and unit, needed by, priority, allergens to avoid, destination.',
    },
  },
  vehicle: {
    name: { ja: '輸送手段', en: 'Vehicle' },
    about: {
      ja: '物流事業者などが物資支援に提供する車両・船舶・航空機（同じ区分の台数）: 輸送の方法（陸路・海路・空路）、区分、積載量（重量・容積・パレット）、積込む拠点、利用できる期間。船舶・航空機は積込む港・飛行場、荷揚げ・着陸地点とそこから届く届け先（ヘリコプターは飛行半径でもよい）、速度、1日の往復回数または1往復の時間。availableUntil は availableFrom 以降であること、区分が輸送の方法に合うこと、船舶・航空機が届け先と速度を示すことは recordRuleProblems が検査する。',
      en: "Vehicles, ships or aircraft of one class a logistics firm or agency offers for supply logistics: mode (road, sea, air), class, capacity (weight, volume, pallets), loading depot, available period. A ship or aircraft also gives the port or airfield it loads at, its landing points with the destinations each serves (a helicopter may give a radius instead), its speed, and round trips per day or hours per round trip. recordRuleProblems checks that availableUntil does not precede availableFrom, that the class travels by the mode, and that a ship or aircraft states where it delivers and its speed.",
    },
  },
  'road-segment': {
    name: { ja: '道路区間', en: 'Road segment' },
    about: {
      ja: '道路網の1区間（交差点から交差点）: 両端のノード、LineString の形状、道路種別、延長、旅行速度、通行状況（通行可・規制・通行止め）と規制時に通れる車両区分、観測時刻と出典。形状が両端のノードを結ぶことは recordRuleProblems が検査する。',
      en: 'One edge of the road network between two junctions: end nodes, LineString geometry, class, length, travel speed, status (open, restricted, closed) with the vehicle classes a restriction lets through, observed time and source. recordRuleProblems checks that the geometry joins the end nodes.',
    },
  },
  shipment: {
    name: { ja: '輸送', en: 'Shipment' },
    about: {
      ja: '供給者の拠点から避難所・施設への物資の輸送と、その状態（計画→引受|辞退→出庫→輸送中→配送完了→受領確認）。受領では品目行ごとに 受領＋破損＋紛失 が出荷数量に等しいこと（recordRuleProblems が検査する）。',
      en: 'Items moving from a supplier to a shelter or facility, and their state (planned → committed | declined → dispatched → in transit → delivered → received). On receipt, received + damaged + lost must equal the quantity shipped for every line (recordRuleProblems checks it).',
    },
  },
  'lead-time': {
    name: { ja: 'リードタイム', en: 'Lead time' },
    about: {
      ja: '倉庫・物流事業者が示す、1拠点から地域または届け先までの所要時間: 出発拠点、届け先（地域コードまたは場所）、輸送手段（陸路・海路・空路）、時間、有効期間、根拠（運用実績か仮定か）と出典。道路網に経路がないときに計画が使う。validUntil が validFrom より後であることは recordRuleProblems が検査する。',
      en: 'How long goods take from one depot to an area or destination, as a warehouse or logistics operator states it: from, to (an area code or a place), mode (road, sea, air), hours, validity, basis (stated or assumed) and source. Plans use it where the road network gives no path. recordRuleProblems checks that validUntil follows validFrom.',
    },
  },
};

/** Japanese and English names of the code lists themselves, for documentation and the console. */
export const codeListLabels: { [L in CodeListName]: Label } = {
  participantRoles: { ja: '参加者の役割', en: 'Participant roles' },
  purposes: { ja: '利用目的', en: 'Purposes of use' },
  hazards: { ja: '災害種別', en: 'Hazards' },
  phases: { ja: '災害フェーズ', en: 'Disaster phases' },
  shelterKinds: { ja: '避難所の種別', en: 'Shelter kinds' },
  shelterOpenStatuses: { ja: '避難所の開設状況', en: 'Shelter open statuses' },
  facilityKinds: { ja: '施設の種別', en: 'Facility kinds' },
  safetyStatuses: { ja: '安否', en: 'Safety statuses' },
  careNeeds: { ja: '配慮が必要な事項', en: 'Care needs' },
  sexes: { ja: '性別', en: 'Sex' },
  qualityLevels: { ja: 'データの品質', en: 'Data quality levels' },
  weekdays: { ja: '曜日', en: 'Days of the week' },
  stockCategories: { ja: '物資の品目分類', en: 'Stock item categories' },
  stockUnits: { ja: '物資の単位', en: 'Stock units' },
  allergens: { ja: '特定原材料（アレルゲン）', en: 'Specified allergenic ingredients' },
  demandPriorities: { ja: '需要の優先度', en: 'Demand priorities' },
  vehicleClasses: { ja: '車両の区分', en: 'Vehicle classes' },
  roadClasses: { ja: '道路の種別', en: 'Road classes' },
  roadStatuses: { ja: '道路の通行状況', en: 'Road statuses' },
  shipmentStates: { ja: '輸送の状態', en: 'Shipment states' },
};

const MODEL_NOTE =
  'Tsunagu 共通データモデル v1。解説: docs/data-model.md。 / Tsunagu common data model v1; reference: docs/data-model.md.';

// Validators that do not know a custom format ignore it (draft 2020-12 treats format as an annotation by default),
// so the rules behind `area-code` must be stated where a partner will read them.
const AREA_CODE_NOTE =
  'format "area-code" は Tsunagu 独自の形式: 全国地方公共団体コード（検査数字を含む6桁、例 172022）、日本全体を表す JP、' +
  'または ASEAN の P コード（ISO 3166-1 alpha-2 の国コードで始まる、例 PH0403405）。pattern はどの検証器でも検査されるが、' +
  '検査数字・都道府県番号 01〜47・ASEAN 加盟国の国コードは、この形式を知る検証器（Tsunagu の validate）だけが検査する。' +
  '知らない検証器はこの format を無視する。 / ' +
  'format "area-code" is specific to Tsunagu: a Japanese local government code (6 digits including the check digit, e.g. 172022), ' +
  'JP for all of Japan, or an ASEAN P-code (ISO 3166-1 alpha-2 country prefix, e.g. PH0403405). Every validator checks the pattern; ' +
  "only validators that know this format (Tsunagu's validate does) check the check digit, the prefecture number 01-47 and the ASEAN " +
  'country prefix. Validators that do not know the format ignore it.';

const FORMAT_NOTE =
  'Tsunagu は format date-time（オフセット必須）、date、email、uri も検査する。 / ' +
  'Tsunagu also asserts the formats date-time (offset required), date, email and uri.';

const POLYGON_NOTE =
  'Polygon の各リングは閉じていること（最初と最後の位置が同じ）。JSON Schema では表せないため Tsunagu の validate が検査する。 / ' +
  "Every Polygon ring must be closed (first position equals last); JSON Schema cannot express this, Tsunagu's validate checks it.";

/** TypeBox schemas carry symbol keys for their own bookkeeping; a JSON round trip leaves the plain schema. */
function plainJson(schema: TSchema): JsonSchemaDocument {
  return JSON.parse(JSON.stringify(schema)) as JsonSchemaDocument;
}

/**
 * TypeBox writes tuples in the draft-07 form (`items` as an array, `additionalItems`); draft 2020-12 spells the same
 * constraint `prefixItems` plus `items: false`. Nothing else differs for the keywords the model uses.
 */
export function toDraft2020(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toDraft2020);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonSchemaDocument = {};
  const source = node as JsonSchemaDocument;
  const tuple = Array.isArray(source.items);
  for (const [key, value] of Object.entries(source)) {
    if (tuple && key === 'items') out.prefixItems = toDraft2020(value);
    else if (tuple && key === 'additionalItems') out.items = toDraft2020(value);
    else out[key] = toDraft2020(value);
  }
  return out;
}

function containsKeywordValue(node: unknown, keyword: string, value: unknown): boolean {
  if (Array.isArray(node)) return node.some((n) => containsKeywordValue(n, keyword, value));
  if (node === null || typeof node !== 'object') return false;
  return Object.entries(node).some(([k, v]) => (k === keyword && v === value) || containsKeywordValue(v, keyword, value));
}

function describe(about: Label, schema: unknown): string {
  const parts = [`${about.ja} / ${about.en}`, MODEL_NOTE];
  if (containsKeywordValue(schema, 'format', 'area-code')) parts.push(AREA_CODE_NOTE);
  parts.push(FORMAT_NOTE);
  if (containsKeywordValue(schema, 'const', 'Polygon')) parts.push(POLYGON_NOTE);
  return parts.join('\n\n');
}

function standalone(fileName: string, title: string, about: Label, schema: TSchema): JsonSchemaDocument {
  const body = toDraft2020(plainJson(schema)) as JsonSchemaDocument;
  return {
    ...body,
    $schema: JSON_SCHEMA_DIALECT,
    $id: `${SCHEMA_BASE_URI}${fileName}`,
    title,
    description: describe(about, body),
  };
}

function codeListSchema(name: CodeListName, list: CodeList<string>): JsonSchemaDocument {
  const label = codeListLabels[name];
  return {
    title: `${label.en} (${label.ja})`,
    type: 'string',
    anyOf: codesOf(list).map((code) => ({ const: code, title: list[code]!.en, 'x-labels': { ja: list[code]!.ja, en: list[code]!.en } })),
  };
}

function codesDocument(): JsonSchemaDocument {
  const defs: JsonSchemaDocument = {};
  for (const name of Object.keys(codeLists) as CodeListName[]) defs[name] = codeListSchema(name, codeLists[name]);
  return {
    $schema: JSON_SCHEMA_DIALECT,
    $id: `${SCHEMA_BASE_URI}codes.json`,
    title: 'Code lists (コード表)',
    description: [
      'Tsunagu のコード表。コードは翻訳しない安定した識別子で、ラベルは人のためのもの。$defs の各リストを ' +
        '"codes.json#/$defs/hazards" のように参照する。各コードは const で、title に英語ラベル、注釈キーワード x-labels に日本語と英語のラベルを持つ' +
        '（未知のキーワードは検証器が無視する。Ajv の strict モードでは addKeyword("x-labels") が必要）。 / ' +
        'Tsunagu code lists. Codes are stable identifiers, never translated; labels are for people. Refer to a list as ' +
        '"codes.json#/$defs/hazards". Each code is a const with its English label as title and both labels in the x-labels ' +
        'annotation (validators ignore unknown keywords; Ajv in strict mode needs addKeyword("x-labels")).',
      MODEL_NOTE,
    ].join('\n\n'),
    $defs: defs,
  };
}

export function payloadSchemaFileName(type: RecordType): string {
  return `${type}.json`;
}

export function envelopeSchemaFileName(type: RecordType): string {
  return `record-${type}.json`;
}

/** Every exported JSON Schema document by file name: payloads, record envelopes, then codes.json. */
export function exportJsonSchemas(): Map<string, JsonSchemaDocument> {
  const out = new Map<string, JsonSchemaDocument>();
  for (const type of recordTypes) {
    const { name, about } = payloadDocs[type];
    const file = payloadSchemaFileName(type);
    out.set(file, standalone(file, `${name.en} (${name.ja})`, about, recordPayloadSchemas[type]));
  }
  for (const type of recordTypes) {
    const { name } = payloadDocs[type];
    const file = envelopeSchemaFileName(type);
    const about: Label = {
      ja: `${name.ja}のレコード。共通の封筒（id、type、version、sourceNode、observedAt、recordedAt、quality、lineage）に、${payloadSchemaFileName(type)} と同じ data を入れたもの。`,
      en: `${name.en} record: the common envelope (id, type, version, sourceNode, observedAt, recordedAt, quality, lineage) around data as in ${payloadSchemaFileName(type)}.`,
    };
    out.set(file, standalone(file, `Record: ${name.en} (レコード: ${name.ja})`, about, RecordEnvelopeSchemas[type]));
  }
  out.set('codes.json', codesDocument());
  return out;
}

/**
 * Keys sorted so the files do not change when TypeBox reorders keywords; the members of `properties` and `$defs`
 * keep their declaration order, which is the order the reference documentation explains them in.
 */
function ordered(value: unknown, keepMemberOrder = false): unknown {
  if (Array.isArray(value)) return value.map((v) => ordered(v));
  if (value === null || typeof value !== 'object') return value;
  const obj = value as JsonSchemaDocument;
  const keys = Object.keys(obj);
  if (!keepMemberOrder) keys.sort();
  return Object.fromEntries(
    keys.map((k) => [k, ordered(obj[k], !keepMemberOrder && (k === 'properties' || k === '$defs'))]),
  );
}

/** The exact text written for a schema document: pretty-printed, stable key order, trailing newline. */
export function jsonSchemaFileText(doc: JsonSchemaDocument): string {
  return `${JSON.stringify(ordered(doc), null, 2)}\n`;
}

/** File name → file text for every exported schema. */
export function renderJsonSchemaFiles(): Map<string, string> {
  return new Map([...exportJsonSchemas()].map(([file, doc]) => [file, jsonSchemaFileText(doc)]));
}

/** Write every exported schema into `dir` (created if missing); returns the file names written. */
export async function writeJsonSchemas(dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files = renderJsonSchemaFiles();
  for (const [file, text] of files) await writeFile(path.join(dir, file), text, 'utf8');
  return [...files.keys()];
}
