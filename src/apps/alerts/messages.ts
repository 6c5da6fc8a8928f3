// The alerts application's messages in Japanese and English: its problems (an unknown alert or declaration, a pushed
// document refused and why, a push without a signature) and its audit reasons. Registered when this module loads.
import { defineMessages, type MessageCatalog } from '../../node/application/index.ts';

export const alertsCatalog = {
  ALERTS_BOUNDARIES_UNAVAILABLE: {
    ja: '都道府県 {{prefecture}} の市区町村境界のファイルを読めません（地図は代表点と一覧で表示します）',
    en: 'The municipality boundaries of prefecture {{prefecture}} could not be read (the map shows representative points and the list instead)',
  },
  ALERTS_ALERT_UNKNOWN: {
    ja: 'このノードには警報 {{id}} がありません',
    en: 'This node holds no alert {{id}}',
  },
  ALERTS_DECLARATION_UNKNOWN: {
    ja: 'このノードで有効な災害宣言 {{id}} はありません',
    en: 'No disaster declaration {{id}} is in force on this node',
  },
  ALERTS_PUSH_SIGNATURE_REQUIRED: {
    ja: '警報の送信は、トラストリストに載った参加者の署名付き要求でなければ受け付けません',
    en: 'Alerts are accepted only in requests signed by a participant on the trust list',
  },
  ALERTS_DOCUMENT_REFUSED: {
    ja: '送られた文書を警報として受け付けられません（何も保存していません）: {{reasons}}',
    en: 'The document sent was not accepted as an alert (nothing was stored): {{reasons}}',
  },
  ALERTS_CAP_NEEDS_EVERY_FIELD: {
    ja: 'ポリシーが警報の項目（{{fields}}）を許可していないため、CAP 文書として提供できません',
    en: 'The policy does not grant every field of the alert ({{fields}}), so it cannot be given as a CAP document',
  },
  ALERTS_PUSH_AUDIT_REASON: {
    ja: '{{sender}} から {{format}} の警報を受信し、{{count}} 件を保存しました',
    en: 'Received a {{format}} alert from {{sender}} and stored {{count}} records',
  },
  ALERTS_PUSH_REFUSED_AUDIT_REASON: {
    ja: '{{sender}} から受信した {{format}} の文書を拒否しました: {{codes}}',
    en: 'Refused a {{format}} document from {{sender}}: {{codes}}',
  },
  ALERTS_PEOPLE_AUDIT_REASON: {
    ja: '警報 {{alert}} の地域の要配慮者 {{persons}} 人・避難所 {{shelters}} か所を表示（応答のないノード {{missing}}）',
    en: 'Shown {{persons}} persons requiring care and {{shelters}} shelters in the areas of alert {{alert}} ({{missing}} nodes missing)',
  },
  ALERTS_SOURCE_INCOMPLETE: {
    ja: '回答は途中までです: {{detail}}',
    en: 'answered only in part: {{detail}}',
  },
  ALERTS_SOURCE_REFUSED: {
    ja: '{{detail}}',
    en: '{{detail}}',
  },
  ALERTS_SOURCE_REFUSED_PLAIN: {
    ja: '要求を拒否しました（理由の説明はありません）',
    en: 'refused the request (it gave no reason)',
  },
  ALERTS_SOURCE_TIMEOUT: {
    ja: '期限内に応答しませんでした',
    en: 'did not answer in time',
  },
  ALERTS_SOURCE_UNREACHABLE: {
    ja: '接続できませんでした',
    en: 'could not be reached',
  },
  ALERTS_SOURCE_INVALID: {
    ja: '回答を使えませんでした（署名または形式を確かめられません）',
    en: 'sent an answer that could not be used (its signature or shape did not check)',
  },
  ALERTS_SUBSCRIBE_AREAS_AND_POLYGON: {
    ja: '購読する地域は地域コードか多角形（within）のどちらかで指定してください（両方は指定できません）',
    en: 'Give the subscription area as area codes or as a polygon (within), not both',
  },
  ALERTS_UNMET_NEEDS_FAILED: {
    ja: '物資支援アプリケーションから未充足の需要を読めませんでした: {{detail}}',
    en: "The logistics application's unmet needs could not be read: {{detail}}",
  },
  ALERTS_REPORT_UNKNOWN: {
    ja: '状況報告 {{id}} はありません',
    en: 'There is no situation report {{id}}',
  },
  ALERTS_REPORT_ALREADY_APPROVED: {
    ja: '状況報告 {{id}} は {{at}} に {{by}} が承認済みです',
    en: 'Situation report {{id}} was already approved by {{by}} at {{at}}',
  },
  ALERTS_REPORT_DRAFTED: {
    ja: '{{by}} が状況報告 {{report}}（地域 {{areas}}、要配慮者 {{persons}} 人、充足されない需要: {{unmetNeeds, alertsUnmetNeeds}}）の下書きを作成',
    en: '{{by}} drafted situation report {{report}} (areas {{areas}}, {{persons}} persons requiring care, unmet needs: {{unmetNeeds, alertsUnmetNeeds}})',
  },
  ALERTS_REPORT_APPROVED: {
    ja: '{{by}} が状況報告 {{report}}（地域 {{areas}}、要配慮者 {{persons}} 人）を承認',
    en: '{{by}} approved situation report {{report}} (areas {{areas}}, {{persons}} persons requiring care)',
  },
  ALERTS_REPORT_AREA_UNKNOWN: {
    ja: '地域コード {{areas}} は市町村コードの表にありません（合併でなくなった市町村か、入力の誤り）。状況報告は作成していません',
    en: 'Area code {{areas}} is not in the table of local government codes (a municipality merged away, or a typing mistake). No report was drafted',
  },
  ALERTS_REPORT_AREA_OUTSIDE: {
    ja: '{{areas}} はこのノードの管轄（{{jurisdiction}}）の外です。状況報告は管轄内の地域についてだけ作成できます（何も作成していません）',
    en: '{{areas}} lies outside this node\'s jurisdiction ({{jurisdiction}}). A situation report is drafted only for areas inside it (nothing was drafted)',
  },
  ALERTS_PROVIDER_UNKNOWN: {
    ja: '{{provider}} はこのノードが警報を購読できるノードではありません（トラストリストにない、またはこのノード自身）',
    en: '{{provider}} is not a node this node can subscribe to for alerts (not on the trust list, or this node itself)',
  },
  ALERTS_SUBSCRIBE_NO_NODE_URL: {
    ja: 'このノードはトラストリストに URL がないため、通知を受け取れません（購読できません）',
    en: 'This node has no URL in the trust list, so it cannot be notified (no subscription is possible)',
  },
  ALERTS_SUBSCRIBE_REFUSED: {
    ja: '{{provider}} が購読を受け付けませんでした（{{status}}）: {{detail}}',
    en: '{{provider}} did not accept the subscription ({{status}}): {{detail}}',
  },
  ALERTS_PROVIDER_UNREACHABLE: {
    ja: '{{provider}} に接続できないか、回答の署名を確かめられませんでした: {{detail}}',
    en: '{{provider}} could not be reached, or its answer did not verify: {{detail}}',
  },
  ALERTS_SUBSCRIBED_AUDIT_REASON: {
    ja: '{{provider}} の警報を購読（{{id}}、地域 {{areas}}、期限 {{expiresAt}}）',
    en: 'Subscribed to the alerts of {{provider}} ({{id}}, areas {{areas}}, until {{expiresAt}})',
  },
  ALERTS_SUBSCRIBED_POLYGON_AUDIT_REASON: {
    ja: '{{provider}} の警報を購読（{{id}}、多角形の範囲、その中の地域 {{areas}}、期限 {{expiresAt}}）',
    en: 'Subscribed to the alerts of {{provider}} ({{id}}, within a polygon, areas {{areas}} inside it, until {{expiresAt}})',
  },
  ALERTS_SUBSCRIBE_FAILED_AUDIT_REASON: {
    ja: '{{provider}} の警報の購読は成立しませんでした: {{detail}}',
    en: 'The subscription to the alerts of {{provider}} was not made: {{detail}}',
  },
  ALERTS_UNSUBSCRIBED_AUDIT_REASON: {
    ja: '{{provider}} の警報の購読 {{id}} を終了（{{status}}）',
    en: 'Ended the subscription {{id}} to the alerts of {{provider}} ({{status}})',
  },
} as const satisfies MessageCatalog;

/**
 * The words of a report audit's `unmetNeeds` parameter (report-routes.ts, unmetNeedsBasis): the state of the report's
 * unmet-needs section, or the id of the supply plan it was taken from; `-` in reports drafted before the section.
 */
export const alertsValueWords = {
  alertsUnmetNeeds: {
    words: {
      'not-installed': { ja: 'このノードに物資支援なし', en: 'no logistics on this node' },
      'no-plan': { ja: '供給計画なし', en: 'no supply plan' },
      'not-for-exercise': { ja: '訓練・試験のため集めず', en: 'not gathered for an exercise or test' },
      'needs-against-stock': { ja: '需要と把握している在庫の比較', en: 'needs against the stock known' },
      failed: { ja: '物資支援から取得できず', en: 'not available from logistics' },
      '-': { ja: '報告に項目なし', en: 'not in the report' },
    },
    other: { ja: '供給計画 {{value}}', en: 'supply plan {{value}}' },
  },
} as const;

export const alertsMessages = defineMessages(alertsCatalog, alertsValueWords);
