// `tsunagu query`: ask another node for a dataset as this node, from the command line — through the running node's own
// operator API (the console's query), so the request is signed with the node's key and credential and recorded in its
// audit log. The answer is the records, or the provider's own signed refusal and its reasons.
import type { Command } from 'commander';
import { message } from '../i18n/index.ts';
import type { CliContext } from './context.ts';
import { postToOperator } from './operator-client.ts';

interface QueryOptions {
  nodeUrl?: string;
  to: string;
  dataset: string;
  purpose: string;
  area?: string;
  limit?: string;
  json?: boolean;
}

type Outcome =
  | { outcome: 'allowed'; items: unknown[]; access?: { requestId?: string } }
  | { outcome: 'denied'; status: number; code: string; detail: string; reasons: { code: string; message: string }[]; requestId?: string }
  | { outcome: 'unreachable'; reason: string; detail: string };

async function query(ctx: CliContext, o: QueryOptions): Promise<void> {
  const body = {
    node: o.to,
    dataset: o.dataset,
    purpose: o.purpose,
    ...(o.area ? { area: o.area.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
    ...(o.limit ? { limit: Number(o.limit) } : {}),
  };
  const response = await postToOperator(ctx, o.nodeUrl, 'federation/query', body);
  if (!response) return;
  const answer = (await response.json().catch(() => undefined)) as (Outcome & { detail?: string }) | undefined;
  if (!response.ok || !answer || !('outcome' in answer)) {
    ctx.io.err(`tsunagu: ${answer?.detail ?? `HTTP ${response.status}`}`);
    ctx.setExitCode(1);
    return;
  }
  if (o.json) ctx.io.out(JSON.stringify(answer, null, 2));
  switch (answer.outcome) {
    case 'allowed':
      if (!o.json) ctx.io.out(ctx.lang === 'ja' ? `${o.to}: ${answer.items.length} 件の回答（署名を確認済み）` : `${o.to}: ${answer.items.length} records answered (signature verified)`);
      return;
    case 'denied':
      ctx.io.err(message('FEDERATION_PEER_REFUSED_SIGNED', { peer: o.to, reason: `${answer.code}: ${answer.detail}` }, ctx.lang));
      for (const r of answer.reasons) ctx.io.err(`  - ${r.code}: ${r.message}`);
      ctx.setExitCode(1);
      return;
    case 'unreachable':
      ctx.io.err(`tsunagu: ${answer.detail}`);
      ctx.setExitCode(1);
      return;
  }
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
    .option('--node-url <url>', 'this node (default http://TSUNAGU_HOST:TSUNAGU_PORT/); token from TSUNAGU_OPERATOR_TOKEN')
    .option('--json', 'print the whole answer')
    .action(async (o: QueryOptions) => query(ctxFor(), o));
}
