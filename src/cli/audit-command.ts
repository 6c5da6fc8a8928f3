// `tsunagu audit verify|query|summary|export`: check the node's hash-chained audit log and let the data's owner see
// who used its data, when, and for what.
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Command } from 'commander';
import {
  formatAuditSummary,
  formatAuditVerification,
  verifyAuditExport,
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
import { openAuditSource } from './node-access.ts';

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

/** Public keys to verify checkpoints with: `kid:key` options, or this node's own key file. */
async function verificationKeys(ctx: CliContext, given: string[]): Promise<AuditPublicKey[]> {
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
    .action(async (file: string | undefined, options: { publicKey: string[] }) => {
      const ctx = ctxFor();
      const publicKeys = await verificationKeys(ctx, options.publicKey);
      let result;
      if (file) {
        result = await verifyAuditExport(createReadStream(file), { publicKeys });
      } else {
        const store = await openStoreFromEnv(ctx);
        try {
          result = await store.audit.verify(publicKeys);
        } finally {
          await store.close();
        }
      }
      for (const line of formatAuditVerification(result, ctx.lang)) (result.ok ? ctx.io.out : ctx.io.err)(line);
      ctx.setExitCode(result.ok ? 0 : 1);
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
    .action(async (options: { out: string }) => {
      const ctx = ctxFor();
      const store = await openStoreFromEnv(ctx);
      const out = createWriteStream(options.out, { flags: 'wx' });
      try {
        for await (const chunk of store.audit.export()) if (!out.write(chunk)) await once(out, 'drain');
      } finally {
        out.end();
        await once(out, 'close');
        await store.close();
      }
      ctx.io.out(ctx.lang === 'ja' ? `${options.out} に書き出しました` : `Wrote ${options.out}`);
    });
}
