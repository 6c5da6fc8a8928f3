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
} as const satisfies MessageCatalog;
