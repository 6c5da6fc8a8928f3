// Messages of the outbox: why a write for another node is not delivered yet, or will never be.
import type { MessageCatalog } from '../catalog.ts';

export const outboxMessages = {
  OUTBOX_MESSAGE_INVALID: {
    ja: '他ノード宛てのメッセージを登録できません: {{field}} が不正です（{{detail}}）',
    en: 'Cannot queue the message for another node: {{field}} is invalid ({{detail}})',
  },
  OUTBOX_PEER_UNAVAILABLE: {
    ja: '相手ノード {{peer}} に届きませんでした（{{reason}}）。{{attempts}} 回目の試行の後、後で再送します',
    en: 'Could not reach peer {{peer}} ({{reason}}). Will retry after attempt {{attempts}}',
  },
  OUTBOX_ATTEMPT_TIMED_OUT: {
    ja: '相手ノード {{peer}} への送信が時間切れになりました（{{reason}}）。{{attempts}} 回目の試行の後、後で再送します',
    en: 'Delivery to peer {{peer}} timed out ({{reason}}). Will retry after attempt {{attempts}}',
  },
  OUTBOX_PEER_REFUSED: {
    ja: '相手ノード {{peer}} が受け取りを拒否しました（{{reason}}）。再送しません（{{attempts}} 回試行）',
    en: 'Peer {{peer}} refused the message ({{reason}}). It will not be retried ({{attempts}} attempts)',
  },
  OUTBOX_ATTEMPTS_EXHAUSTED: {
    ja: '相手ノード {{peer}} への送信を {{attempts}} 回試みましたが届きませんでした（最後の理由: {{reason}}）。再送しません',
    en: 'Gave up delivering to peer {{peer}} after {{attempts}} attempts (last reason: {{reason}})',
  },
} as const satisfies MessageCatalog;
