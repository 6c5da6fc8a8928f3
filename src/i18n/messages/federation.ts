// Messages of the consumer side of federation: peers that did not answer a fan-out, cached answers used instead,
// and copies kept under a provider's policy.
import type { MessageCatalog } from '../catalog.ts';

export const federationMessages = {
  FEDERATION_PEER_TIMEOUT: {
    ja: 'ノード {{node}} が期限内に応答しませんでした（{{attempts}} 回試行）',
    en: 'Node {{node}} did not answer in time ({{attempts}} attempts)',
  },
  FEDERATION_PEER_UNREACHABLE: {
    ja: 'ノード {{node}} に接続できません（{{attempts}} 回試行）: {{detail}}',
    en: 'Cannot reach node {{node}} ({{attempts}} attempts): {{detail}}',
  },
  FEDERATION_PEER_REFUSED: {
    ja: 'ノード {{node}} が要求を拒否しました（HTTP {{status}}）: {{detail}}',
    en: 'Node {{node}} refused the request (HTTP {{status}}): {{detail}}',
  },
  FEDERATION_PEER_INVALID_RESPONSE: {
    ja: 'ノード {{node}} の応答を解釈できません: {{detail}}',
    en: 'Cannot understand the answer of node {{node}}: {{detail}}',
  },
  FEDERATION_CACHED_ANSWER: {
    ja: 'ノード {{node}} の代わりに {{ageSeconds}} 秒前に保存した結果を使用しています',
    en: 'Using the answer of node {{node}} stored {{ageSeconds}} seconds ago instead',
  },
  COPY_DECISION_DENIED: {
    ja: 'データセット {{dataset}} へのアクセスは許可されていないため、複製を保存できません',
    en: 'Access to dataset {{dataset}} was not allowed, so no copy may be kept',
  },
  COPY_NO_RETENTION: {
    ja: 'データセット {{dataset}} のポリシーは複製の保存を認めていません（保存期間 {{retention}}）',
    en: 'The policy of dataset {{dataset}} allows no copy to be kept (retention {{retention}})',
  },
  COPY_RECORD_ID_INVALID: {
    ja: '複製するレコードのIDが不正です: {{id}}',
    en: 'The id of a record to copy is not valid: {{id}}',
  },
  COPY_ONWARD_SHARING_FORBIDDEN: {
    ja: '{{provider}} のポリシー {{policy}} はデータセット {{dataset}} の再提供を認めていません',
    en: 'Policy {{policy}} of {{provider}} does not allow dataset {{dataset}} to be shared onward',
  },
  COPY_RETENTION_EXPIRED: {
    ja: '{{provider}} から受け取った複製 {{count}} 件を、保存期間（{{retention}}）の満了により削除しました',
    en: 'Deleted {{count}} copies received from {{provider}} because their retention ({{retention}}) expired',
  },
} as const satisfies MessageCatalog;
