// Messages of the policy decision point (why a request was allowed or denied) and of policy document checks.
import type { MessageCatalog } from '../catalog.ts';

export const policyMessages = {
  // Decisions: denials
  POLICY_NO_POLICY: {
    ja: 'データセット「{{dataset}}」には利用ポリシーがないため、提供できません',
    en: 'Dataset "{{dataset}}" has no usage policy, so nothing can be shared',
  },
  POLICY_NO_PERMITS: {
    ja: 'ポリシー {{policy}} には許可が一つもありません',
    en: 'Policy {{policy}} has no permits',
  },
  POLICY_EXPIRED: {
    ja: 'ポリシー {{policy}}（第{{version}}版）は {{validUntil}} に失効しています',
    en: 'Policy {{policy}} (version {{version}}) expired at {{validUntil}}',
  },
  POLICY_NOT_YET_VALID: {
    ja: 'ポリシー {{policy}}（第{{version}}版）は {{validFrom}} から有効になります',
    en: 'Policy {{policy}} (version {{version}}) takes effect at {{validFrom}}',
  },
  POLICY_NO_AREA: {
    ja: '要求に対象地域が指定されていません',
    en: 'The request names no area',
  },
  POLICY_CREDENTIAL_EXPIRED: {
    ja: '参加者 {{participant}} の資格情報は {{expiresAt}} に期限切れです',
    en: "Participant {{participant}}'s credential expired at {{expiresAt}}",
  },
  POLICY_PUBLIC_NOT_PERMITTED: {
    ja: 'データセット「{{dataset}}」は認証のない要求には提供されません。利用ポリシーが提供先を、資格情報を確認できた参加者に限っています',
    en: 'Dataset "{{dataset}}" is not shared with unauthenticated requesters: its usage policy shares it only with participants whose credential is verified',
  },
  POLICY_PURPOSE_NOT_PERMITTED: {
    ja: '目的「{{purpose}}」は許可されていません（許可されている目的: {{permitted}}）',
    en: 'Purpose "{{purpose}}" is not permitted (permitted: {{permitted}})',
  },
  POLICY_ROLE_NOT_PERMITTED: {
    ja: '役割「{{role}}」には許可されていません（許可されている役割: {{permitted}}）',
    en: 'Role "{{role}}" is not permitted (permitted: {{permitted}})',
  },
  POLICY_ACTION_NOT_PERMITTED: {
    ja: '操作「{{action}}」は許可されていません（許可されている操作: {{permitted}}）',
    en: 'Action "{{action}}" is not permitted (permitted: {{permitted}})',
  },
  POLICY_JURISDICTION: {
    ja: '{{participant}} の管轄（{{jurisdiction}}）は地域 {{area}} について条件「{{relation}}」を満たしません',
    en: "{{participant}}'s jurisdiction ({{jurisdiction}}) does not meet \"{{relation}}\" for area {{area}}",
  },
  POLICY_AREA_NOT_COVERED: {
    ja: '地域 {{area}} はこの許可の対象地域（{{permitted}}）に含まれません',
    en: 'Area {{area}} is outside the areas of this permit ({{permitted}})',
  },
  POLICY_PHASE_NOT_PERMITTED: {
    ja: '地域 {{area}} は現在「{{phase}}」の局面で、この許可の局面（{{permitted}}）に当たりません',
    en: 'Area {{area}} is in the "{{phase}}" phase, not one this permit applies in ({{permitted}})',
  },
  POLICY_FIELDS_NOT_GRANTED: {
    ja: '要求された項目はどれも許可されていません（{{fields}}）',
    en: 'None of the requested fields is granted ({{fields}})',
  },
  POLICY_DELEGATION_MISMATCH: {
    ja: '委任 {{delegation}} の{{party}}は {{expected}} で、{{actual}} ではありません',
    en: 'Delegation {{delegation}} names {{expected}} as {{party}}, not {{actual}}',
  },
  POLICY_DELEGATION_OWNER_UNKNOWN: {
    ja: '委任元 {{owner}} の資格情報が確認できないため、委任 {{delegation}} は使えません',
    en: 'Delegation {{delegation}} cannot be used: the credential of its owner {{owner}} is not known',
  },
  POLICY_DELEGATION_INACTIVE: {
    ja: '委任 {{delegation}} の有効期間（{{validFrom}}〜{{validUntil}}）外です',
    en: 'Delegation {{delegation}} is outside its validity ({{validFrom}} to {{validUntil}})',
  },
  POLICY_DELEGATION_SCOPE: {
    ja: '委任 {{delegation}} の範囲外です（{{aspect}}: 要求 {{requested}}、委任されているもの {{allowed}}）',
    en: 'Outside the scope of delegation {{delegation}} ({{aspect}}: requested {{requested}}, delegated {{allowed}})',
  },
  POLICY_DELEGATION_NO_DECLARATION: {
    ja: '地域 {{area}} に警戒または応急対応の災害宣言がないため、委任 {{delegation}} は発動していません',
    en: 'Delegation {{delegation}} is not activated: no alert or emergency declaration covers area {{area}}',
  },
  POLICY_DELEGATION_NOT_ALLOWED: {
    ja: '許可 {{permit}} は代理（委任）による利用を認めていません',
    en: 'Permit {{permit}} does not allow use by a delegate',
  },
  POLICY_TRUST_REJECTED: {
    ja: '{{document}} の検証に失敗したため拒否します（{{problem}}）',
    en: 'Denied because the {{document}} failed verification ({{problem}})',
  },
  // Decisions: allowances and their conditions
  POLICY_PERMIT_MATCHED: {
    ja: '許可 {{permit}} に該当します（目的: {{purpose}}、役割: {{role}}、操作: {{action}}、局面: {{phase}}、管轄条件: {{relation}}）',
    en: 'Permit {{permit}} applies (purpose: {{purpose}}, role: {{role}}, action: {{action}}, phase: {{phase}}, jurisdiction: {{relation}})',
  },
  POLICY_PUBLIC_PERMIT_MATCHED: {
    ja: '許可 {{permit}} に該当します（誰でも閲覧できる公開データ、目的: {{purpose}}、操作: {{action}}、局面: {{phase}}）',
    en: 'Permit {{permit}} applies (open data anyone may read; purpose: {{purpose}}, action: {{action}}, phase: {{phase}})',
  },
  POLICY_DELEGATED_ACCESS: {
    ja: '{{delegate}} が {{owner}} に代わって利用します（委任 {{delegation}}）',
    en: 'Delegate {{delegate}} acts on behalf of owner {{owner}} (delegation {{delegation}})',
  },
  POLICY_FIELDS_MASKED: {
    ja: '次の項目は許可されていないため伏せます: {{fields}}',
    en: 'These fields are not granted and are masked: {{fields}}',
  },
  POLICY_CONSENT_REQUIRED: {
    ja: '災害時（警戒・応急対応）ではないため、提供に同意した人の記録だけを提供します',
    en: 'Outside an alert or emergency, only records of persons who consented to sharing are provided',
  },
  POLICY_RECORD_SCOPE_OWN: {
    ja: '「{{field}}」が {{participant}} である記録だけを提供します',
    en: 'Only records whose "{{field}}" is {{participant}} are provided',
  },
  POLICY_RECORD_SCOPE_QUALITY: {
    ja: '品質区分が {{levels}} の記録だけを提供します',
    en: 'Only records of quality {{levels}} are provided',
  },
  // Policy documents
  POLICY_SCHEMA_NOT_JSON: {
    ja: 'ポリシーをJSONとして読み込めません: {{detail}}',
    en: 'The policy is not valid JSON: {{detail}}',
  },
  POLICY_SCHEMA_INVALID: {
    ja: 'ポリシーの {{path}} が不正です: {{detail}}',
    en: 'Invalid policy value at {{path}}: {{detail}}',
  },
  POLICY_SCHEMA_UNKNOWN_DATASET: {
    ja: '{{path}}: データセット「{{value}}」はありません（使えるもの: {{allowed}}）',
    en: '{{path}}: there is no dataset "{{value}}" (known: {{allowed}})',
  },
  POLICY_SCHEMA_UNKNOWN_FIELD: {
    ja: '{{path}}: データセット {{dataset}} に項目「{{value}}」はありません',
    en: '{{path}}: dataset {{dataset}} has no field "{{value}}"',
  },
  POLICY_SCHEMA_UNKNOWN_FIELD_CLASS: {
    ja: '{{path}}: 項目の区分「{{value}}」はありません（使えるもの: {{allowed}}）',
    en: '{{path}}: unknown field class "{{value}}" (known: {{allowed}})',
  },
  POLICY_SCHEMA_UNKNOWN_PURPOSE: {
    ja: '{{path}}: 目的「{{value}}」はありません（使えるもの: {{allowed}}）',
    en: '{{path}}: unknown purpose "{{value}}" (known: {{allowed}})',
  },
  POLICY_SCHEMA_UNKNOWN_ROLE: {
    ja: '{{path}}: 役割「{{value}}」はありません（使えるもの: {{allowed}}）',
    en: '{{path}}: unknown role "{{value}}" (known: {{allowed}})',
  },
  POLICY_SCHEMA_UNKNOWN_ACTION: {
    ja: '{{path}}: 操作「{{value}}」はありません（使えるもの: {{allowed}}）',
    en: '{{path}}: unknown action "{{value}}" (known: {{allowed}})',
  },
  POLICY_SCHEMA_UNKNOWN_PHASE: {
    ja: '{{path}}: 局面「{{value}}」はありません（使えるもの: {{allowed}}）',
    en: '{{path}}: unknown phase "{{value}}" (known: {{allowed}})',
  },
  POLICY_SCHEMA_UNKNOWN_JURISDICTION: {
    ja: '{{path}}: 管轄条件「{{value}}」はありません（使えるもの: {{allowed}}）',
    en: '{{path}}: unknown jurisdiction condition "{{value}}" (known: {{allowed}})',
  },
  POLICY_SCHEMA_EMPTY_LIST: {
    ja: '{{path}}: 少なくとも一つ指定してください',
    en: '{{path}}: name at least one',
  },
  POLICY_SCHEMA_DUPLICATE_VALUE: {
    ja: '{{path}}: 「{{value}}」が重複しています',
    en: '{{path}}: "{{value}}" appears more than once',
  },
  POLICY_SCHEMA_DUPLICATE_PERMIT: {
    ja: '{{path}}: 許可のID「{{id}}」は {{first}} と重複しています',
    en: '{{path}}: permit id "{{id}}" is already used at {{first}}',
  },
  POLICY_SCHEMA_BAD_DURATION: {
    ja: '{{path}}: 保存期間「{{value}}」はISO 8601の期間ではありません（例: PT72H、P7D）',
    en: '{{path}}: retention "{{value}}" is not an ISO 8601 duration (e.g. PT72H, P7D)',
  },
  POLICY_SCHEMA_DURATION_CALENDAR: {
    ja: '{{path}}: 保存期間「{{value}}」に年・月は使えません。週・日・時間で指定してください（例: P30D）',
    en: '{{path}}: retention "{{value}}" cannot use years or months; use weeks, days or hours (e.g. P30D)',
  },
  POLICY_SCHEMA_BAD_AREA: {
    ja: '{{path}}: 地域コード「{{value}}」が不正です（{{problem}}）',
    en: '{{path}}: area code "{{value}}" is invalid ({{problem}})',
  },
  POLICY_SCHEMA_NO_CONSENT_FIELD: {
    ja: '{{path}}: データセット {{dataset}} には同意の項目がないため、同意を条件にできません',
    en: '{{path}}: dataset {{dataset}} records no consent, so consent cannot be required',
  },
  POLICY_SCHEMA_VALIDITY: {
    ja: '{{path}}: 有効期間の終わり（{{validUntil}}）が始まり（{{validFrom}}）より前です',
    en: '{{path}}: the policy ends ({{validUntil}}) before it starts ({{validFrom}})',
  },
  POLICY_SCHEMA_PERMIT_REQUIRES: {
    ja: '{{path}}: 参加者向けの許可には {{key}} が必要です（誰にでも公開するなら "audience": "public" を指定します）',
    en: '{{path}}: a permit for participants needs {{key}} (to share with anyone, set "audience": "public")',
  },
  POLICY_SCHEMA_PUBLIC_FIELD: {
    ja: '{{path}}: 誰にでも公開する許可（audience: public）で提供できるのは公開情報の項目だけです。データセット {{dataset}} の項目「{{field}}」の区分は {{fieldClass}} です',
    en: '{{path}}: a public permit (audience: public) may only grant public fields; field "{{field}}" of dataset {{dataset}} is classed {{fieldClass}}',
  },
  POLICY_SCHEMA_PUBLIC_ACTION: {
    ja: '{{path}}: 誰にでも公開する許可で認められる操作は閲覧（read）だけです（「{{value}}」は認められません）',
    en: '{{path}}: a public permit may only allow reading (read), not "{{value}}"',
  },
  POLICY_SCHEMA_PUBLIC_REQUESTER_CONDITION: {
    ja: '{{path}}: 誰にでも公開する許可には要求者の条件（{{condition}}）を書けません。認証のない要求者には役割も管轄もありません',
    en: '{{path}}: a public permit cannot set a requester condition ({{condition}}): an unauthenticated requester has no role or jurisdiction',
  },
  POLICY_SCHEMA_DUPLICATE_POLICY: {
    ja: 'ポリシー {{id}} の第{{version}}版が二つあります',
    en: 'Policy {{id}} version {{version}} is given twice',
  },
} as const satisfies MessageCatalog;
