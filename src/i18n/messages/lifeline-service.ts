// Messages of the lifeline service and its operator routes: runs, match decisions, safety reports, the CSV export.
import type { MessageCatalog } from '../catalog.ts';

export const lifelineServiceMessages = {
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
  LIFELINE_CSV_SOURCES: { ja: '出典（ノード/記録）', en: 'Sources (node/record)' },
  LIFELINE_CSV_CONFLICTS: { ja: '食い違う項目', en: 'Conflicting fields' },
  LIFELINE_CSV_CONFIDENCE: { ja: '照合の確からしさ', en: 'Match confidence' },
} as const satisfies MessageCatalog;
