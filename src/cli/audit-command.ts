// `tsunagu audit verify|query|summary|export`: check the node's hash-chained audit log and let the data's owner see
// who used its data, when, and for what.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import {
  formatAuditSummary,
  formatAuditVerification,
  parseExpectedHead,
  verifyAuditExport,
  type AnchoredHead,
  type HeldCheckpointsAnswer,
  type AuditFilter,
  type AuditPublicKey,
} from '../audit/index.ts';
import { message } from '../i18n/index.ts';
import { purposes, type Purpose } from '../model/index.ts';
import { localIso } from './local-time.ts';
import type { CliContext } from './context.ts';
import { nodeIdentityFromEnv } from './node-identity.ts';
import { nodeSigner } from './node-key.ts';
import { CliConfigError, openStoreFromEnv } from './store-from-env.ts';
import { exportAuditThroughNode, nodeAccess, openAuditSource } from './node-access.ts';
import { demoParticipant } from '../demo/scenario.ts';
import { loadDemoSigner } from '../demo/trust-setup.ts';
import { demoRootFromEnv } from './start-command.ts';
import { anchoredHeadsOf, askKeepers } from './audit-keepers.ts';

/** `tsunagu audit verify`: intact and compared with what keepers hold (or nothing to compare with was configured). */
export const AUDIT_VERIFY_EXIT = { intact: 0, findings: 1, usage: 2, notAnchored: 3 } as const;

/** The node an exported file is of, from its header line; undefined when the first line says none. */
async function exportedNode(file: string): Promise<string | undefined> {
  const lines = createInterface({ input: createReadStream(file, { end: 64 * 1024 }), crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      try {
        const header = JSON.parse(line) as { type?: unknown; node?: unknown };
        return header.type === 'header' && typeof header.node === 'string' ? header.node : undefined;
      } catch {
        return undefined;
      }
    }
    return undefined;
  } finally {
    lines.close();
  }
}

/** Conflicts keepers recorded (a node that sent a fork or went back): shown with every verification. */
function conflictLines(answers: readonly HeldCheckpointsAnswer[], lang: 'ja' | 'en'): string[] {
  return answers.flatMap((a) =>
    a.conflicts.map((c) =>
      message(
        c.kind === 'fork' ? 'AUDIT_KEEPER_CONFLICT_FORK' : 'AUDIT_KEEPER_CONFLICT_BACKWARDS',
        { keeper: a.keeper, node: a.node, seq: c.offered.seq, held: c.held.seq, receivedAt: localIso(c.receivedAt) },
        lang,
      ),
    ),
  );
}

interface FilterOptions {
  from?: string;
  to?: string;
  requester?: string;
  onBehalfOf?: string;
  purpose?: string;
  dataset?: string;
  decision?: 'allow' | 'deny';
  requestId?: string;
  record?: string;
  limit?: string;
  cursor?: string;
  oldestFirst?: boolean;
  json?: boolean;
  node?: string;
}

function filterFrom(o: FilterOptions): AuditFilter {
  return {
    ...(o.from ? { from: o.from } : {}),
    ...(o.to ? { to: o.to } : {}),
    ...(o.requester ? { requester: o.requester } : {}),
    ...(o.onBehalfOf ? { onBehalfOf: o.onBehalfOf } : {}),
    ...(o.purpose ? { purpose: o.purpose } : {}),
    ...(o.dataset ? { dataset: o.dataset } : {}),
    ...(o.decision ? { decision: o.decision } : {}),
    ...(o.requestId ? { requestId: o.requestId } : {}),
    ...(o.record ? { recordId: o.record } : {}),
    ...(o.limit ? { limit: Number(o.limit) } : {}),
    ...(o.cursor ? { cursor: o.cursor } : {}),
    ...(o.oldestFirst ? { order: 'oldest-first' as const } : {}),
  };
}

