// Messages of the storage layer: configuration, connection, migrations and malformed queries.
import type { MessageCatalog } from '../catalog.ts';

export const storeMessages = {
  STORE_DATABASE_URL_INVALID: {
    ja: 'TSUNAGU_DATABASE_URL「{{url}}」はURLとして読み取れません（例: postgres://ユーザー:パスワード@ホスト:5432/データベース）',
    en: 'TSUNAGU_DATABASE_URL "{{url}}" is not a valid URL (e.g. postgres://user:password@host:5432/database)',
  },
  STORE_DATABASE_URL_PROTOCOL: {
    ja: 'TSUNAGU_DATABASE_URL のスキーム「{{protocol}}」には対応していません。postgres:// または postgresql:// を指定してください',
    en: 'TSUNAGU_DATABASE_URL has the scheme "{{protocol}}"; use postgres:// or postgresql://',
  },
  STORE_DATABASE_SCHEMA_INVALID: {
    ja: 'データベーススキーマ名「{{schema}}」は使えません（英小文字・数字・_ のみ、先頭は英小文字か_、63文字以内）',
    en: 'Database schema name "{{schema}}" is not allowed (lower-case letters, digits and _ only, starting with a letter or _, at most 63 characters)',
  },
  STORE_DATA_DIR_INVALID: {
    ja: 'データディレクトリ「{{dataDir}}」を使えません: {{detail}}',
    en: 'Cannot use the data directory "{{dataDir}}": {{detail}}',
  },
  STORE_DATA_DIR_EXPOSED: {
    ja: 'データディレクトリ「{{dataDir}}」は他のユーザーも読み書きできます（モード {{mode}}）。個人情報を守るため起動しません。確認のうえ `{{command}}` を実行してください',
    en: 'The data directory "{{dataDir}}" can be read or written by other users (mode {{mode}}); to protect personal data the node does not start. Check it, then run `{{command}}`',
  },
  STORE_DATA_DIR_LOCKED: {
    ja: 'データディレクトリ「{{dataDir}}」は別のプロセス（PID {{pid}}）が使用中です。そのプロセスを止めてからやり直してください（ロック: {{lockFile}}）',
    en: 'The data directory "{{dataDir}}" is in use by another process (PID {{pid}}). Stop that process and try again (lock: {{lockFile}})',
  },
  STORE_DATA_DIR_LOCK_TAKEN_OVER: {
    ja: 'データディレクトリ「{{dataDir}}」のロックは終了したプロセス（PID {{pid}}）のものだったため、引き継ぎました',
    en: 'The lock of the data directory "{{dataDir}}" belonged to a process that has ended (PID {{pid}}); it was taken over',
  },
  STORE_CONFIG_INVALID: {
    ja: 'ストレージ設定 {{field}} が不正です: {{detail}}',
    en: 'Invalid storage setting {{field}}: {{detail}}',
  },
  STORE_CONNECT_FAILED: {
    ja: 'データベースに接続できません（{{backend}}）: {{detail}}',
    en: 'Cannot connect to the database ({{backend}}): {{detail}}',
  },
  STORE_DATABASE_THREAD_ENDED: {
    ja: 'データベース（PGlite）のスレッドが終了しました（{{detail}}）。処理中と以降の要求は実行されません。ノードを再起動してください',
    en: 'The database (PGlite) thread has ended ({{detail}}); pending and later requests cannot run. Restart the node',
  },
  STORE_DATABASE_CLOSED: {
    ja: 'データベースは閉じられています',
    en: 'The database has been closed',
  },
  STORE_MIGRATION_INVALID: {
    ja: 'マイグレーションファイル「{{file}}」の名前が不正です（例: 0001-records.sql、番号の重複は不可）',
    en: 'Migration file "{{file}}" is misnamed (expected e.g. 0001-records.sql, with no number used twice)',
  },
  STORE_MIGRATION_FAILED: {
    ja: 'マイグレーション「{{file}}」の適用に失敗しました（変更は取り消されました）: {{detail}}',
    en: 'Migration "{{file}}" failed and was rolled back: {{detail}}',
  },
  STORE_RECORD_TYPE_UNKNOWN: {
    ja: 'レコード種別「{{type}}」は定義されていません',
    en: 'Record type "{{type}}" is not defined',
  },
  STORE_RECORD_INVALID: {
    ja: 'レコード {{type}}/{{id}} を保存できません: {{detail}}',
    en: 'Cannot store record {{type}}/{{id}}: {{detail}}',
  },
  STORE_QUERY_INVALID: {
    ja: '検索条件が不正です（{{field}}）: {{detail}}',
    en: 'Invalid query ({{field}}): {{detail}}',
  },
} as const satisfies MessageCatalog;
