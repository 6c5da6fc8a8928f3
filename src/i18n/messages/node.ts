// Messages of the node's HTTP API.
import type { MessageCatalog } from '../catalog.ts';

export const nodeMessages = {
  HTTP_VALIDATION_FAILED: {
    ja: 'リクエストが不正です: {{detail}}',
    en: 'The request is invalid: {{detail}}',
  },
  HTTP_NOT_FOUND: {
    ja: '{{what}} が見つかりません',
    en: '{{what}} was not found',
  },
  HTTP_INTERNAL: {
    ja: 'ノード内部でエラーが発生しました（要求ID {{requestId}}）。管理者に連絡してください',
    en: 'The node failed internally (request {{requestId}}). Contact its operator',
  },
  HTTP_BAD_BBOX: {
    ja: 'bbox は「西経度,南緯度,東経度,北緯度」の4つの数値で指定してください（例: 136.9,37.0,137.1,37.1）',
    en: 'bbox must be four numbers "west,south,east,north" (e.g. 136.9,37.0,137.1,37.1)',
  },
  HTTP_BAD_AREA: {
    ja: '地域コード「{{value}}」が不正です: {{detail}}',
    en: 'Area code "{{value}}" is invalid: {{detail}}',
  },
  // The access gate: every read of a dataset is decided by policy and audited before anything is sent
  NODE_PURPOSE_UNKNOWN: {
    ja: '利用目的「{{value}}」は目的の語彙にありません（使えるもの: {{allowed}}）',
    en: 'Purpose "{{value}}" is not in the purpose vocabulary (known: {{allowed}})',
  },
  NODE_PURPOSE_REQUIRED: {
    ja: '利用目的（purpose）を指定してください（使えるもの: {{allowed}}）',
    en: 'State the purpose of use (purpose): one of {{allowed}}',
  },
  NODE_PURPOSE_ASSUMED: {
    ja: '利用目的の指定がないため、公開データの閲覧として「{{purpose}}」とみなしました',
    en: 'No purpose was stated; as a read of open data it was taken as "{{purpose}}"',
  },
  NODE_FIELDS_LIMIT: {
    ja: '項目の指定が多すぎるか長すぎます（{{maxCount}}項目まで、1項目{{maxLength}}文字まで）',
    en: 'Too many or too long field paths (at most {{maxCount}} paths of {{maxLength}} characters each)',
  },
  NODE_ACCESS_DENIED: {
    ja: 'データセット「{{dataset}}」へのアクセスは利用ポリシーにより拒否されました: {{reasons}}',
    en: 'Access to dataset "{{dataset}}" was denied by its usage policy: {{reasons}}',
  },
  NODE_AUDIT_UNAVAILABLE: {
    ja: '監査ログに記録できないため、データを提供できません（要求ID {{requestId}}）。しばらくしてから再試行してください',
    en: 'The audit log cannot record this request, so no data is provided (request {{requestId}}). Try again later',
  },
  // Policies the node loads at start
  NODE_POLICY_DIR_UNREADABLE: {
    ja: 'ポリシーのフォルダ {{dir}} を読めません（TSUNAGU_POLICY_DIR）: {{detail}}',
    en: 'Cannot read the policy directory {{dir}} (TSUNAGU_POLICY_DIR): {{detail}}',
  },
  NODE_POLICY_FILE_INVALID: {
    ja: 'ポリシーファイル {{file}}: {{problem}}',
    en: 'Policy file {{file}}: {{problem}}',
  },
  NODE_POLICY_DUPLICATE: {
    ja: 'ポリシー {{id}} の第{{version}}版が {{first}} と {{file}} の両方にあります',
    en: 'Policy {{id}} version {{version}} is in both {{first}} and {{file}}',
  },
} as const satisfies MessageCatalog;
