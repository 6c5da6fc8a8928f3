// Messages of the budget for anonymous reads of the node's API (src/node/public-read-limit.ts).
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
    ja: '検証できない署名付き要求が多いため、送信元 {{address}} の署名付き要求をこれから {{seconds}} 秒の間、検証せずに 429 で断り、1件ずつは記録しません（* はすべての送信元）',
    en: 'Too many signed requests whose signature did not verify: signed requests from {{address}} are refused with 429 without verification and not recorded one by one for the next {{seconds}} s (* means every sender)',
  },
} as const satisfies MessageCatalog;
