// `tsunagu query`: ask another node for a dataset as this node, from the command line — through the running node's own
// operator API (the console's query), so the request is signed with the node's key and credential and recorded in its
// audit log. The answer is the records (or, with --aggregate, counts per group added up over the nodes asked), or the
// provider's own signed refusal and its reasons.
import type { Command } from 'commander';
import { message } from '../i18n/index.ts';
import type { CliContext } from './context.ts';
import { postToOperator } from './operator-client.ts';
import { exclusionMessage, mergeAggregates, type ProviderAggregate } from '../federation/aggregate-merge.ts';
import type { AggregateTable } from '../policy/aggregate-table.ts';
import { aggregateLines } from './aggregate-lines.ts';

interface QueryOptions {
  nodeUrl?: string;
  to: string;
  aggregate?: boolean;
  dataset: string;
  purpose: string;
  area?: string;
  limit?: string;
  json?: boolean;
}

type Outcome =
  | { outcome: 'allowed'; items: unknown[]; access?: { requestId?: string } }
  | { outcome: 'aggregated'; aggregate: AggregateTable; access?: { requestId?: string } }
  | { outcome: 'denied'; status: number; code: string; detail: string; reasons: { code: string; message: string }[]; requestId?: string }
  | { outcome: 'unreachable'; reason: string; detail: string };

/** One node's answer through this node's operator API, or undefined when there was none (reported). */
async function askOne(ctx: CliContext, o: QueryOptions, node: string): Promise<Outcome | undefined> {
  const body = {
    node,
    ...(o.aggregate ? { answer: 'aggregate' } : {}),
    dataset: o.dataset,
    purpose: o.purpose,
    ...(o.area ? { area: o.area.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
    ...(o.limit ? { limit: Number(o.limit) } : {}),
  };
  const response = await postToOperator(ctx, o.nodeUrl, 'federation/query', body);
  if (!response) return undefined;
  const answer = (await response.json().catch(() => undefined)) as (Outcome & { detail?: string }) | undefined;
  if (!response.ok || !answer || !('outcome' in answer)) {
    ctx.io.err(`tsunagu: ${answer?.detail ?? `HTTP ${response.status}`}`);
    ctx.setExitCode(1);
    return undefined;
  }
  return answer;
}

/** Report a refusal or a missing answer on stderr (exit code 1); true when the answer is data to show. */
function reportFailure(ctx: CliContext, node: string, answer: Outcome): boolean {
  switch (answer.outcome) {
    case 'allowed':
    case 'aggregated':
      return true;
    case 'denied':
      ctx.io.err(message('FEDERATION_PEER_REFUSED_SIGNED', { peer: node, reason: `${answer.code}: ${answer.detail}` }, ctx.lang));
      for (const r of answer.reasons) ctx.io.err(`  - ${r.code}: ${r.message}`);
      ctx.setExitCode(1);
      return false;
    case 'unreachable':
      ctx.io.err(`tsunagu: ${answer.detail}`);
      ctx.setExitCode(1);
      return false;
  }
}

async function query(ctx: CliContext, o: QueryOptions): Promise<void> {
  if (o.aggregate) return aggregateQuery(ctx, o);
  const answer = await askOne(ctx, o, o.to);
  if (!answer) return;
  if (o.json) ctx.io.out(JSON.stringify(answer, null, 2));
  if (!reportFailure(ctx, o.to, answer) || o.json) return;
  if (answer.outcome === 'allowed') {
    ctx.io.out(ctx.lang === 'ja' ? `${o.to}: ${answer.items.length} 件の回答（署名を確認済み）` : `${o.to}: ${answer.items.length} records answered (signature verified)`);
  } else if (answer.outcome === 'aggregated') {
    for (const line of aggregateLines(answer.aggregate, ctx.lang)) ctx.io.out(line);
  }
}

/** Ask each node named in --to for its aggregate and print their sum; each refusal is reported on its own. */
async function aggregateQuery(ctx: CliContext, o: QueryOptions): Promise<void> {
  const nodes = [...new Set(o.to.split(',').map((s) => s.trim()).filter(Boolean))];
  const parts: ProviderAggregate[] = [];
  const answers: Record<string, Outcome> = {};
  for (const node of nodes) {
    const answer = await askOne(ctx, o, node);
    if (!answer) continue;
    answers[node] = answer;
    if (reportFailure(ctx, node, answer) && answer.outcome === 'aggregated') parts.push({ provider: node, table: answer.aggregate });
  }
  const merged = mergeAggregates(parts);
  if (o.json) {
    ctx.io.out(JSON.stringify({ answers, merged: merged ?? null }, null, 2));
    return;
  }
  for (const e of merged?.excluded ?? []) {
    const m = exclusionMessage(e, e.provider);
    ctx.io.err(message(m.code, m.params, ctx.lang));
  }
  if (!merged) {
    if (parts.length > 0) ctx.io.out(ctx.lang === 'ja' ? '公開できる集計はありません（すべて非公開）' : 'No aggregate could be published (all withheld)');
    return;
  }
  ctx.io.out(ctx.lang === 'ja' ? `集計した提供者: ${merged.included.join(', ')}（署名を確認済み）` : `Providers added up: ${merged.included.join(', ')} (signatures verified)`);
  for (const line of aggregateLines(merged, ctx.lang)) ctx.io.out(line);
}

export function registerQueryCommand(program: Command, ctxFor: () => CliContext): void {
  program
    .command('query')
    .description('他のノードに目的を示して問い合わせ（署名付き） / ask another node for a dataset, as this running node (signed)')
    .requiredOption('--to <participant>', 'the node asked (participant id)')
    .requiredOption('--dataset <dataset>', 'shelters, persons, facilities, stock')
    .requiredOption('--purpose <purpose>', 'life-saving, evacuation-support, …')
    .option('--area <codes>', 'area codes, comma-separated')
    .option('--limit <n>', 'most records')
    .option('--aggregate', '集計（グループごとの件数）を求める。--to に複数のノードをカンマ区切りで指定すると合計 / ask for an aggregate (counts per group); several --to nodes, comma-separated, are added up')
    .option('--node-url <url>', 'this node (default http://TSUNAGU_HOST:TSUNAGU_PORT/); token from TSUNAGU_OPERATOR_TOKEN')
    .option('--json', 'print the whole answer')
    .action(async (o: QueryOptions) => query(ctxFor(), o));
}
