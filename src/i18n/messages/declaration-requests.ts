// Messages of declaration requests: a participant that may not declare asks one that may (src/node/declaration-requests).
import type { MessageCatalog } from '../catalog.ts';

export const declarationRequestMessages = {
  DECLARATION_REQUEST_RECIPIENT_MAY_NOT_DECLARE: {
    ja: '{{recipient}} は災害宣言を発出できないため、依頼を送れません（{{detail}}）。宣言の依頼先に挙がっている参加者から選んでください',
    en: '{{recipient}} may not issue declarations, so it cannot be asked for one ({{detail}}). Choose one of the participants offered as recipients',
  },
  DECLARATION_REQUEST_AREA_OUTSIDE_JURISDICTION: {
    ja: '地域 {{areas}} は依頼先の管轄（{{jurisdiction}}）の外です。依頼先が宣言できる地域だけを選ぶか、その地域を管轄する参加者に依頼してください',
    en: "Area {{areas}} lies outside the recipient's jurisdiction ({{jurisdiction}}). Choose areas it may declare for, or ask the participant whose jurisdiction covers them",
  },
  DECLARATION_REQUEST_TO_SELF: {
    ja: '自分のノードには依頼できません。宣言できる場合は「災害宣言を発出」から発出してください',
    en: 'A node cannot ask itself. If it may declare, issue the declaration with "Issue a declaration"',
  },
  DECLARATION_REQUEST_RECIPIENT_NO_NODE: {
    ja: '{{recipient}} はトラストリスト上ノードを運用していないため、依頼を届けられません。ほかの依頼先を選んでください',
    en: '{{recipient}} runs no node under the trust list, so the request cannot be delivered. Choose another recipient',
  },
  DECLARATION_REQUEST_REASON_REQUIRED: {
    ja: '依頼の理由を書いてください（何が起きていて、なぜ宣言が必要か）',
    en: 'Write the reason for the request (what has happened and why a declaration is needed)',
  },
  DECLARATION_REQUEST_DECLINE_REASON_REQUIRED: {
    ja: '見送る理由を書いてください。依頼元に伝わります',
    en: 'Write why the request is declined; the requester will see it',
  },
  DECLARATION_REQUEST_UNKNOWN: {
    ja: '{{requester}} からの依頼 {{id}} はこのノードにありません',
    en: 'There is no request {{id}} from {{requester}} on this node',
  },
  DECLARATION_REQUEST_ALREADY_ANSWERED: {
    ja: '依頼 {{id}} には既に回答済みです（{{state}}）',
    en: 'Request {{id}} has already been answered ({{state}})',
  },
  DECLARATION_REQUEST_UNAVAILABLE: {
    ja: 'このノードはトラストリストを持たないため、宣言の依頼を送受信できません',
    en: 'This node has no trust list, so it can neither send nor receive declaration requests',
  },
  DECLARATION_REQUEST_SENT: {
    ja: '宣言の依頼 {{id}} を {{recipient}} に送信待ちにしました',
    en: 'Declaration request {{id}} queued for {{recipient}}',
  },
  DECLARATION_REQUEST_RECEIVED: {
    ja: '{{requester}} から宣言の依頼 {{id}} を受け取りました',
    en: 'Declaration request {{id}} received from {{requester}}',
  },
  DECLARATION_REQUEST_ISSUED: {
    ja: '{{requester}} からの依頼 {{id}} に応えて宣言 {{declaration}} を発出しました',
    en: 'Declaration {{declaration}} issued in answer to request {{id}} from {{requester}}',
  },
  DECLARATION_REQUEST_DECLINED: {
    ja: '{{requester}} からの依頼 {{id}} を見送りました',
    en: 'Request {{id}} from {{requester}} declined',
  },
  DECLARATION_REQUEST_ANSWER_RECEIVED: {
    ja: '依頼 {{id}} の回答（{{state}}）を {{recipient}} から受け取りました',
    en: 'Answer to request {{id}} ({{state}}) received from {{recipient}}',
  },
} as const satisfies MessageCatalog;
