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
  EDXL_RM_FIELD_MISSING: {
    ja: '{{field}} がありません。Tsunagu がこのメッセージを記録にするには必要です',
    en: '{{field}} is missing; Tsunagu needs it to turn this message into records',
  },
  EDXL_RM_VALUE_NOT_UNDERSTOOD: {
    ja: '{{field}} の値「{{value}}」は分かりません（使える値: {{expected}}）',
    en: 'The value "{{value}}" of {{field}} is not understood (expected: {{expected}})',
  },
  EDXL_RM_TIME_WITHOUT_OFFSET: {
    ja: '{{field}} の日時「{{value}}」に時差（Z や +09:00）がありません。どの地域の時刻か分からないため読みません',
    en: 'The time "{{value}}" in {{field}} has no offset (Z or +09:00); its time zone is unknown, so it is not read',
  },
  EDXL_RM_VALUE_INVALID: {
    ja: '{{field}}: {{detail}}',
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
} as const satisfies MessageCatalog;
