// The lifeline application's messages in Japanese and English: sentences that explain its judgements — why a person
// is urgent (one per priority factor), why two records were judged one person (one per kind of match evidence; {{a}}
// and {{b}} are the compared values) — and those of its service and routes: runs, match decisions, safety reports,
// the CSV export. Registered with the node's messages when this module loads.
import { defineMessages, type MessageCatalog } from '../../node/application/index.ts';

export const lifelineCatalog = {
  LIFELINE_FACTOR_DIALYSIS_OVERDUE: {
    ja: '予定されていた透析日が過ぎてから{{hours}}時間が経過しています',
    en: '{{hours}} hours have passed since a scheduled dialysis day ended',
  },
  LIFELINE_FACTOR_DIALYSIS_DUE_SOON: {
    ja: '次の透析予定日が24時間以内です（予定日の終わりまで残り{{hours}}時間）',
    en: 'The next dialysis day is within 24 hours ({{hours}} hours left until that day ends)',
  },
  LIFELINE_FACTOR_OXYGEN_LOW: {
    ja: '在宅酸素の残りが約{{hours}}時間分です',
    en: 'About {{hours}} hours of home oxygen supply are left',
  },
  LIFELINE_FACTOR_OXYGEN_OUT: {
    ja: '在宅酸素が約{{hours}}時間前に尽きた計算です',
    en: 'The home oxygen supply ran out about {{hours}} hours ago by calculation',
  },
  LIFELINE_FACTOR_BEDRIDDEN: {
    ja: '寝たきりで、自力での避難ができません',
    en: 'Bedridden and cannot evacuate unaided',
  },
  LIFELINE_FACTOR_MEDICALLY_DEPENDENT_CHILD: {
    ja: '医療的ケア児です',
    en: 'A medically dependent child',
  },
  LIFELINE_FACTOR_LIVES_ALONE: {
    ja: '独居です',
    en: 'Lives alone',
  },
  LIFELINE_FACTOR_IN_HAZARD_AREA: {
    ja: '所在地が危険区域の中にあります',
    en: 'The location is inside the hazard area',
  },
  LIFELINE_FACTOR_STATUS_UNKNOWN: {
    ja: '災害の発生以降、安否が確認されていません',
    en: 'No safety status has been confirmed since the disaster began',
  },
  LIFELINE_FACTOR_NEEDS_RESCUE: {
    ja: '要救助と報告されています',
    en: 'Reported as needing rescue',
  },
  LIFELINE_FACTOR_AGE_85_PLUS: {
    ja: '{{age}}歳です（85歳以上）',
    en: 'Aged {{age}} (85 or over)',
  },
  LIFELINE_EVIDENCE_NAME_EXACT: {
    ja: '氏名が同じ表記です（{{a}}）',
    en: 'The names are written identically ({{a}})',
  },
  LIFELINE_EVIDENCE_NAME_NORMALISED: {
    ja: '氏名が字体・全角半角・空白の違いを除いて一致します（{{a}} / {{b}}）',
    en: 'The names agree apart from character forms, width and spaces ({{a}} / {{b}})',
  },
  LIFELINE_EVIDENCE_NAME_KANA: {
    ja: '氏名の読みが一致します（{{a}} / {{b}}）',
    en: 'The readings of the names agree ({{a}} / {{b}})',
  },
  LIFELINE_EVIDENCE_NAME_MIXED_SCRIPT: {
    ja: '姓が一致し、名は一方がかな、もう一方が漢字で書かれています。読みで照合できた場合のみ一致の根拠になります（{{a}} / {{b}}）',
    en: 'The family names agree; one given name is written in kana, the other in kanji. It counts towards a match only when the reading confirms it ({{a}} / {{b}})',
  },
  LIFELINE_EVIDENCE_NAME_DIFFERENT: {
    ja: '氏名が異なります（{{a}} / {{b}}）',
    en: 'The names differ ({{a}} / {{b}})',
  },
  LIFELINE_EVIDENCE_BIRTH_DATE_EQUAL: {
    ja: '生年月日が一致します（{{a}}）',
    en: 'The birth dates agree ({{a}})',
  },
  LIFELINE_EVIDENCE_BIRTH_DATE_DIFFERENT: {
    ja: '生年月日が異なります（{{a}} / {{b}}）',
    en: 'The birth dates differ ({{a}} / {{b}})',
  },
  LIFELINE_EVIDENCE_BIRTH_DATE_MISSING: {
    ja: '一方に生年月日がなく、比較できません',
    en: 'One record has no birth date, so it could not be compared',
  },
  LIFELINE_EVIDENCE_ADDRESS_EQUAL: {
    ja: '住所が表記の違いを除いて一致します（{{a}}）',
    en: 'The addresses agree apart from how they are written ({{a}})',
  },
  LIFELINE_EVIDENCE_ADDRESS_SAME_LOCALITY: {
    ja: '町字は同じですが、番地が異なるか一方にありません（{{a}} / {{b}}）',
    en: 'Same locality, but the block and lot numbers differ or one is missing ({{a}} / {{b}})',
  },
  LIFELINE_EVIDENCE_ADDRESS_DIFFERENT: {
    ja: '住所の町字が異なります（{{a}} / {{b}}）',
    en: 'The addresses are in different localities ({{a}} / {{b}})',
  },
  LIFELINE_EVIDENCE_PHONE_EQUAL: {
    ja: '電話番号が一致します（{{a}}）',
    en: 'The phone numbers agree ({{a}})',
  },
  LIFELINE_EVIDENCE_PHONE_DIFFERENT: {
    ja: '電話番号が異なります（{{a}} / {{b}}）',
    en: 'The phone numbers differ ({{a}} / {{b}})',
  },
  LIFELINE_EVIDENCE_SEX_DIFFERENT: {
    ja: '性別が異なります（{{a}} / {{b}}）',
    en: 'The recorded sexes differ ({{a}} / {{b}})',
  },
  LIFELINE_EVIDENCE_AREA_DIFFERENT: {
    ja: '市区町村コードが異なります（{{a}} / {{b}}）',
    en: 'The municipality codes differ ({{a}} / {{b}})',
  },
  // The service and its routes.
  LIFELINE_RUN_TARGET_REQUIRED: {
    ja: '対象を指定してください: 災害宣言（declarationId）または危険区域のポリゴン（hazard）のいずれかが必要です',
    en: 'Say what to cover: a declaration (declarationId) or a hazard polygon (hazard) is required',
  },
  LIFELINE_HAZARD_INVALID: {
    ja: '危険区域のポリゴンを読み取れません（GeoJSONのPolygonまたはMultiPolygon、経度・緯度の順、閉じたリングが必要です）: {{detail}}',
    en: 'The hazard polygon cannot be read (a GeoJSON Polygon or MultiPolygon, [lon, lat], closed rings): {{detail}}',
  },
  LIFELINE_AREA_OUTSIDE_JURISDICTION: {
    ja: '地域 {{areas}} はどの参加ノードの管轄にも含まれません。問い合わせる先がありません',
    en: 'The area {{areas}} lies outside every participating node\'s jurisdiction: there is no one to ask',
  },
  LIFELINE_DECLARATION_UNKNOWN: {
    ja: '災害宣言 {{id}} はこのノードで有効になっていません（有効な宣言: {{known}}）',
    en: 'The declaration {{id}} is not in force on this node (in force: {{known}})',
  },
  LIFELINE_RUN_UNKNOWN: {
    ja: '一覧 {{runId}} はありません（古い一覧は破棄されます）。一覧を作り直してください',
    en: 'There is no list {{runId}} (older lists are dropped). Start a new list',
  },
  LIFELINE_PERSON_UNKNOWN: {
    ja: '一覧 {{runId}} に人物 {{personId}} はいません',
    en: 'The list {{runId}} has no person {{personId}}',
  },
  LIFELINE_RECORD_UNKNOWN: {
    ja: '一覧 {{runId}} に記録 {{key}} はありません',
    en: 'The list {{runId}} has no record {{key}}',
  },
  LIFELINE_DECISION_SAME_RECORD: {
    ja: '同じ記録どうしの判定はできません（{{key}}）',
    en: 'A record cannot be decided against itself ({{key}})',
  },
  LIFELINE_RUN_RECORDED: {
    ja: '救命リスト {{runId}} を作成しました（{{persons}} 人、{{records}} 件の記録、提供元: {{sources}}）',
    en: 'Lives-to-save list {{runId}} made ({{persons}} persons from {{records}} records; sources: {{sources}})',
  },
  LIFELINE_DECISION_RECORDED: {
    ja: '{{by}} が記録 {{a}} と {{b}} を「{{decision}}」と判定しました',
    en: '{{by}} decided records {{a}} and {{b}}: {{decision}}',
  },
  LIFELINE_SAFETY_RECORDED: {
    ja: '{{by}} が {{person}} の安否を「{{status}}」と記録しました（所有ノードへの送信 {{deliveries}} 件）',
    en: '{{by}} recorded {{person}} as {{status}} ({{deliveries}} updates queued for the owning nodes)',
  },
  LIFELINE_SAFETY_CONFLICT: {
    ja: '{{by}} の報告（{{status}}）は、より新しい安否（{{current}}、{{currentAt}}）を見ずに出されました。両方を記録し、所有ノードへは送っていません。確認のうえ改めて報告してください',
    en: 'The report by {{by}} ({{status}}) was based on an older status than the current one ({{current}} at {{currentAt}}). Both are kept and nothing was sent to the owning nodes; check and report again',
  },
  LIFELINE_EXPORTED: {
    ja: '一覧 {{runId}} の {{count}} 人をCSVで書き出しました',
    en: 'Exported {{count}} persons of list {{runId}} as CSV',
  },
  LIFELINE_FILTER_INVALID: {
    ja: '{{param}} の値「{{value}}」は使えません（使える値: {{allowed}}）',
    en: 'The value "{{value}}" of {{param}} is not allowed (allowed: {{allowed}})',
  },
  LIFELINE_SOURCE_INCOMPLETE: {
    ja: '{{node}} の回答は途中までです（{{count}} 件受信後: {{detail}}）',
    en: 'The answer of {{node}} is incomplete (after {{count}} records: {{detail}})',
  },
  LIFELINE_CSV_PRIORITY: { ja: '優先度', en: 'Priority' },
  LIFELINE_CSV_ID: { ja: '人物ID', en: 'Person ID' },
  LIFELINE_CSV_NAME: { ja: '氏名', en: 'Name' },
  LIFELINE_CSV_KANA: { ja: 'ふりがな', en: 'Reading' },
  LIFELINE_CSV_PHONE: { ja: '電話番号', en: 'Phone' },
  LIFELINE_CSV_BIRTH_DATE: { ja: '生年月日', en: 'Date of birth' },
  LIFELINE_CSV_AGE: { ja: '年齢', en: 'Age' },
  LIFELINE_CSV_ADDRESS: { ja: '住所', en: 'Address' },
  LIFELINE_CSV_AREA: { ja: '地域コード', en: 'Area code' },
  LIFELINE_CSV_LOCATION: { ja: '位置（経度,緯度）', en: 'Location (lon,lat)' },
  LIFELINE_CSV_NEEDS: { ja: '支援の種類', en: 'Care needs' },
  LIFELINE_CSV_STATUS: { ja: '安否', en: 'Safety status' },
  LIFELINE_CSV_STATUS_AT: { ja: '安否の確認日時', en: 'Status as of' },
  LIFELINE_CSV_STATUS_BY: { ja: '安否の報告者', en: 'Status reported by' },
  LIFELINE_CSV_FACTORS: { ja: '優先度の理由', en: 'Priority reasons' },
  LIFELINE_CSV_WITHHELD: { ja: '判定できなかった項目', en: 'Not weighed' },
  // A priority factor that could not be weighed: the provider's policy withheld what it needs, or no source has it.
  LIFELINE_WITHHELD_DIALYSIS_SCHEDULE: {
    ja: '「透析の遅れ」を判定できません: {{nodes}} のポリシーが透析の予定日を共有していません',
    en: '"Dialysis overdue" cannot be computed: {{nodes}} did not release the dialysis schedule under its policy',
  },
  LIFELINE_MISSING_DIALYSIS_SCHEDULE: {
    ja: '「透析の遅れ」を判定できません: どの提供元にも透析の予定日がありません',
    en: '"Dialysis overdue" cannot be computed: no source holds the dialysis schedule',
  },
  LIFELINE_WITHHELD_OXYGEN_SUPPLY: {
    ja: '「酸素の残りが少ない」を判定できません: {{nodes}} のポリシーが在宅酸素の残量を共有していません',
    en: '"Oxygen low" cannot be computed: {{nodes}} did not release the home-oxygen supply under its policy',
  },
  LIFELINE_MISSING_OXYGEN_SUPPLY: {
    ja: '「酸素の残りが少ない」を判定できません: どの提供元にも在宅酸素の残量がありません',
    en: '"Oxygen low" cannot be computed: no source holds the home-oxygen supply',
  },
  LIFELINE_CSV_SOURCES: { ja: '出典（ノード/記録）', en: 'Sources (node/record)' },
  LIFELINE_CSV_CONFLICTS: { ja: '食い違う項目', en: 'Conflicting fields' },
  LIFELINE_CSV_CONFIDENCE: { ja: '照合の確からしさ', en: 'Match confidence' },
} as const satisfies MessageCatalog;

export const lifelineMessages = defineMessages(lifelineCatalog);

export type LifelineMessageCode = keyof typeof lifelineCatalog;
