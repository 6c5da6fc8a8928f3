// Messages of subscriptions: refusals when a node subscribes, and what happens to each notification at dispatch.
import type { MessageCatalog } from '../catalog.ts';

export const subscriptionMessages = {
  SUBSCRIPTION_UNAUTHENTICATED: {
    ja: '購読には署名付きリクエストが必要です',
    en: 'Subscribing requires a signed request',
  },
  SUBSCRIPTION_INVALID: {
    ja: '購読の指定が不正です: {{detail}}',
    en: 'The subscription is invalid: {{detail}}',
  },
  SUBSCRIPTION_CALLBACK_OUTSIDE_NODE: {
    ja: '通知先URL {{callbackUrl}} は、トラストリストにある購読者のノードURL {{nodeUrl}} の配下ではありません',
    en: "The callback URL {{callbackUrl}} does not lie under the subscriber's node URL {{nodeUrl}} from the trust list",
  },
  SUBSCRIPTION_DENIED: {
    ja: 'データセット {{dataset}} は目的 {{purpose}} で現在読めないため、購読できません',
    en: 'The dataset {{dataset}} cannot be read for the purpose {{purpose}} now, so it cannot be subscribed to',
  },
  SUBSCRIPTION_AREAS_OUTSIDE_JURISDICTION: {
    ja: '地域 {{areas}} は購読者の管轄（{{jurisdiction}}）の外にあるため、その地域の警報は購読できません',
    en: "The areas {{areas}} lie outside the subscriber's jurisdiction ({{jurisdiction}}), so their alerts cannot be subscribed to",
  },
  SUBSCRIPTION_CREATED: {
    ja: '購読 {{id}} を登録しました（{{topic}}、期限 {{expiresAt}}）',
    en: 'Subscription {{id}} registered ({{topic}}, until {{expiresAt}})',
  },
  SUBSCRIPTION_UNKNOWN: {
    ja: '購読 {{id}} はありません',
    en: 'There is no subscription {{id}}',
  },
  SUBSCRIPTION_DELETED: {
    ja: '購読 {{id}} を削除しました',
    en: 'Subscription {{id}} deleted',
  },
  SUBSCRIPTION_NOTIFIED: {
    ja: '購読 {{id}} に {{recordId}}（版 {{version}}）の変更を通知しました',
    en: 'Notified subscription {{id}} of the change to {{recordId}} (version {{version}})',
  },
  SUBSCRIPTION_NOTIFICATION_DROPPED: {
    ja: '購読 {{id}} への {{recordId}}（版 {{version}}）の通知を破棄しました: {{why}}',
    en: 'Dropped the notification of {{recordId}} (version {{version}}) for subscription {{id}}: {{why}}',
  },
  SUBSCRIPTION_NOTIFICATION_RECEIVED: {
    ja: '{{provider}} から購読 {{id}} の通知を受け取りました（{{recordId}}、保存 {{stored}} 件）',
    en: 'Received a notification for subscription {{id}} from {{provider}} ({{recordId}}, {{stored}} kept)',
  },
} as const satisfies MessageCatalog;
