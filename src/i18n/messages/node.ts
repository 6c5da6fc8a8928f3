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
  NODE_DELIVERY_AUDITED_ON_REDELIVERY: {
    ja: '{{firstReceivedAt}} に反映済みでしたが、そのときの記録が書かれていなかったため、再送を受けて記録しました',
    en: 'Applied at {{firstReceivedAt}}, but its entry was not written then; recorded on redelivery',
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
  // Federation API: datasets, signed requests, declarations, deliveries
  NODE_DATASET_UNKNOWN: {
    ja: 'データセット「{{dataset}}」はこのノードで公開されていません（公開中: {{known}}）',
    en: 'Dataset "{{dataset}}" is not published by this node (published: {{known}})',
  },
  NODE_BODY_NOT_JSON: {
    ja: 'リクエストの本文がJSONとして読めません: {{detail}}',
    en: 'The request body is not valid JSON: {{detail}}',
  },
  NODE_WITHIN_INVALID: {
    ja: '範囲（within）がGeoJSONのPolygonまたはMultiPolygonではありません: {{detail}}',
    en: 'The area (within) is not a GeoJSON Polygon or MultiPolygon: {{detail}}',
  },
  NODE_REQUESTER_UNVERIFIED: {
    ja: '署名を検証できないため、要求元 {{claimed}} を確認できません',
    en: 'The requester {{claimed}} could not be verified: its signature did not verify',
  },
  NODE_DELEGATION_NEEDS_PARTICIPANT: {
    ja: '代理（on-behalf-of）は署名付きリクエストの参加者だけが使えます',
    en: 'Only a participant with a signed request can act on behalf of another (on-behalf-of)',
  },
  NODE_DELEGATION_INVALID: {
    ja: '代理権限の文書を検証できません: {{detail}}',
    en: 'The delegation could not be verified: {{detail}}',
  },
  NODE_DECLARATION_INVALID: {
    ja: '災害宣言を受け付けられません: {{detail}}',
    en: 'The declaration was not accepted: {{detail}}',
  },
  NODE_DECLARATION_RECEIVED: {
    ja: '{{issuer}} の災害宣言 {{declaration}} を検証して受け付けました',
    en: 'Declaration {{declaration}} by {{issuer}} was verified and received',
  },
  NODE_DELIVERY_UNAUTHENTICATED: {
    ja: '配信は署名付きリクエストの参加者からだけ受け付けます',
    en: 'Deliveries are accepted only from participants with a signed request',
  },
  NODE_DELIVERY_INVALID: {
    ja: '配信の内容が不正です: {{detail}}',
    en: 'The delivery is invalid: {{detail}}',
  },
  NODE_DELIVERY_KIND_UNKNOWN: {
    ja: '配信の種類「{{kind}}」は扱えません（扱える種類: {{known}}）',
    en: 'Delivery kind "{{kind}}" is not handled (handled: {{known}})',
  },
  NODE_PERSON_UNKNOWN: {
    ja: '対象者 {{id}} はこのノードにいません',
    en: 'Person {{id}} is not on this node',
  },
  NODE_STATUS_CONFLICT: {
    ja: '対象者 {{id}} の安否は {{stored}} の報告のほうが新しいため、{{received}} の報告は反映しませんでした（記録済み）',
    en: 'The safety status of {{id}} reported at {{received}} is older than the one stored ({{stored}}): recorded, not applied',
  },
  NODE_STATUS_APPLIED: {
    ja: '対象者 {{id}} の安否を「{{statusJa}}」に更新しました（{{reportedBy}} が {{reportedAt}} に報告、第{{version}}版）',
    en: 'The safety status of {{id}} was updated to "{{statusEn}}" (reported by {{reportedBy}} at {{reportedAt}}, version {{version}})',
  },
  NODE_WRITE_OWNER_ONLY: {
    ja: 'レコードを書き込めるのはこのノードの所有者（{{owner}}）の署名付きリクエストだけです',
    en: 'Only signed requests of this node\'s owner ({{owner}}) may write records',
  },
  NODE_RECORDS_INVALID: {
    ja: 'レコードが不正です: {{detail}}',
    en: 'The records are invalid: {{detail}}',
  },
  NODE_RECORDS_WRITTEN: {
    ja: '{{count}}件のレコードを書き込みました',
    en: '{{count}} records were written',
  },
  NODE_RELEASE_FIELDS_WITHHELD: {
    ja: '送る内容には、このノードのポリシーが相手に許していない項目（{{fields}}）が含まれるため、送りません',
    en: 'What would be pushed carries fields this node\'s policy does not grant the recipient ({{fields}}): not sent',
  },
  NODE_RELEASE_RECORDS_LIMITED: {
    ja: 'このノードのポリシーは相手に一部のレコードしか許していません（{{scope}}）。送る内容は絞れないため、送りません',
    en: 'This node\'s policy grants the recipient only some records ({{scope}}); what would be pushed cannot be narrowed: not sent',
  },
  NODE_RELEASE_PUSHED: {
    ja: 'このノードから {{recipient}} へ送るもの（{{what}}）: 送る前にこのノードのポリシーで判定',
    en: 'Pushed by this node to {{recipient}} ({{what}}): decided by this node\'s policy before it is queued',
  },
} as const satisfies MessageCatalog;
