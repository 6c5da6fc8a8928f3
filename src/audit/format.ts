// Verification results and summaries as text for people, in Japanese or English (the CLI and the console print these).
import { message, type Lang, type MessageCode } from '../i18n/index.ts';
import { purposes, type Purpose } from '../model/index.ts';
import type { AuditSummary } from './query.ts';
import type { AuditFinding, AuditVerification } from './verify.ts';

const severityLabel = {
  error: { ja: 'エラー', en: 'error' },
  warning: { ja: '警告', en: 'warning' },
} as const;

/** One finding on one line, e.g. `[エラー] #12 記録 12 番の内容が…`. */
export function formatAuditFinding(f: AuditFinding, lang: Lang = 'ja'): string {
  return `[${severityLabel[f.severity][lang]}] #${f.seq} ${message(f.code, f.params, lang)}`;
}

/**
 * A verdict line, then every finding, then how many were left out. `anchoredCount` (how many heads kept elsewhere the
 * log was compared with) adds a line saying so — or, when 0, that a tail cut back to a signed checkpoint would go unseen.
 */
export function formatAuditVerification(result: AuditVerification, lang: Lang = 'ja', anchoredCount?: number): string[] {
  const lines: string[] = [];
  const counts = { entries: result.entries, checkpoints: result.checkpoints, signedThrough: result.signedThrough, errors: result.errors };
  const verdict: MessageCode = !result.ok ? 'AUDIT_VERIFY_FAILED' : result.entries === 0 ? 'AUDIT_VERIFY_EMPTY' : 'AUDIT_VERIFY_OK';
  lines.push(message(verdict, counts, lang));
  if (anchoredCount !== undefined) {
    lines.push(
      anchoredCount > 0
        ? message('AUDIT_VERIFY_ANCHORED', { count: anchoredCount, through: result.anchoredThrough ?? 0 }, lang)
        : message('AUDIT_VERIFY_NOT_ANCHORED', {}, lang),
    );
  }
  for (const f of result.findings) lines.push(formatAuditFinding(f, lang));
  if (result.findingsOmitted > 0) lines.push(message('AUDIT_FINDINGS_OMITTED', { count: result.findingsOmitted }, lang));
  return lines;
}

const summaryHeadings = {
  ja: ['利用者', '目的', '判定', '件数', 'レコード数', '最初', '最後'],
  en: ['Requester', 'Purpose', 'Decision', 'Requests', 'Records', 'First', 'Last'],
} as const;
const decisionLabel = { allow: { ja: '許可', en: 'allowed' }, deny: { ja: '拒否', en: 'denied' } } as const;

/** "Who used my data": a tab-separated table with a heading row, purposes in the reader's language. */
export function formatAuditSummary(summary: AuditSummary, lang: Lang = 'ja'): string[] {
  const purposeLabel = (p: string) => (p in purposes ? purposes[p as Purpose][lang] : p);
  return [
    summaryHeadings[lang].join('\t'),
    ...summary.rows.map((r) =>
      [r.requester, purposeLabel(r.purpose), decisionLabel[r.decision][lang], r.entries, r.records, r.first, r.last].join('\t'),
    ),
  ];
}
