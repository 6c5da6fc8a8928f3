// Messages of the audit log: verification findings, summaries and problems appending or querying.
import type { MessageCatalog } from '../catalog.ts';

export const auditMessages = {
  // Verification findings: errors
  AUDIT_ENTRY_CHANGED: {
    ja: '記録 {{seq}} 番の内容が、記録されたハッシュと一致しません（書き換えまたは破損）',
    en: 'Entry {{seq}} does not match its recorded hash (changed or corrupted)',
  },
  AUDIT_ENTRY_MISSING: {
    ja: '記録 {{from}}〜{{to}} 番がありません（削除された可能性があります）',
    en: 'Entries {{from}} to {{to}} are missing (possibly deleted)',
  },
  AUDIT_ENTRY_UNEXPECTED: {
    ja: '記録 {{seq}} 番が想定外の位置にあります（{{expected}} 番が来るべき位置。挿入・重複・並べ替えの可能性があります）',
    en: 'Entry {{seq}} is out of place (entry {{expected}} belongs here; inserted, duplicated or reordered)',
  },
  AUDIT_ENTRY_MISPLACED: {
    ja: '{{seq}} 番の位置に、{{claimed}} 番として作られた記録があります（並べ替えまたは差し替えの可能性があります）',
    en: 'Position {{seq}} holds an entry made as number {{claimed}} (reordered or replaced)',
  },
  AUDIT_LINK_BROKEN: {
    ja: '記録 {{seq}} 番が直前の記録 {{prev}} 番とつながっていません（{{prev}} 番が差し替えられたか、間の記録が削除・挿入されました）',
    en: 'Entry {{seq}} does not link to entry {{prev}} (entry {{prev}} was replaced, or entries between were deleted or inserted)',
  },
  AUDIT_ENTRY_MALFORMED: {
    ja: '記録 {{seq}} 番の形式が壊れていて、連鎖を確認できません',
    en: 'Entry {{seq}} is malformed; its place in the chain cannot be checked',
  },
  AUDIT_ENTRY_INVALID: {
    ja: '記録 {{seq}} 番の {{path}} が不正です: {{detail}}',
    en: 'Entry {{seq}} has an invalid value at {{path}}: {{detail}}',
  },
  AUDIT_ENTRY_NOT_CANONICAL: {
    ja: '記録 {{seq}} 番が正規化JSON（RFC 8785）で書かれていません',
    en: 'Entry {{seq}} is not written in canonical JSON (RFC 8785)',
  },
  AUDIT_ENTRY_NODE_MISMATCH: {
    ja: '記録 {{seq}} 番はノード {{node}} の記録です（このログは {{expected}} のものです）',
    en: 'Entry {{seq}} belongs to node {{node}} (this log is {{expected}}’s)',
  },
  AUDIT_LINE_MALFORMED: {
    ja: '{{line}} 行目を読み取れません: {{detail}}',
    en: 'Cannot read line {{line}}: {{detail}}',
  },
  AUDIT_CHECKPOINT_MALFORMED: {
    ja: 'チェックポイント（{{seq}} 番まで）の形式が不正です: {{detail}}',
    en: 'The checkpoint for entries up to {{seq}} is malformed: {{detail}}',
  },
  AUDIT_CHECKPOINT_SIGNATURE_INVALID: {
    ja: 'チェックポイント（{{seq}} 番まで）の署名が正しくありません（偽造または書き換え。鍵 {{kid}}）',
    en: 'The checkpoint for entries up to {{seq}} has an invalid signature (forged or changed; key {{kid}})',
  },
  AUDIT_CHECKPOINT_KEY_UNKNOWN: {
    ja: 'チェックポイント（{{seq}} 番まで）は不明な鍵 {{kid}} で署名されています',
    en: 'The checkpoint for entries up to {{seq}} is signed with an unknown key {{kid}}',
  },
  AUDIT_CHECKPOINT_KEY_NOT_VALID: {
    ja: 'チェックポイント（{{seq}} 番まで）の署名時刻 {{time}} に、鍵 {{kid}} は有効ではありません',
    en: 'Key {{kid}} was not valid at {{time}}, when the checkpoint for entries up to {{seq}} was signed',
  },
  AUDIT_CHECKPOINT_NODE_MISMATCH: {
    ja: 'チェックポイント（{{seq}} 番まで）はノード {{node}} のものです（このログは {{expected}} のものです）',
    en: 'The checkpoint for entries up to {{seq}} is node {{node}}’s (this log is {{expected}}’s)',
  },
  AUDIT_CHECKPOINT_HASH_MISMATCH: {
    ja: '署名済みチェックポイントと記録 {{seq}} 番のハッシュが一致しません（{{seq}} 番以前の記録が書き換えられています）',
    en: 'Entry {{seq}} does not match its signed checkpoint (entries up to {{seq}} were rewritten)',
  },
  AUDIT_CHECKPOINT_MISPLACED: {
    ja: 'チェックポイント（{{seq}} 番まで）が、対応する記録より後ろにあるため照合できません',
    en: 'The checkpoint for entries up to {{seq}} comes after later entries and cannot be matched',
  },
  AUDIT_LOG_TRUNCATED: {
    ja: '署名済みチェックポイントは {{seq}} 番までの記録を保証していますが、ログは {{lastSeq}} 番で終わっています（末尾が削除されています）',
    en: 'A signed checkpoint vouches for entries up to {{seq}}, but the log ends at {{lastSeq}} (its tail was deleted)',
  },
  AUDIT_HEAD_BEYOND_END: {
    ja: 'ログの先頭情報は {{seq}} 番まで記録済みとしていますが、ログは {{lastSeq}} 番で終わっています（末尾が削除された可能性があります）',
    en: 'The log’s head says entries up to {{seq}} were written, but the log ends at {{lastSeq}} (its tail may have been deleted)',
  },
  AUDIT_HEAD_MISMATCH: {
    ja: 'ログの先頭情報と記録 {{seq}} 番のハッシュが一致しません',
    en: 'The log’s head does not match the hash of entry {{seq}}',
  },
  AUDIT_ENTRIES_BEYOND_HEAD: {
    ja: 'ログの先頭情報は {{head}} 番までですが、{{seq}} 番以降の記録があります（正規の書き込み以外で追加された可能性があります）',
    en: 'The log’s head ends at {{head}}, yet entries from {{seq}} on exist (possibly added outside the log writer)',
  },
  // Verification findings: warnings
  AUDIT_UNSIGNED_TAIL: {
    ja: '最後の {{count}} 件（{{from}}〜{{to}} 番）はまだ署名されていません（次のチェックポイントで署名されます）',
    en: 'The last {{count}} entries ({{from}} to {{to}}) are not signed yet (the next checkpoint will sign them)',
  },
  AUDIT_FINDINGS_OMITTED: {
    ja: 'ほかに {{count}} 件の問題があります（表示を省略しました）',
    en: '{{count}} more findings not shown',
  },
  // Verification summaries
  AUDIT_VERIFY_OK: {
    ja: '監査ログは正常です: 記録 {{entries}} 件、チェックポイント {{checkpoints}} 件、署名済み {{signedThrough}} 番まで',
    en: 'The audit log is intact: {{entries}} entries, {{checkpoints}} checkpoints, signed up to entry {{signedThrough}}',
  },
  AUDIT_VERIFY_FAILED: {
    ja: '監査ログに {{errors}} 件の問題があります（記録 {{entries}} 件、チェックポイント {{checkpoints}} 件を確認）',
    en: 'The audit log has {{errors}} problems ({{entries}} entries and {{checkpoints}} checkpoints checked)',
  },
  AUDIT_VERIFY_EMPTY: {
    ja: '監査ログは空です',
    en: 'The audit log is empty',
  },
  // Appending and querying
  AUDIT_DRAFT_INVALID: {
    ja: '監査記録の {{path}} が不正です: {{detail}}',
    en: 'Invalid audit entry value at {{path}}: {{detail}}',
  },
  AUDIT_NODE_MISMATCH: {
    ja: 'この監査ログはノード {{node}} のものです。{{signer}} の鍵では書き込めません',
    en: 'This audit log belongs to node {{node}}; the key of {{signer}} cannot write to it',
  },
  AUDIT_QUERY_EMPTY: {
    ja: '条件に合う記録はありません',
    en: 'No entry matches these filters',
  },
  AUDIT_QUERY_PURPOSE_UNKNOWN: {
    ja: '「{{value}}」は利用目的の語彙にありません（{{allowed}}）。記録された目的と完全に一致する記録だけを探します',
    en: '"{{value}}" is not a purpose of the vocabulary ({{allowed}}); only entries that stated exactly it are found',
  },
  AUDIT_FILTER_INVALID: {
    ja: '監査ログの検索条件 {{path}} が不正です: {{detail}}',
    en: 'Invalid audit query filter at {{path}}: {{detail}}',
  },
} as const satisfies MessageCatalog;
