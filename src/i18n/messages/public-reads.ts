// Messages of the request budgets of the node's API: anonymous reads (src/node/public-read-limit.ts), verified peers and
// signatures that do not verify (src/node/signed-request-limits.ts).
import type { MessageCatalog } from '../catalog.ts';

export const publicReadMessages = {
  NODE_TOO_MANY_PUBLIC_READS: {
    ja: '署名のない要求が多すぎます。{{seconds}} 秒後にやり直してください（参加者は署名付きリクエストを使ってください）',
    en: 'Too many unsigned requests. Try again in {{seconds}} s (participants: use signed requests)',
  },
  NODE_PUBLIC_READS_THROTTLED: {
    ja: '署名のない要求が多いため、送信元 {{address}} の要求をこれから {{seconds}} 秒の間 429 で断り、1件ずつは記録しません（* はすべての送信元）',
    en: 'Too many unsigned requests: those from {{address}} are refused with 429 and not recorded one by one for the next {{seconds}} s (* means every sender)',
  },
  NODE_TOO_MANY_FORGED_SIGNATURES: {
    ja: 'この送信元からの検証できない署名付き要求が多すぎます。{{seconds}} 秒後にやり直してください（時刻・鍵・資格情報を確かめてください）',
    en: 'Too many signed requests from this sender did not verify. Try again in {{seconds}} s (check the clock, the key and the credential)',
  },
  NODE_FORGED_SIGNATURES_THROTTLED: {
    ja: '検証できない署名付き要求が多いため、送信元 {{address}} からの検証できない署名付き要求をこれから {{seconds}} 秒の間 429 で断り、1件ずつは記録しません（* はすべての送信元。検証できた要求は断りません）',
    en: 'Too many signed requests whose signature did not verify: those from {{address}} are refused with 429 and not recorded one by one for the next {{seconds}} s (* means every sender; requests that verify are not refused)',
  },
  NODE_TOO_MANY_PEER_REQUESTS: {
    ja: 'この参加者からの要求が上限を超えました。{{seconds}} 秒後にやり直してください',
    en: 'Too many requests from this participant. Try again in {{seconds}} s',
  },
  NODE_PEER_LIMIT_INVALID: {
    ja: '{{variable}} は 0 以上の整数（10 秒間の要求数、0 で上限なし）で指定してください: {{value}}',
    en: '{{variable}} must be a whole number of requests per 10 seconds (0 for no limit): {{value}}',
  },
  NODE_PEER_REQUESTS_THROTTLED: {
    ja: '参加者 {{participant}} の要求が上限を超えたため、これから {{seconds}} 秒の間 429 で断り、1件ずつは記録しません（* はすべての参加者）',
    en: 'Requests from participant {{participant}} are over their budget: they are refused with 429 and not recorded one by one for the next {{seconds}} s (* means every participant)',
  },
} as const satisfies MessageCatalog;