function withFilterOptions(cmd: Command): Command {
  return cmd
    .option('--from <time>', 'entries at or after this ISO 8601 time')
    .option('--to <time>', 'entries before this ISO 8601 time')
    .option('--requester <participant>', 'who asked')
    .option('--on-behalf-of <participant>', 'whom a delegate acted for')
    .option('--purpose <purpose>', Object.keys(purposes).join(' | '))
    .option('--dataset <dataset>', 'e.g. persons, shelters')
    .option('--decision <decision>', 'allow | deny')
    .option('--request-id <id>', 'one request')
    .option('--record <id>', 'entries that list this record id')
    .option('--node <node>', NODE_OPTION);
}

/** `--node` of the commands that read a node's own log or outbox (src/cli/node-access.ts). */
export const NODE_OPTION = 'a running node, by its demo key (nanao), participant id or URL (then TSUNAGU_OPERATOR_TOKEN): read through its operator API';
const NODE_OPTION_VERIFY = `${NODE_OPTION}; with a file: whose checkpoints to ask keepers for (default: the export's node)`;

/**
 * Public keys to verify checkpoints with: `kid:key` options; else, for `--node` naming a demo node, that participant's
 * demo key file; else this node's own key file.
 */
async function verificationKeys(ctx: CliContext, given: string[], node?: string): Promise<AuditPublicKey[]> {
  const demo = node === undefined ? undefined : demoParticipant(node);
  if (given.length === 0 && demo) {
    const loaded = await loadDemoSigner(demoRootFromEnv(ctx.env), demo);
    if (!loaded.ok) throw new CliConfigError(message(loaded.problem.code, loaded.problem.params, ctx.lang));
    return [{ kid: loaded.signer.kid, publicKey: loaded.signer.publicKey }];
  }
  if (given.length > 0) {
    return given.map((g) => {
      const i = g.lastIndexOf(':');
      if (i <= 0) throw new CliConfigError(ctx.lang === 'ja' ? `--public-key は「鍵ID:公開鍵」の形式です: ${g}` : `--public-key must be "kid:publicKey": ${g}`);
      return { kid: g.slice(0, i), publicKey: g.slice(i + 1) };
    });
  }
  const signer = await nodeSigner(ctx, nodeIdentityFromEnv(ctx.env).participantId, { create: false });
  return [{ kid: signer.kid, publicKey: signer.publicKey }];
}

