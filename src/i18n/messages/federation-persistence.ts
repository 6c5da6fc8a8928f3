// Messages of federation state kept across restarts (declarations, replay nonces, dead letters) and of the trust
// configuration `tsunagu serve` reads to join a federation.
import type { MessageCatalog } from '../catalog.ts';

export const federationPersistenceMessages = {
  NODE_DECLARATION_NOT_RELOADED: {
    ja: '保存されていた災害宣言 {{declaration}}（発出者 {{issuer}}）は現在のトラストリストで検証できないため使いません: {{reasons}}',
    en: 'The kept declaration {{declaration}} (issuer {{issuer}}) no longer verifies against the current trust list and is not used: {{reasons}}',
  },
  NODE_DECLARATIONS_RELOADED: {
    ja: '保存されていた災害宣言を再検証しました: {{loaded}} 件を使用、{{dropped}} 件を除外',
    en: 'Kept declarations verified again: {{loaded}} in use, {{dropped}} left out',
  },
  SERVE_TRUST_INCOMPLETE: {
    ja: 'トラスト設定が不完全です: {{missing}} も指定してください（{{given}} が指定されています）。フェデレーションに参加するには TSUNAGU_TRUST_CONFIG_FILE、TSUNAGU_TRUST_LIST_FILE、TSUNAGU_CREDENTIAL_FILE をすべて指定します',
    en: 'The trust configuration is incomplete: set {{missing}} too ({{given}} is set). To join a federation set TSUNAGU_TRUST_CONFIG_FILE, TSUNAGU_TRUST_LIST_FILE and TSUNAGU_CREDENTIAL_FILE together',
  },
  SERVE_TRUST_FILE_UNREADABLE: {
    ja: '{{variable}} のファイル {{path}} を読み込めません: {{detail}}',
    en: 'Cannot read the file {{path}} named by {{variable}}: {{detail}}',
  },
  SERVE_TRUST_CONFIG_INVALID: {
    ja: 'トラスト設定 {{path}} が不正です: {{detail}}',
    en: 'The trust configuration {{path}} is invalid: {{detail}}',
  },
  SERVE_TRUST_LIST_NOT_VERIFIED: {
    ja: 'トラストリスト {{path}} を検証できません: {{detail}}。設定したアンカーの鍵で署名された最新のリストを指定してください',
    en: 'The trust list {{path}} does not verify: {{detail}}. Give the current list signed with a key of an anchor in the configuration',
  },
  SERVE_CREDENTIAL_NOT_FOR_NODE: {
    ja: '資格証明 {{credential}} は {{subject}} のもので、このノード（{{node}}）のものではありません。TSUNAGU_NODE_ID と TSUNAGU_CREDENTIAL_FILE を確認してください',
    en: 'Credential {{credential}} is for {{subject}}, not for this node ({{node}}). Check TSUNAGU_NODE_ID and TSUNAGU_CREDENTIAL_FILE',
  },
  SERVE_CREDENTIAL_INVALID: {
    ja: '資格証明 {{credential}} を検証できません: {{detail}}',
    en: 'Credential {{credential}} does not verify: {{detail}}',
  },
  SERVE_KEY_NOT_IN_CREDENTIAL: {
    ja: '鍵ファイル {{path}} の鍵 {{kid}} は資格証明 {{credential}} に含まれていません。このノードの鍵ファイルを TSUNAGU_KEY_FILE に指定してください',
    en: 'The key {{kid}} in the key file {{path}} is not in credential {{credential}}. Point TSUNAGU_KEY_FILE at this node\'s key file',
  },
  SERVE_FEDERATION_ENABLED: {
    ja: '署名付きリクエストを受け付けます（トラストリスト {{trustList}}、資格証明 {{credential}}）',
    en: 'Accepting signed requests (trust list {{trustList}}, credential {{credential}})',
  },
  OUTBOX_DEAD_LETTERS_PURGED: {
    ja: '配送できなかったメッセージ {{count}} 件（宛先 {{peer}}、{{before}} より前に確定）を保存期間の経過により削除しました',
    en: 'Deleted {{count}} undeliverable messages (to {{peer}}, settled before {{before}}) whose retention ran out',
  },
  OUTBOX_CLI_EMPTY: {
    ja: '該当するメッセージはありません',
    en: 'No messages',
  },
  OUTBOX_RETRY_QUEUED: {
    ja: '配送できなかったメッセージ {{count}} 件（宛先 {{peer}}、番号 {{seqs}}）を同じ冪等キーで送信待ちに戻しました。受信側は二重に適用しません',
    en: 'Put {{count}} undeliverable messages (to {{peer}}, numbers {{seqs}}) back to pending under their own idempotency keys; the receiver will not apply one twice',
  },
  OUTBOX_RETRY_UNKNOWN: {
    ja: 'アウトボックスにメッセージ {{seq}} はありません（配送済みで削除されたか、番号の誤りです）。`tsunagu outbox list` で確認してください',
    en: 'The outbox has no message {{seq}} (delivered and pruned, or a wrong number). See `tsunagu outbox list`',
  },
  OUTBOX_RETRY_NOT_FAILED: {
    ja: 'メッセージ {{seq}} は「{{state}}」なので再送しません。再送できるのは配送不能（failed）のメッセージだけです',
    en: 'Message {{seq}} is {{state}}, so it is not sent again: only undeliverable (failed) messages can be retried',
  },
  OUTBOX_RETRY_NONE_FAILED: {
    ja: '{{peer}} 宛ての配送不能（failed）のメッセージはありません',
    en: 'No undeliverable (failed) messages to {{peer}}',
  },
  OUTBOX_RETRY_NOT_AUDITED: {
    ja: '監査ログに記録できなかったため、再送しませんでした: {{detail}}',
    en: 'Not retried: the audit log did not take the entry ({{detail}})',
  },
  OUTBOX_RETRY_TARGET_REQUIRED: {
    ja: 'メッセージ番号か --peer のどちらか一方を指定してください',
    en: 'Give either a message number or --peer, not both and not neither',
  },
  OUTBOX_CLI_RETRIED_LINE: {
    ja: '#{{seq}} {{peer}} {{kind}}: 送信待ちに戻しました（同じ冪等キーで送ります）',
    en: '#{{seq}} {{peer}} {{kind}}: back to pending (sent under the same idempotency key)',
  },
  OUTBOX_CLI_SUMMARY_LINE: {
    ja: '{{peer}}: 送信待ち {{pending}}、送信中 {{delivering}}、配送済み {{delivered}}、配送不能 {{failed}}',
    en: '{{peer}}: pending {{pending}}, delivering {{delivering}}, delivered {{delivered}}, failed {{failed}}',
  },
} as const satisfies MessageCatalog;
