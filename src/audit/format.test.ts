import { describe, expect, it } from 'vitest';
import { formatAuditFinding, formatAuditSummary, formatAuditVerification } from './format.ts';
import type { AuditVerification } from './verify.ts';

const failed: AuditVerification = {
  ok: false,
  entries: 10,
  checkpoints: 2,
  head: { seq: 10, hash: 'a'.repeat(64) },
  signedThrough: 8,
  unsignedTail: 2,
  findings: [
    { kind: 'entry-changed', severity: 'error', seq: 5, code: 'AUDIT_ENTRY_CHANGED', params: { seq: 5 } },
    { kind: 'unsigned-tail', severity: 'warning', seq: 9, code: 'AUDIT_UNSIGNED_TAIL', params: { count: 2, from: 9, to: 10 } },
  ],
  findingsOmitted: 3,
  errors: 4,
};

describe('formatAuditVerification', () => {
  it('renders the verdict, each finding with its severity and seq, and the omitted count, in Japanese and English', () => {
    expect(formatAuditVerification(failed, 'ja')).toEqual([
      '監査ログに 4 件の問題があります（記録 10 件、チェックポイント 2 件を確認）',
      '[エラー] #5 記録 5 番の内容が、記録されたハッシュと一致しません（書き換えまたは破損）',
      '[警告] #9 最後の 2 件（9〜10 番）はまだ署名されていません（次のチェックポイントで署名されます）',
      'ほかに 3 件の問題があります（表示を省略しました）',
    ]);
    expect(formatAuditFinding(failed.findings[0]!, 'en')).toBe('[error] #5 Entry 5 does not match its recorded hash (changed or corrupted)');
  });

  it('says an intact log is intact and up to where it is signed', () => {
    const ok = { ...failed, ok: true, findings: [], findingsOmitted: 0, errors: 0, signedThrough: 10, unsignedTail: 0 };
    expect(formatAuditVerification(ok, 'en')).toEqual(['The audit log is intact: 10 entries, 2 checkpoints, signed up to entry 10']);
  });
});

describe('formatAuditSummary', () => {
  it('labels purposes and decisions in the reader’s language and keeps unknown purposes as given', () => {
    const lines = formatAuditSummary(
      {
        entries: 2,
        records: 5,
        rows: [
          { requester: 'jp-a', purpose: 'life-saving', decision: 'allow', entries: 1, records: 5, first: 't1', last: 't1' },
          { requester: 'jp-b', purpose: 'marketing', decision: 'deny', entries: 1, records: 0, first: 't2', last: 't2' },
        ],
      },
      'ja',
    );
    expect(lines).toEqual(['利用者\t目的\t判定\t件数\tレコード数\t最初\t最後', 'jp-a\t人命救助\t許可\t1\t5\tt1\tt1', 'jp-b\tmarketing\t拒否\t1\t0\tt2\tt2']);
  });
});