export function registerAuditCommand(program: Command, ctxFor: () => CliContext): void {
  const audit = program.command('audit').description('監査ログ / the audit log');

  audit
    .command('verify')
    .description('監査ログの改ざんを検査 / verify the hash chain and signatures')
    .argument('[file]', 'an exported log (JSON Lines); default: this node\'s log')
    .option('--public-key <kid:key...>', 'the signing node\'s public key(s); default: this node\'s key file', [])
    .option('--expected-head <seq:hash...>', 'a head written down earlier that the log must still contain', [])
    .option('--keeper <participant...>', 'ask these keepers (default: the trust anchor and TSUNAGU_AUDIT_KEEPERS)', [])
    .option('--no-keepers', 'do not ask keepers for the checkpoints they hold')
    .option('--node <node>', NODE_OPTION_VERIFY)
    .addHelpText('after', () => `\n${message('AUDIT_VERIFY_EXIT_CODES', {}, ctxFor().lang)}`)
    .action(async (file: string | undefined, options: { publicKey: string[]; expectedHead: string[]; keeper: string[]; keepers: boolean; node?: string }) => {
      const ctx = ctxFor();
      const anchored: AnchoredHead[] = [];
      for (const text of options.expectedHead) {
        const head = parseExpectedHead(text);
        if (!head) throw new CliConfigError(message('AUDIT_EXPECTED_HEAD_INVALID', { value: text }, ctx.lang));
        anchored.push(head);
      }
      // A running node's log is fetched through its operator API into a private temporary file and verified here,
      // exactly as an export would be: the node is not trusted to verify itself.
      let fetched: { dir: string; file: string } | undefined;
      if (!file && options.node !== undefined) {
        const access = await nodeAccess(ctx, options.node);
        const dir = await mkdtemp(path.join(tmpdir(), 'tsunagu-audit-'));
        fetched = { dir, file: path.join(dir, 'audit.jsonl') };
        await exportAuditThroughNode(ctx, access, fetched.file).catch(async (e: unknown) => {
          await rm(dir, { recursive: true, force: true });
          throw e;
        });
      }
      try {
        const source = file ?? fetched?.file;
        const publicKeys = await verificationKeys(ctx, options.publicKey, fetched ? options.node : undefined);
        const node = (fetched ? undefined : options.node) ?? (source ? await exportedNode(source) : undefined) ?? nodeIdentityFromEnv(ctx.env).participantId;
        const asked = options.keepers ? await askKeepers(ctx, node, options.keeper, 1) : undefined;
        for (const f of asked?.failures ?? []) ctx.io.err(message(f.code, f.params, ctx.lang));
        const conflicts = conflictLines(asked?.answers ?? [], ctx.lang);
        anchored.push(...anchoredHeadsOf(asked?.answers ?? []));
        let result;
        if (source) {
          result = await verifyAuditExport(createReadStream(source), { publicKeys, anchored });
        } else {
          const store = await openStoreFromEnv(ctx);
          try {
            result = await store.audit.verify(publicKeys, { anchored });
          } finally {
            await store.close();
          }
        }
        const ok = result.ok && conflicts.length === 0;
        for (const line of formatAuditVerification(result, ctx.lang, anchored.length)) (ok ? ctx.io.out : ctx.io.err)(line);
        for (const line of conflicts) ctx.io.err(line);
        // Asked keepers that all failed leave the tail unvouched for: not a finding, but not "intact" either.
        const unanchored = anchored.length === 0 && (asked?.asked.length ?? 0) > 0;
        ctx.setExitCode(!ok ? AUDIT_VERIFY_EXIT.findings : unanchored ? AUDIT_VERIFY_EXIT.notAnchored : AUDIT_VERIFY_EXIT.intact);
      } finally {
        if (fetched) await rm(fetched.dir, { recursive: true, force: true });
      }
    });

  audit
    .command('anchors')
    .description('保管先が保持するこのノードのチェックポイント / the checkpoints keepers hold of this node')
    .option('--keeper <participant...>', 'ask these keepers (default: the trust anchor and TSUNAGU_AUDIT_KEEPERS)', [])
    .option('--node <participant>', 'another node (for the trust anchor and auditors)')
    .option('--limit <n>', 'checkpoints per keeper (1–1000)', '10')
    .option('--json', 'the keepers\' answers as JSON, one per line')
    .action(async (options: { keeper: string[]; node?: string; limit: string; json?: boolean }) => {
      const ctx = ctxFor();
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new CliConfigError(ctx.lang === 'ja' ? `--limit は 1〜1000 です: ${options.limit}` : `--limit must be 1–1000: ${options.limit}`);
      const node = options.node ?? nodeIdentityFromEnv(ctx.env).participantId;
      const asked = await askKeepers(ctx, node, options.keeper, limit);
      for (const f of asked.failures) ctx.io.err(message(f.code, f.params, ctx.lang));
      if (asked.asked.length === 0) {
        ctx.io.err(message('AUDIT_VERIFY_NOT_ANCHORED', {}, ctx.lang));
        ctx.setExitCode(AUDIT_VERIFY_EXIT.notAnchored);
        return;
      }
      for (const a of asked.answers) {
        if (options.json) {
          ctx.io.out(JSON.stringify(a));
          continue;
        }
        for (const c of a.checkpoints) ctx.io.out([a.keeper, `#${c.checkpoint.seq}`, c.checkpoint.hash, localIso(c.checkpoint.time), localIso(c.receivedAt)].join('\t'));
      }
      if (!options.json) for (const line of conflictLines(asked.answers, ctx.lang)) ctx.io.err(line);
      ctx.setExitCode(asked.answers.length > 0 ? 0 : AUDIT_VERIFY_EXIT.notAnchored);
    });

  withFilterOptions(
    audit
      .command('query')
      .description('誰が・いつ・何の目的でデータを使ったか / who used the data, when, for what')
      .option('--limit <n>', 'entries per page (1–1000, default 100)')
      .option('--cursor <cursor>', 'next page, as printed after the previous one')
      .option('--oldest-first', 'oldest entries first')
      .option('--json', 'one JSON entry per line'),
  ).action(async (options: FilterOptions) => {
    const ctx = ctxFor();
    const { audit: source, close } = await openAuditSource(ctx, options.node);
    try {
      const r = await source.query(filterFrom(options));
      if (!r.ok) {
        for (const p of r.problems) ctx.io.err(message(p.code, p.params, ctx.lang));
        ctx.setExitCode(2);
        return;
      }
      const label = (p: string) => (p in purposes ? purposes[p as Purpose][ctx.lang] : p);
      // A purpose outside the vocabulary is still a filter (refusals record what was stated), but most often a typo.
      const unknownPurpose = options.purpose !== undefined && !(options.purpose in purposes);
      if (unknownPurpose) ctx.io.err(message('AUDIT_QUERY_PURPOSE_UNKNOWN', { value: options.purpose, allowed: Object.keys(purposes).join(', ') }, ctx.lang));
      if (r.page.entries.length === 0) {
        ctx.io.err(message('AUDIT_QUERY_EMPTY', {}, ctx.lang));
        if (unknownPurpose) ctx.setExitCode(2);
        return;
      }
      for (const e of r.page.entries) {
        if (options.json) ctx.io.out(JSON.stringify(e));
        else {
          const who = e.onBehalfOf ? `${e.requester} → ${e.onBehalfOf}` : e.requester;
          ctx.io.out([`#${e.seq}`, localIso(e.time), who, label(e.purpose), e.dataset, e.decision, e.recordCount, (e.fields ?? []).join(',')].join('\t'));
        }
      }
      if (r.page.nextCursor) ctx.io.out(ctx.lang === 'ja' ? `続き: --cursor ${r.page.nextCursor}` : `more: --cursor ${r.page.nextCursor}`);
    } finally {
      await close();
    }
  });

  withFilterOptions(audit.command('summary').description('利用者・目的・判定ごとの集計 / counts per requester, purpose and decision')).action(
    async (options: FilterOptions) => {
      const ctx = ctxFor();
      const { audit: source, close } = await openAuditSource(ctx, options.node);
      try {
        const r = await source.summarize(filterFrom(options));
        if (!r.ok) {
          for (const p of r.problems) ctx.io.err(message(p.code, p.params, ctx.lang));
          ctx.setExitCode(2);
          return;
        }
        for (const line of formatAuditSummary(r.summary, ctx.lang)) ctx.io.out(line);
      } finally {
        await close();
      }
    },
  );

  audit
    .command('export')
    .description('監査ログを JSON Lines で書き出す / export the log as JSON Lines for verification elsewhere')
    .requiredOption('--out <file>', 'output file')
    .option('--node <node>', NODE_OPTION)
    .action(async (options: { out: string; node?: string }) => {
      const ctx = ctxFor();
      if (options.node !== undefined) {
        await exportAuditThroughNode(ctx, await nodeAccess(ctx, options.node), options.out);
      } else {
        const store = await openStoreFromEnv(ctx);
        const out = createWriteStream(options.out, { flags: 'wx' });
        try {
          for await (const chunk of store.audit.export()) if (!out.write(chunk)) await once(out, 'drain');
        } finally {
          out.end();
          await once(out, 'close');
          await store.close();
        }
      }
      ctx.io.out(ctx.lang === 'ja' ? `${options.out} に書き出しました` : `Wrote ${options.out}`);
    });
}
