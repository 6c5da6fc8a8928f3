// `tsunagu outbox list|summary|retry`: what this node still has to deliver to its peers, what it gave up on (dead
// letters, kept for TSUNAGU_OUTBOX_DEAD_LETTER_DAYS) and why — so an operator sees a stuck delivery before anyone asks
// — and sending a dead letter again once its cause is mended. Shows message metadata only: a payload can hold personal
// data and never leaves the store through this command.
import type { Command } from 'commander';
import { LOCAL_OPERATOR } from '../adapters/import-audit.ts';
import { retryDeadLetters, retryRefusal } from '../federation/outbox-retry.ts';
import { message } from '../i18n/index.ts';
import type { OutboxState } from '../store/outbox-store.ts';
import { outboxMessageView } from '../node/operator/log-routes.ts';
import { NODE_OPTION } from './audit-command.ts';
import { nodeAccess, outboxCountsThroughNode, outboxRetryThroughNode, outboxThroughNode, type OutboxMessageLine } from './node-access.ts';
import { nodeIdentityFromEnv } from './node-identity.ts';
import { nodeSigner } from './node-key.ts';
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

/** The message number `retry` was given: a positive whole number. */
function seqOf(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < 1) throw new CliConfigError(`${text}: 1, 2, 3… (tsunagu outbox list)`);
  return n;
}

/**
 * `outbox retry` on the node's own database (the node is not running): audited in its log, signed with its key. What
 * it refused is said on stderr with exit code 1 (as through a running node); nothing is changed then.
 */
async function retryInStore(ctx: CliContext, target: { seq: number } | { peer: string }): Promise<OutboxMessageLine[] | undefined> {
  const store = await openStoreFromEnv(ctx);
  try {
    const identity = nodeIdentityFromEnv(ctx.env);
    const opened = await store.audit.open({ signer: await nodeSigner(ctx, identity.participantId, { create: true }) });
    if (!opened.ok) throw new CliConfigError(opened.problems.map((p) => message(p.code, p.params, ctx.lang)).join('; '));
    try {
      const outcome = await retryDeadLetters(target, {
        storage: store.outbox,
        auditLog: opened.log,
        requester: LOCAL_OPERATOR,
        account: `uid:${process.getuid?.() ?? 'unknown'}`,
        now: new Date(),
      });
      if (outcome.kind === 'requeued') return outcome.messages.map(outboxMessageView);
      const refusal = retryRefusal(outcome);
      ctx.io.err(message(refusal.code, refusal.params, ctx.lang));
      ctx.setExitCode(1);
      return undefined;
    } finally {
      await opened.log.close();
    }
  } finally {
    await store.close();
  }
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
    .command('retry [seq]')
    .description('配送不能（failed）のメッセージを同じ冪等キーで送り直す / send a dead letter (failed) again under its own idempotency key')
    .option('--peer <participant>', 'every dead letter to this node instead of one message (up to 1,000, oldest first)')
    .option('--json', 'one JSON object per line')
    .option('--node <node>', NODE_OPTION)
    .action(async (seqText: string | undefined, options: { peer?: string; json?: boolean; node?: string }) => {
      const ctx = ctxFor();
      if ((seqText === undefined) === (options.peer === undefined)) throw new CliConfigError(message('OUTBOX_RETRY_TARGET_REQUIRED', {}, ctx.lang));
      const target = seqText !== undefined ? { seq: seqOf(seqText) } : { peer: options.peer! };
      let requeued = options.node === undefined ? await retryInStore(ctx, target) : await outboxRetryThroughNode(ctx, await nodeAccess(ctx, options.node), target);
      if (requeued !== undefined && 'refused' in requeued) {
        ctx.io.err(requeued.refused);
        ctx.setExitCode(1);
        requeued = undefined;
      }
      for (const v of requeued ?? []) {
        if (options.json) ctx.io.out(JSON.stringify(v));
        else ctx.io.out(message('OUTBOX_CLI_RETRIED_LINE', { seq: v.seq, peer: v.peer, kind: v.kind }, ctx.lang));
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
