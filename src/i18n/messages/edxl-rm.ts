// Messages of the EDXL-RM 1.0 adapter (src/adapters/edxl-rm) and of the `tsunagu logistics` command: what keeps a
// resource message from being read or written, naming the element or field and the problem.
import type { MessageCatalog } from '../catalog.ts';

export const edxlRmMessages = {
  EDXL_RM_NOT_RM: {
    ja: 'EDXL-RM 1.0 のメッセージではありません（ルート要素 {{root}}）。読めるのは {{supported}} です',
    en: 'This is not an EDXL-RM 1.0 message (root element {{root}}); Tsunagu reads {{supported}}',
  },
  EDXL_RM_TYPE_UNSUPPORTED: {
    ja: 'EDXL-RM の {{root}} メッセージには対応していません。読めるのは {{supported}} です',
    en: 'EDXL-RM {{root}} messages are not supported; Tsunagu reads {{supported}}',
  },
  EDXL_RM_ENVELOPE_EMPTY: {
    ja: 'EDXL-DE の封筒に EDXL-RM のメッセージが入っていません',
    en: 'The EDXL-DE envelope holds no EDXL-RM message',
  },
  EDXL_RM_FIELD_MISSING: {
    ja: '{{field}} がありません。Tsunagu がこのメッセージを記録にするには必要です。送り手が加えてください（Tsunagu の EDXL-RM のプロファイル: docs/logistics.md）',
    en: "{{field}} is missing; Tsunagu needs it to turn this message into records. The sender must add it (Tsunagu's EDXL-RM profile: docs/logistics.md)",
  },
  EDXL_RM_VALUE_LIST_FOREIGN: {
    ja: '{{field}} は値リスト「{{list}}」の値「{{value}}」です。Tsunagu が読めるのは値リスト {{expected}} だけです。送り手は ValueListURN を {{expected}} にし、値をその一つ（{{codes}}）にしてください',
    en: '{{field}} gives "{{value}}" from the value list "{{list}}"; Tsunagu reads only the list {{expected}} here. The sender must use ValueListURN {{expected}} with one of its values ({{codes}})',
  },
  EDXL_RM_QUANTITY_AS_TEXT: {
    ja: '{{field}}: 数量が文字（「{{text}}」）だけで書かれています。送り手は Quantity/MeasuredQuantity に Amount（数）と UnitOfMeasure（ValueListURN {{unitList}} の単位）で書いてください',
    en: '{{field}}: the quantity is given only as text ("{{text}}"). The sender must give it as Quantity/MeasuredQuantity with an Amount and a UnitOfMeasure from the value list {{unitList}}',
  },
  EDXL_RM_VALUE_NOT_UNDERSTOOD: {
    ja: '{{field}} の値「{{value}}」は分かりません（使える値: {{expected}}）',
    en: 'The value "{{value}}" of {{field}} is not understood (expected: {{expected}})',
  },
  EDXL_RM_TIME_WITHOUT_OFFSET: {
    ja: '{{field}} の日時「{{value}}」に時差（Z や +09:00）がありません。どの地域の時刻か分からないため読みません。送り手は時差を書いてください',
    en: 'The time "{{value}}" in {{field}} has no offset (Z or +09:00); its time zone is unknown, so it is not read. The sender must write the offset',
  },
  EDXL_RM_VALUE_INVALID: {
    ja: '{{field}} の値が正しくありません: {{detail}}',
    en: '{{field}}: {{detail}}',
  },
  EDXL_RM_TEXT_NOT_XML: {
    ja: '{{field}} に XML で表せない文字（制御文字など）が含まれています',
    en: '{{field}} holds characters XML cannot carry (control characters or the like)',
  },
  EDXL_RM_FIELD_REQUIRED: {
    ja: '{{type}} メッセージには {{field}} が必要です',
    en: 'A {{type}} message needs {{field}}',
  },
  EDXL_RM_FIELD_NOT_ALLOWED: {
    ja: '{{type}} メッセージには {{field}} を書けません',
    en: 'A {{type}} message cannot carry {{field}}',
  },
  EDXL_RM_SHIPMENT_STATE: {
    ja: '{{field}}: 輸送の状態が {{state}} のため、このメッセージにできません（できる状態: {{expected}}）',
    en: '{{field}}: a shipment in state {{state}} cannot go into this message (states it takes: {{expected}})',
  },
  EDXL_RM_SHIPMENT_LINES_DISAGREE: {
    ja: '輸送 {{shipment}} の品目行ごとの状態または時刻が報告の中で食い違っています',
    en: 'The lines of shipment {{shipment}} report different states or times',
  },
  EDXL_RM_FILE_VALID: {
    ja: '{{file}}: 有効な {{type}}（資源 {{lines}} 件）',
    en: '{{file}}: a valid {{type}} (resource lines: {{lines}})',
  },
  LOGISTICS_CLI_NOTHING_WRITTEN: {
    ja: '問題があるため、何も出力していません',
    en: 'Nothing was written because of the problems above',
  },
  LOGISTICS_CLI_NEEDS_SOURCE: {
    ja: '--needs（需要の JSON）か --shelters（七尾市の避難所開設情報）のどちらか一つを指定してください',
    en: 'Give exactly one of --needs (needs as JSON) and --shelters (Nanao open-shelter snapshots)',
  },
  LOGISTICS_CLI_NEEDS_FORMAT: {
    ja: '形式「{{format}}」には対応していません（hxl、json、edxl-rm のいずれか）',
    en: 'The format "{{format}}" is not supported (hxl, json or edxl-rm)',
  },
  LOGISTICS_CLI_NEEDS_DAYS: {
    ja: '--days「{{value}}」は 1〜30 の整数で指定してください',
    en: '--days "{{value}}" must be a whole number from 1 to 30',
  },
  LOGISTICS_CLI_NEEDS_NEEDED_BY: {
    ja: '--needed-by「{{value}}」は時差付きの ISO 8601 日時で指定してください（例: 2024-01-06T12:00:00+09:00）',
    en: '--needed-by "{{value}}" must be an ISO 8601 time with an offset (e.g. 2024-01-06T12:00:00+09:00)',
  },
  LOGISTICS_CLI_NEEDS_NEEDED_BY_MISSING: {
    ja: '--shelters から需要を計算するには --needed-by（いつまでに必要か）が必要です',
    en: 'Computing needs from --shelters needs --needed-by (when they are needed)',
  },
  LOGISTICS_CLI_NEEDS_INVALID: {
    ja: '需要の JSON の {{field}}: {{detail}}',
    en: 'Needs JSON, {{field}}: {{detail}}',
  },
  LOGISTICS_CLI_NEEDS_NONE: {
    ja: '需要が一件もないため、RequestResource は書けません',
    en: 'There are no needs, so no RequestResource can be written',
  },
  LOGISTICS_CLI_NEEDS_WRITTEN: {
    ja: '需要 {{count}} 行を {{out}} に書き出しました',
    en: 'Wrote {{count}} demand lines to {{out}}',
  },
  LOGISTICS_CLI_RM_TAKEN: {
    ja: '{{file}}: メッセージ {{messages}} — 要請 {{lines}} 行を取り込み、{{withdrawn}} 行を取り下げ、{{unchanged}} 件は受け取り済みで変更なし',
    en: '{{file}}: messages {{messages}} — {{lines}} request lines taken in, {{withdrawn}} withdrawn, {{unchanged}} already received and unchanged',
  },
  LOGISTICS_CLI_RM_ANSWERS_TAKEN: {
    ja: '{{file}}: 答え {{messages}} — 要請 {{requests}} への {{lines}} 行を保存、{{unchanged}} 件は受け取り済みで変更なし',
    en: '{{file}}: answers {{messages}} — {{lines}} lines stored against requests {{requests}}, {{unchanged}} already received and unchanged',
  },
  LOGISTICS_CLI_RM_SENT_RECORDED: {
    ja: '{{file}}: メッセージ {{messages}} を {{recipient}} に送った要請として記録しました（{{result}}）',
    en: '{{file}}: messages {{messages}} recorded as requests sent to {{recipient}} ({{result}})',
  },
  // The node's result word (`recorded` / `unchanged`) in the operator's language, for LOGISTICS_CLI_RM_SENT_RECORDED.
  LOGISTICS_CLI_RM_SENT_RESULT_RECORDED: {
    ja: '新たに記録',
    en: 'recorded',
  },
  LOGISTICS_CLI_RM_SENT_RESULT_UNCHANGED: {
    ja: '記録済みで変更なし',
    en: 'unchanged',
  },
  LOGISTICS_CLI_RM_SENT_NONE: {
    ja: 'このノードが送った要請はありません',
    en: 'This node has sent no requests',
  },
  LOGISTICS_CLI_RM_SENT_REQUEST: {
    ja: '{{messageId}} → {{recipient}}（{{sentAt}}、答え {{answers}} 件）',
    en: '{{messageId}} → {{recipient}} ({{sentAt}}, {{answers}} answers)',
  },
  LOGISTICS_CLI_RM_SENT_LINE: {
    ja: '{{elementId}}: {{category}} {{quantity}} {{unit}} — 引受 {{committed}}、辞退 {{declined}}、輸送中 {{inTransit}}、配送済み {{delivered}}、受領 {{received}}',
    en: '{{elementId}}: {{category}} {{quantity}} {{unit}} — committed {{committed}}, declined {{declined}}, in transit {{inTransit}}, delivered {{delivered}}, received {{received}}',
  },
  LOGISTICS_CLI_RM_ALREADY_QUEUED: {
    ja: '{{file}}: メッセージ {{messages}} は {{to}} への配信に送信待ちの番号 {{seq}} として入っています。新しくは何も入れていません。状態は `tsunagu outbox list` で確かめてください。相手が拒否したメッセージ（例: 災害宣言の前に送ったもの）は、原因を解消してから `tsunagu outbox retry {{seq}}` で同じ MessageID のまま送り直せます',
    en: '{{file}}: messages {{messages}} are already queued for {{to}} as outbox message {{seq}}; nothing new was queued. See its state with `tsunagu outbox list`. A message the receiver refused (e.g. one sent before a declaration) is sent again, under the same MessageID, with `tsunagu outbox retry {{seq}}` once the cause is mended',
  },
  LOGISTICS_CLI_RM_SENT: {
    ja: '{{file}}: メッセージ {{messages}} を {{to}} へ送る配信に入れました（送信待ちの番号 {{seq}}。`tsunagu outbox list` で確認できます）',
    en: '{{file}}: messages {{messages}} queued for {{to}} (outbox message {{seq}}; see `tsunagu outbox list`)',
  },
  LOGISTICS_CLI_RM_NODE_REFUSED: {
    ja: '{{file}}: ノードが受け付けませんでした（{{status}}）: {{detail}}',
    en: '{{file}}: the node refused it ({{status}}): {{detail}}',
  },
} as const satisfies MessageCatalog;
