// Messages for authenticated requests between nodes: signed requests (RFC 9421 subset), replay protection,
// and signed answers that consumers verify before use.
import type { MessageCatalog } from '../catalog.ts';

export const federationAuthMessages = {
  // --- requests ---------------------------------------------------------------------------------------
  FEDERATION_REQUEST_UNSIGNED: {
    ja: 'リクエストに署名がありません（{{header}} ヘッダーがありません）。ノード間のリクエストには署名が必要です',
    en: 'The request is not signed (the {{header}} header is missing). Requests between nodes must be signed',
  },
  FEDERATION_REQUEST_MALFORMED: {
    ja: 'リクエストの {{header}} ヘッダーが不正です: {{detail}}',
    en: 'The request has an invalid {{header}} header: {{detail}}',
  },
  FEDERATION_DIGEST_MISMATCH: {
    ja: '本文が Content-Digest と一致しません。送信途中で本文が変更された可能性があります',
    en: 'The body does not match its Content-Digest; it may have been changed in transit',
  },
  FEDERATION_SIGNATURE_INVALID: {
    ja: 'リクエストの署名を検証できません。メソッド、パス、クエリ、本文または署名対象のヘッダーが署名後に変更されたか、別の鍵で署名されています（要求元 {{participant}}、鍵 {{kid}}）',
    en: 'The request signature does not verify: the method, path, query, body or a signed header changed after signing, or another key signed it (requester {{participant}}, key {{kid}})',
  },
  FEDERATION_KEY_NOT_ALLOWED: {
    ja: '鍵 {{kid}} は、{{participant}} の資格証明とトラストリストの双方に登録された現在有効な鍵ではありません',
    en: 'Key {{kid}} is not a currently valid key of {{participant}} in both its credential and the trust list',
  },
  FEDERATION_CREDENTIAL_MISSING: {
    ja: '資格証明 {{credential}} がリクエストに添付されておらず、このノードにも保存されていません',
    en: 'Credential {{credential}} was neither sent with the request nor is it known to this node',
  },
  FEDERATION_CREDENTIAL_INVALID: {
    ja: '要求元 {{participant}} の資格証明 {{credential}} を受け付けられません（理由は続く項目を参照）',
    en: 'Credential {{credential}} of requester {{participant}} is not accepted (the reasons follow)',
  },
  FEDERATION_CREDENTIAL_MISMATCH: {
    ja: '添付された資格証明が署名の内容と一致しません（{{field}}: 署名では「{{expected}}」、資格証明では「{{actual}}」）',
    en: 'The credential sent does not match what was signed ({{field}}: "{{expected}}" signed, "{{actual}}" in the credential)',
  },
  FEDERATION_CLOCK_SKEW: {
    ja: 'リクエストの署名日時 {{created}} が、このノードの現在時刻 {{now}} から {{skew}} 秒ずれています（許容は {{maxSkew}} 秒）。時計を確認するか、新しいリクエストを送ってください',
    en: 'The request was signed at {{created}}, {{skew}} seconds away from this node\'s time {{now}} (at most {{maxSkew}} seconds allowed). Check the clocks or send a new request',
  },
  FEDERATION_REPLAYED: {
    ja: 'このリクエスト（要求元 {{participant}}、ノンス {{nonce}}）は既に受け付けています。同じ署名付きリクエストは一度しか使えません',
    en: 'This request (requester {{participant}}, nonce {{nonce}}) was already received; a signed request can be used only once',
  },
  FEDERATION_REPLAY_GUARD_FULL: {
    ja: '短時間のリクエストが多すぎるため、再送の検出ができません。しばらくしてから再試行してください（要求元 {{participant}}）',
    en: 'Too many recent requests to detect replays; try again shortly (requester {{participant}})',
  },
  FEDERATION_AUDIENCE_MISMATCH: {
    ja: 'このリクエストは {{audience}} 宛てに署名されており、このノード（{{expected}}）宛てではありません',
    en: 'This request was signed for {{audience}}, not for this node ({{expected}})',
  },

  // --- answers ----------------------------------------------------------------------------------------
  FEDERATION_RESPONSE_UNSIGNED: {
    ja: '応答に署名がありません（{{header}} ヘッダーがありません）。署名のない応答は使いません',
    en: 'The answer is not signed (the {{header}} header is missing); unsigned answers are not used',
  },
  FEDERATION_RESPONSE_MALFORMED: {
    ja: '応答の {{header}} ヘッダーが不正です: {{detail}}',
    en: 'The answer has an invalid {{header}} header: {{detail}}',
  },
  FEDERATION_RESPONSE_DIGEST_MISMATCH: {
    ja: '応答の本文が Content-Digest と一致しません。送信途中で変更された可能性があります',
    en: 'The answer body does not match its Content-Digest; it may have been changed in transit',
  },
  FEDERATION_RESPONSE_SIGNATURE_INVALID: {
    ja: '応答の署名を検証できません。応答が署名後に変更されたか、このリクエストに対する応答ではありません（応答元 {{responder}}、鍵 {{kid}}）',
    en: 'The answer signature does not verify: the answer changed after signing, or it answers another request (responder {{responder}}, key {{kid}})',
  },
  FEDERATION_RESPONDER_MISMATCH: {
    ja: '応答元が {{responder}} ですが、問い合わせた相手は {{expected}} です',
    en: 'The answer comes from {{responder}}, but the request went to {{expected}}',
  },
} as const satisfies MessageCatalog;
