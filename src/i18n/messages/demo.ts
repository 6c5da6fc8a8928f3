// Messages of the Noto 2024 demo federation (`tsunagu start`) and of `tsunagu declare`.
import type { MessageCatalog } from '../catalog.ts';

export const demoMessages = {
  DEMO_NOT_SET_UP: {
    ja: 'デモのフェデレーションがまだ準備されていません（{{dir}}）。先に npm start を実行してください',
    en: 'The demo federation has not been set up yet ({{dir}}). Run npm start first',
  },
  DEMO_UNKNOWN_PARTICIPANT: {
    ja: '参加者「{{name}}」はデモにいません。指定できるのは: {{known}}',
    en: 'There is no participant "{{name}}" in the demo. Known participants: {{known}}',
  },
  DEMO_AREA_INVALID: {
    ja: '地域コード「{{value}}」が正しくありません（6桁の全国地方公共団体コード、例: 172022）',
    en: 'The area code "{{value}}" is not valid (a 6-digit local government code, e.g. 172022)',
  },
  DEMO_AREA_OUTSIDE_JURISDICTION: {
    ja: '{{issuer}} の管轄外の地域は宣言できません: {{areas}}（管轄: {{jurisdiction}}）',
    en: '{{issuer}} cannot declare for areas outside its jurisdiction: {{areas}} (jurisdiction: {{jurisdiction}})',
  },
  DEMO_MAY_NOT_DECLARE: {
    ja: '{{issuer}} はトラストリスト上、災害を宣言する権限がありません',
    en: '{{issuer}} is not allowed to declare a disaster by the trust list',
  },
  DEMO_OPTION_INVALID: {
    ja: '--{{option}} の値「{{value}}」は使えません。指定できるのは: {{allowed}}',
    en: 'The value "{{value}}" cannot be used for --{{option}}. Allowed: {{allowed}}',
  },
  DEMO_NODE_UNREACHABLE: {
    ja: 'ノード {{url}} に接続できません（{{detail}}）。npm start で起動しているか確認してください',
    en: 'Cannot reach the node at {{url}} ({{detail}}). Check that it is running (npm start)',
  },
  DEMO_DECLARATION_WRITTEN: {
    ja: '署名済みの宣言 {{id}} を保存しました: {{file}}',
    en: 'Saved the signed declaration {{id}} to {{file}}',
  },
  DEMO_DECLARATION_DELIVERED: {
    ja: '  {{url}}: 受け付けられました（HTTP {{status}}）',
    en: '  {{url}}: accepted (HTTP {{status}})',
  },
  DEMO_DECLARATION_REFUSED: {
    ja: '  {{url}}: 拒否されました（HTTP {{status}}）: {{detail}}',
    en: '  {{url}}: refused (HTTP {{status}}): {{detail}}',
  },
  DEMO_DECLARATION_NO_ENDPOINT: {
    ja: '  {{url}}: このノードは宣言の受付（POST /api/v1/declarations）にまだ対応していません。宣言はファイルに保存済みです',
    en: '  {{url}}: this node does not accept declarations yet (POST /api/v1/declarations); the declaration is saved in the file',
  },
  DEMO_DATA_IMPORT_FAILED: {
    ja: '{{node}} の同梱データ（{{kind}}）を取り込めませんでした: {{detail}}',
    en: 'Could not import the bundled data ({{kind}}) into {{node}}: {{detail}}',
  },
  DEMO_SCENARIO_UNKNOWN: {
    ja: 'デモのシナリオ「{{scenario}}」はありません。指定できるのは: {{known}}',
    en: 'There is no demo scenario "{{scenario}}". Known scenarios: {{known}}',
  },
  DEMO_NODE_START_FAILED: {
    ja: '{{name}}（{{node}}）のノードのプロセスが起動中に終了しました（{{how}}）。デモを停止します。直前の出力:',
    en: 'The node process of {{name}} ({{node}}) ended during start ({{how}}). Stopping the demo. Its last output:',
  },
  DEMO_NODE_EXITED: {
    ja: '{{name}}（{{node}}、pid {{pid}}）のノードのプロセスが予期せず終了しました（{{how}}）。ほかのノードも停止し、終了コード 1 で終わります',
    en: 'The node process of {{name}} ({{node}}, pid {{pid}}) ended unexpectedly ({{how}}). Stopping the other nodes; exiting with code 1',
  },
  DEMO_CONSOLE_BUILD_FAILED: {
    ja: 'コンソールを構築できませんでした（{{detail}}）。各ノードはコンソールを開いたときに構築し直します',
    en: 'The console could not be built ({{detail}}). Each node builds it again when its console is opened',
  },
  DEMO_NODE_BUNDLE_FAILED: {
    ja: 'ノードのプロセス用のバンドルを構築できませんでした（{{detail}}）。各ノードは tsx で起動します（起動が遅く、メモリも多く使います）',
    en: 'The node processes\' bundle could not be built ({{detail}}). Each node runs through tsx instead (slower to start, more memory)',
  },
  DEMO_NODE_ENTRY_INVALID: {
    ja: 'TSUNAGU_DEMO_NODE_ENTRY の値「{{value}}」は使えません。bundle（既定）か tsx を指定してください',
    en: 'TSUNAGU_DEMO_NODE_ENTRY cannot be "{{value}}". Use bundle (the default) or tsx',
  },
  DEMO_NODE_KILLED_ON_STOP: {
    ja: '{{name}}（{{node}}）のノードが時間内に停止しなかったため、強制終了しました（監査ログの末尾は次回の起動時に署名されます）',
    en: '{{name}} ({{node}}) did not stop in time and was killed (its audit log tail is signed at its next start)',
  },
} as const satisfies MessageCatalog;
