// `tsunagu outbox list|summary`: what this node still has to deliver to its peers, what it gave up on (dead letters,
// kept for TSUNAGU_OUTBOX_DEAD_LETTER_DAYS) and why — so an operator sees a stuck delivery before anyone asks. Shows
// message metadata only: a payload can hold personal data and never leaves the store through this command.
import type { Command } from 'commander';
import { message } from '../i18n/index.ts';
import type { OutboxState } from '../store/outbox-store.ts';
import { outboxMessageView } from '../node/operator/log-routes.ts';
import { NODE_OPTION } from './audit-command.ts';
import { nodeAccess, outboxCountsThroughNode, outboxThroughNode } from './node-access.ts';
import type { CliContext } from './context.ts';
import { CliConfigError, openStoreFromEnv } from './store-from-env.ts';

const STATES: readonly OutboxState[] = ['pending', 'delivering', 'delivered', 'failed'];
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 10_000;

interface ListOptions {
  state?: string[];
  peer?: string;
  limit?: string;
  json?: boolean;
  node?: string;
}

function statesOf(given: readonly string[] | undefined): OutboxState[] | undefined {
  if (given === undefined || given.length === 0) return undefined;
  const bad = given.filter((s) => !STATES.includes(s as OutboxState));
  if (bad.length > 0) throw new CliConfigError(`--state ${bad.join(', ')}: ${STATES.join(' | ')}`);
  return given as OutboxState[];
}

function limitOf(text: string | undefined): number {
  if (text === undefined) return DEFAULT_LIMIT;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) throw new CliConfigError(`--limit ${text}: 1–${MAX_LIMIT}`);
  return n;
}

/** Counts per peer with every state present (zero where a peer has none), in the order given. */
export function outboxSummary(counts: readonly { peer: string; state: OutboxState; count: number }[]): { peer: string; counts: Record<OutboxState, number> }[] {
  const byPeer = new Map<string, Record<OutboxState, number>>();
  for (const c of counts) {
    const row = byPeer.get(c.peer) ?? { pending: 0, delivering: 0, delivered: 0, failed: 0 };
    row[c.state] += c.count;
    byPeer.set(c.peer, row);
  }
  return [...byPeer].map(([peer, row]) => ({ peer, counts: row }));
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter((s) => s !== '')];
}

export function registerOutboxCommand(program: Command, ctxFor: () => CliContext): void {
  const outbox = program.command('outbox').description('送信待ち・配信不能のメッセージ / messages this node still has to deliver, and dead letters');
  outbox
    .command('list')
    .description('メッセージの一覧（内容は表示しません） / list messages, oldest first (never their payload)')
    .option('--state <state>', `${STATES.join(' | ')} (repeatable or comma-separated; default: all)`, collect)
    .option('--peer <participant>', 'only messages to this node')
    .option('--limit <n>', `at most this many (default ${DEFAULT_LIMIT}, at most ${MAX_LIMIT})`)
    .option('--json', 'one JSON object per line')
    .option('--node <node>', NODE_OPTION)
    .action(async (options: ListOptions) => {
      const ctx = ctxFor();
      const states = statesOf(options.state);
      const limit = limitOf(options.limit);
      const query = { ...(states ? { states } : {}), ...(options.peer ? { peer: options.peer } : {}), limit };
      const store = options.node === undefined ? await openStoreFromEnv(ctx) : undefined;
      try {
        const views = store ? (await store.outbox.list(query)).map(outboxMessageView) : await outboxThroughNode(ctx, await nodeAccess(ctx, options.node!), query);
        if (views.length === 0) ctx.io.out(message('OUTBOX_CLI_EMPTY', {}, ctx.lang));
        for (const v of views) {
          if (options.json) ctx.io.out(JSON.stringify(v));
          else ctx.io.out([`#${v.seq}`, v.peer, v.kind, v.state, `attempts=${v.attempts}`, v.createdAt, v.settledAt ?? v.nextAttemptAt ?? '', v.lastError ? `${v.lastError.code}: ${v.lastError.reason}` : ''].join('\t'));
        }
      } finally {
        await store?.close();
      }
    });
  outbox
    .command('summary')
    .description('送信先ごと・状態ごとの件数 / counts per peer and state')
    .option('--json', 'one JSON object per line')
    .option('--node <node>', NODE_OPTION)
    .action(async (options: { json?: boolean; node?: string }) => {
      const ctx = ctxFor();
      const store = options.node === undefined ? await openStoreFromEnv(ctx) : undefined;
      try {
        const rows = outboxSummary(store ? await store.outbox.counts() : await outboxCountsThroughNode(ctx, await nodeAccess(ctx, options.node!)));
        if (rows.length === 0) ctx.io.out(message('OUTBOX_CLI_EMPTY', {}, ctx.lang));
        for (const r of rows) {
          if (options.json) ctx.io.out(JSON.stringify(r));
          else ctx.io.out(message('OUTBOX_CLI_SUMMARY_LINE', { peer: r.peer, ...r.counts }, ctx.lang));
        }
      } finally {
        await store?.close();
      }
    });
}
