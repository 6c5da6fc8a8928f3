// Messages of the operator API (the console's API on a node): operator authentication and the console's questions
// to its own node and to the federation.
import type { MessageCatalog } from '../catalog.ts';

export const operatorMessages = {
  OPERATOR_TOKEN_REQUIRED: {
    ja: 'オペレーター用トークンが必要です。ノード起動時に表示されたコンソールのURLから開いてください',
    en: 'An operator token is required. Open the console from the URL the node printed when it started',
  },
  OPERATOR_TOKEN_INVALID: {
    ja: 'オペレーター用トークンが正しくありません。ノード起動時に表示された最新のコンソールURLから開き直してください',
    en: 'The operator token is not valid. Open the console again from the latest URL the node printed when it started',
  },
  OPERATOR_TOO_MANY_REFUSALS: {
    ja: 'トークンのない、または誤ったトークンの要求が多すぎます。{{seconds}} 秒後にやり直してください',
    en: 'Too many requests without a valid operator token. Try again in {{seconds}} s',
  },
  OPERATOR_REFUSALS_THROTTLED: {
    ja: 'トークンのない・誤った要求が多いため、送信元 {{address}} の要求をこれから {{seconds}} 秒の間 429 で断り、1件ずつは記録しません（* はすべての送信元）',
    en: 'Too many requests without a valid operator token: those from {{address}} are refused with 429 and not recorded one by one for the next {{seconds}} s (* means every sender)',
  },
  OPERATOR_NODE_UNKNOWN: {
    ja: 'ノード「{{node}}」はこのノードの問い合わせ先にありません（トラストリストに載っているノード: {{known}}）',
    en: 'Node "{{node}}" is not one this node can ask (nodes in the trust list: {{known}})',
  },
  OPERATOR_PEER_UNREACHABLE: {
    ja: 'ノード「{{node}}」に接続できません: {{detail}}',
    en: 'Cannot reach node "{{node}}": {{detail}}',
  },
  OPERATOR_PEER_UNVERIFIED: {
    ja: 'ノード「{{node}}」の回答の署名を検証できなかったため使用しません: {{detail}}',
    en: 'The answer of node "{{node}}" is not used because its signature did not verify: {{detail}}',
  },
  OPERATOR_QUERY_RECORDED: {
    ja: 'コンソールからノード「{{node}}」に問い合わせました',
    en: 'The console asked node "{{node}}"',
  },
  OPERATOR_PEER_ANSWER_INVALID: {
    ja: 'ノード「{{node}}」の回答の形式が想定と異なります: {{detail}}',
    en: 'The answer of node "{{node}}" does not have the expected shape: {{detail}}',
  },
  OPERATOR_CONSOLE_BUILD_FAILED: {
    ja: 'コンソールを構築できませんでした（要求ID {{requestId}}）。ノードのログを確認してください',
    en: 'The console could not be built (request {{requestId}}). See the node log',
  },
  OPERATOR_CONSOLE_URL: {
    ja: 'コンソール: {{url}}',
    en: 'Console: {{url}}',
  },
  OPERATOR_TOKEN_GENERATED: {
    ja: 'TSUNAGU_OPERATOR_TOKEN が未設定のため、この起動用のオペレーター用トークンを生成しました（再起動で変わります）',
    en: 'TSUNAGU_OPERATOR_TOKEN is not set, so an operator token was generated for this run (it changes on restart)',
  },
  OPERATOR_TOKEN_UNSUITABLE: {
    ja: 'TSUNAGU_OPERATOR_TOKEN は空白を含まない半角英数字・記号で {{min}} 文字以上にしてください（現在 {{length}} 文字）',
    en: 'TSUNAGU_OPERATOR_TOKEN must be at least {{min}} visible ASCII characters, without spaces (it has {{length}})',
  },
  OPERATOR_DECLARE_UNAVAILABLE: {
    ja: 'このノードには署名鍵とトラストリストがないため、災害宣言を発出できません（TSUNAGU_TRUST_LIST_FILE と鍵を設定して起動してください）',
    en: 'This node has no signing key and trust list, so it cannot issue declarations (start it with TSUNAGU_TRUST_LIST_FILE and its key)',
  },
  OPERATOR_DECLARE_NOT_LISTED: {
    ja: '{{participant}} はトラストリストに載っていないため、災害宣言を発出できません',
    en: '{{participant}} is not in the trust list, so it cannot issue declarations',
  },
  OPERATOR_DECLARE_NOT_IN_GOOD_STANDING: {
    ja: '{{participant}} のトラストリスト上の状態（{{status}}）または有効期間のため、災害宣言を発出できません。トラストアンカーの運営者に確認してください',
    en: '{{participant}} cannot issue declarations: its listing ({{status}}) or its validity period does not allow it. Ask the trust anchor\'s operator',
  },
  OPERATOR_MAY_NOT_DECLARE: {
    ja: '{{participant}}（{{role}}）はトラストリスト上、災害宣言を発出できません。宣言できる都道府県・市町村に発出を依頼してください',
    en: '{{participant}} ({{role}}) may not issue declarations under the trust list. Ask a prefecture or municipality that may declare to issue one',
  },
  OPERATOR_DECLARATION_AREA_INVALID: {
    ja: '地域コード「{{value}}」を読めません。6桁の全国地方公共団体コード（例: 172022）を指定してください',
    en: 'Area code "{{value}}" cannot be read. Give a six-digit local government code (e.g. 172022)',
  },
  OPERATOR_DECLARATION_AREA_OUTSIDE_JURISDICTION: {
    ja: '地域 {{areas}} はこのノードの管轄（{{jurisdiction}}）の外です。管轄内の地域だけを選ぶか、その地域を管轄する団体に発出を依頼してください',
    en: 'Area {{areas}} lies outside this node\'s jurisdiction ({{jurisdiction}}). Choose areas within it, or ask the authority for that area to declare',
  },
  OPERATOR_DECLARATION_TITLE_REQUIRED: {
    ja: '宣言の名称を日本語と英語の両方で入力してください',
    en: 'Give the declaration\'s title in both Japanese and English',
  },
  OPERATOR_DECLARATION_ISSUED: {
    ja: 'コンソールから災害宣言 {{declaration}} を発出し、このノードの鍵で署名しました',
    en: 'Declaration {{declaration}} was issued from the console and signed with this node\'s key',
  },
  OPERATOR_DECLARATION_DELIVERED: {
    ja: 'ノード「{{node}}」が災害宣言を受け付けました',
    en: 'Node "{{node}}" accepted the declaration',
  },
  OPERATOR_DECLARATION_NOT_DELIVERED: {
    ja: 'ノード「{{node}}」に災害宣言を届けられませんでした（{{outcome}}）: {{detail}}',
    en: 'The declaration did not reach node "{{node}}" ({{outcome}}): {{detail}}',
  },
  OPERATOR_DECLARATION_NOT_KEPT: {
    ja: 'このノード自身が災害宣言を受け付けませんでした（{{reasons}}）。何も保存・送信していません',
    en: 'This node did not accept its own declaration ({{reasons}}). Nothing was kept or sent',
  },
  OPERATOR_DECLARE_CLI_TOKEN_REQUIRED: {
    ja: 'ノード {{node}} として宣言するには、そのノードのオペレーター用トークンを TSUNAGU_OPERATOR_TOKEN に設定してください',
    en: 'To declare as the node at {{node}}, set TSUNAGU_OPERATOR_TOKEN to that node\'s operator token',
  },
  OPERATOR_DECLARE_CLI_NODE_OPTIONS: {
    ja: '--node を使うときは --as と --to は指定できません（発出者はそのノード、送信先はトラストリストのすべてのノードです）',
    en: '--as and --to cannot be used with --node (the node is the issuer, and it sends to every node of the trust list)',
  },
  OPERATOR_DECLARE_CLI_ISSUED: {
    ja: '災害宣言 {{id}} をノード {{node}} として発出しました。各ノードの受信結果:',
    en: 'Declaration {{id}} was issued as the node at {{node}}. What each node answered:',
  },
} as const satisfies MessageCatalog;
