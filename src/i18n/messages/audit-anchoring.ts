// Messages of audit anchoring: checkpoints kept by other nodes (keepers), what they refuse, and verification against them.
import type { MessageCatalog } from '../catalog.ts';

export const auditAnchoringMessages = {
  AUDIT_VERIFY_EXIT_CODES: {
    ja: '終了コード: 0 正常, 1 問題あり, 2 使い方・設定の誤り, 3 正常だが保管先と照合できなかった',
    en: 'Exit codes: 0 intact, 1 findings, 2 usage or configuration, 3 intact but not compared with any keeper',
  },
  // Verification against anchored heads (findings)
  AUDIT_ANCHOR_TRUNCATED: {
    ja: '{{keeper}} が保持するチェックポイント（記録 {{seq}} 番、{{time}} に署名、ハッシュ {{hash}}…）があるのに、ログは {{lastSeq}} 番で終わっています。記録 {{from}}〜{{seq}} 番が失われています（末尾が切り詰められました）',
    en: '{{keeper}} holds a checkpoint for entry {{seq}} (signed {{time}}, hash {{hash}}…), but the log ends at {{lastSeq}}: entries {{from}} to {{seq}} are missing (the tail was cut back)',
  },
  AUDIT_ANCHOR_MISMATCH: {
    ja: '{{keeper}} が保持するチェックポイント（記録 {{seq}} 番、{{time}} に署名、ハッシュ {{hash}}…）と、ログの記録 {{seq}} 番が一致しません（ログがそこまでに作り直されています）',
    en: '{{keeper}} holds a checkpoint for entry {{seq}} (signed {{time}}, hash {{hash}}…) that the log\'s entry {{seq}} does not match: the log was rewritten up to there',
  },
  AUDIT_EXPECTED_HEAD_TRUNCATED: {
    ja: '指定された先頭（記録 {{seq}} 番、ハッシュ {{hash}}…）があるはずなのに、ログは {{lastSeq}} 番で終わっています。記録 {{from}}〜{{seq}} 番が失われています（末尾が切り詰められました）',
    en: 'The given head (entry {{seq}}, hash {{hash}}…) should be in the log, but the log ends at {{lastSeq}}: entries {{from}} to {{seq}} are missing (the tail was cut back)',
  },
  AUDIT_EXPECTED_HEAD_MISMATCH: {
    ja: '指定された先頭（記録 {{seq}} 番、ハッシュ {{hash}}…）と、ログの記録 {{seq}} 番が一致しません（ログがそこまでに作り直されています）',
    en: 'The given head (entry {{seq}}, hash {{hash}}…) does not match the log\'s entry {{seq}}: the log was rewritten up to there',
  },
  AUDIT_ANCHOR_UNVERIFIED: {
    ja: '{{keeper}} が保持するチェックポイント（記録 {{seq}} 番）は、このノードの鍵で検証できないため使いませんでした（{{reason}}）',
    en: 'The checkpoint for entry {{seq}} held by {{keeper}} does not verify with this node\'s keys and was not used ({{reason}})',
  },
  AUDIT_VERIFY_ANCHORED: {
    ja: '保管先のチェックポイント {{count}} 件と照合しました（一致したのは記録 {{through}} 番まで）',
    en: 'Compared with {{count}} checkpoint(s) kept elsewhere (matched up to entry {{through}})',
  },
  AUDIT_VERIFY_NOT_ANCHORED: {
    ja: '保管先のチェックポイントと照合していません。末尾の削除は、残った署名付きチェックポイントまでなら見つけられません',
    en: 'Not compared with any checkpoint kept elsewhere: a tail cut back to a remaining signed checkpoint cannot be seen',
  },
  AUDIT_EXPECTED_HEAD_INVALID: {
    ja: '--expected-head は「番号:ハッシュ」（ハッシュは16進64桁）の形式です: {{value}}',
    en: '--expected-head must be "SEQ:HASH" (HASH 64 hex digits): {{value}}',
  },
  // Keepers: receiving and holding checkpoints
  AUDIT_ANCHOR_KEPT: {
    ja: '{{node}} のチェックポイント（記録 {{seq}} 番）を保持しました',
    en: 'Kept the checkpoint of {{node}} for entry {{seq}}',
  },
  AUDIT_ANCHOR_ALREADY_HELD: {
    ja: '{{node}} のチェックポイント（記録 {{seq}} 番）は既に保持しています',
    en: 'The checkpoint of {{node}} for entry {{seq}} is already held',
  },
  AUDIT_ANCHOR_FORK: {
    ja: '{{node}} のチェックポイント（記録 {{seq}} 番）は、保持している同じ番号のチェックポイントとハッシュが違います（ログの分岐）。受け付けず、証拠として記録しました',
    en: 'The checkpoint of {{node}} for entry {{seq}} has another hash than the one held for that entry (a forked log): refused and kept as evidence',
  },
  AUDIT_ANCHOR_BACKWARDS: {
    ja: '{{node}} のチェックポイント（記録 {{seq}} 番）は、既に保持している記録 {{latest}} 番のチェックポイントより前に戻っています（ログの巻き戻し）。受け付けず、証拠として記録しました',
    en: 'The checkpoint of {{node}} for entry {{seq}} goes back behind the one held for entry {{latest}} (a rewound log): refused and kept as evidence',
  },
  AUDIT_ANCHOR_NODE_MISMATCH: {
    ja: 'チェックポイントは {{node}} のものですが、送り主は {{sender}} です。ノードは自分のチェックポイントだけを送れます',
    en: 'The checkpoint is of {{node}} but was sent by {{sender}}: a node may only send its own checkpoints',
  },
  AUDIT_ANCHOR_SENDER_NOT_TRUSTED: {
    ja: '{{node}} はトラストリストで有効な参加者ではないため、チェックポイント（記録 {{seq}} 番）を受け付けません（{{reason}}）',
    en: '{{node}} is not a participant in good standing in the trust list: its checkpoint for entry {{seq}} is refused ({{reason}})',
  },
  AUDIT_ANCHOR_SIGNATURE_INVALID: {
    ja: '{{node}} のチェックポイント（記録 {{seq}} 番）の署名を、トラストリストにある鍵で検証できません（{{reason}}）',
    en: 'The checkpoint of {{node}} for entry {{seq}} does not verify with the keys the trust list holds for it ({{reason}})',
  },
  AUDIT_ANCHOR_READ: {
    ja: '{{node}} のチェックポイント {{count}} 件を {{reader}}（{{as}}）に渡しました',
    en: 'Gave {{count}} checkpoint(s) of {{node}} to {{reader}} ({{as}})',
  },
  AUDIT_ANCHOR_READ_DENIED: {
    ja: '{{node}} のチェックポイントを読めるのは、{{node}} 自身、トラストアンカー、このノードが監査人として設定した参加者だけです（要求者: {{reader}}）',
    en: 'Only {{node}} itself, the trust anchor and the auditors this node names may read the checkpoints of {{node}} (asked by {{reader}})',
  },
  // The node sending its checkpoints
  AUDIT_ANCHOR_SENT: {
    ja: 'この記録までを保証するチェックポイントを、保管先 {{keepers}} に送ります',
    en: 'Sending the checkpoint that covers this entry to the keepers {{keepers}}',
  },
  SERVE_AUDIT_KEEPERS: {
    ja: '監査ログのチェックポイントの保管先: {{keepers}}（{{seconds}} 秒ごと）',
    en: 'Audit checkpoints are kept by: {{keepers}} (every {{seconds}} s)',
  },
  SERVE_AUDIT_NO_KEEPERS: {
    ja: '監査ログのチェックポイントを預ける保管先がありません。末尾の削除に気づけるよう TSUNAGU_AUDIT_KEEPERS を設定してください',
    en: 'No keeper for the audit checkpoints: set TSUNAGU_AUDIT_KEEPERS so that a cut-back tail can be noticed',
  },
  AUDIT_KEEPER_UNKNOWN: {
    ja: '保管先 {{keeper}} はトラストリストにないか、有効でないか、ノードのURLがありません。チェックポイントを送れません',
    en: 'The keeper {{keeper}} is not in the trust list, not in good standing, or has no node URL: checkpoints cannot be sent to it',
  },
  AUDIT_KEEPERS_INVALID: {
    ja: '{{variable}} は参加者IDのカンマ区切りです: {{value}}',
    en: '{{variable}} must be participant ids separated by commas: {{value}}',
  },
  AUDIT_ANCHOR_INTERVAL_INVALID: {
    ja: '{{variable}} はチェックポイントを送る間隔の秒数（1〜86400）です: {{value}}',
    en: '{{variable}} must be the seconds between checkpoints sent (1–86400): {{value}}',
  },
  AUDIT_KEEPER_CONFLICT_FORK: {
    ja: '{{keeper}} は、{{node}} が記録 {{seq}} 番について別のハッシュのチェックポイントを送ってきたことを記録しています（{{receivedAt}}、分岐の証拠）',
    en: '{{keeper}} recorded that {{node}} sent a checkpoint for entry {{seq}} with another hash ({{receivedAt}}): evidence of a fork',
  },
  AUDIT_KEEPER_CONFLICT_BACKWARDS: {
    ja: '{{keeper}} は、{{node}} が記録 {{held}} 番より前の記録 {{seq}} 番のチェックポイントを送ってきたことを記録しています（{{receivedAt}}、巻き戻しの証拠）',
    en: '{{keeper}} recorded that {{node}} sent a checkpoint for entry {{seq}}, behind the one it held for entry {{held}} ({{receivedAt}}): evidence of a rewind',
  },
  AUDIT_KEEPER_UNREACHABLE: {
    ja: '保管先 {{keeper}} にチェックポイントを問い合わせられませんでした: {{detail}}',
    en: 'Could not ask the keeper {{keeper}} for checkpoints: {{detail}}',
  },
} as const satisfies MessageCatalog;
