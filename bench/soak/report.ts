// The soak's figures as text lines (Japanese / English labels): requests by kind and outcome, acknowledged writes,
// faults, outbox, memory, and every finding and unexpected answer.
import type { SoakReport } from './soak.ts';

const pad = (s: string | number, n: number) => String(s).padStart(n);

export function formatSoakReport(r: SoakReport): string[] {
  const lines: string[] = [];
  lines.push(`耐久試験 / Soak: ${r.options.minutes} min, seed ${r.options.seed}, load ${r.loadSeconds.toFixed(0)} s, started ${r.startedAt}`);
  lines.push('');
  lines.push('リクエスト / Requests         ok  refused  unavailable  unexpected');
  for (const { kind, counts } of r.requests.sort((a, b) => a.kind.localeCompare(b.kind))) {
    lines.push(`  ${kind.padEnd(24)}${pad(counts.ok, 7)}${pad(counts.refused, 9)}${pad(counts.unavailable, 13)}${pad(counts.unexpected, 12)}`);
  }
  const sum = (k: 'ok' | 'refused' | 'unavailable' | 'unexpected') => r.requests.reduce((n, x) => n + x.counts[k], 0);
  lines.push(`  ${'total'.padEnd(24)}${pad(sum('ok'), 7)}${pad(sum('refused'), 9)}${pad(sum('unavailable'), 13)}${pad(sum('unexpected'), 12)}`);
  lines.push('');
  lines.push(`確認応答した書き込み / Acknowledged writes: ${Object.entries(r.acknowledged).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`);
  const f = r.faults;
  lines.push(
    `障害 / Faults: ${Object.entries(f.byKind).map(([k, n]) => `${k} ${n}`).join(', ')} (planned ${f.planned}, skipped ${f.skipped} on a node already faulted, restart failures ${f.restartFailed}); restart to /health max ${f.restartSeconds.max.toFixed(1)} s, mean ${f.restartSeconds.mean.toFixed(1)} s`,
  );
  lines.push(`アウトボックス / Outbox: delivered ${r.outbox.delivered} (retried ${r.outbox.retried}), unsettled ${r.outbox.unsettled}, failed ${r.outbox.failed}; drained ${r.drainSeconds.toFixed(0)} s after healing`);
  lines.push('');
  lines.push('ノード / Node                          RSS max MiB  growth MiB (over s)  audit entries  audit verify');
  for (const n of r.nodes) {
    const rss = r.rss.find((x) => x.node === n.node);
    lines.push(
      `  ${n.node.padEnd(36)}${pad(rss?.maxMiB ?? '-', 11)}${pad(rss?.growthMiB !== undefined ? `${rss.growthMiB} (${rss.sampledSeconds})` : '-', 21)}${pad(n.auditEntries, 15)}  ${n.auditVerify.ok ? 'ok' : 'FAILED'}`,
    );
  }
  lines.push(`  memory bound ${r.options.rssBoundMiB} MiB per node process`);
  const crashes = r.exits.filter((e) => e.by === 'crash');
  lines.push(`クラッシュ / Crashes: ${crashes.length}`);
  if (r.unexpected.length > 0) {
    lines.push('');
    lines.push(`想定外の応答 / Unexpected answers (first ${r.unexpected.length}):`);
    for (const u of r.unexpected.slice(0, 30)) lines.push(`  ${u.at} ${u.kind} ${u.node}: ${u.detail}`);
  }
  if (r.findings.length > 0) {
    lines.push('');
    lines.push(`検出 / Findings (${r.findings.length}):`);
    for (const x of r.findings.slice(0, 50)) lines.push(`  [${x.code}] ${x.node}: ${x.detail}`);
  }
  lines.push('');
  lines.push(r.ok ? '結果 / Result: 損失なし・想定外なし / no loss, nothing unexpected' : '結果 / Result: 失敗 / FAILED');
  return lines;
}
