// `tsunagu declare`: with --node, issue a declaration through any running node (its key, its audit log, its peers:
// src/cli/declare-through-node.ts); without it, in the demo federation (the national agency's demo key by default),
// saved and delivered to the running demo nodes.
import type { Command } from 'commander';
import { message } from '../i18n/index.ts';
import { deliverDeclaration, parseExpires, prepareDeclaration } from '../demo/declare.ts';
import { hazards, type Hazard, type Phase } from '../model/codes.ts';
import { declareThroughNode } from './declare-through-node.ts';
import { nodeAccess } from './node-access.ts';
import type { CliContext } from './context.ts';
import { demoRootFromEnv } from './start-command.ts';

interface DeclareOptions {
  hazard: string;
  phase: string;
  area: string;
  expires?: string;
  to?: string;
  as?: string;
  node?: string;
  titleJa?: string;
  titleEn?: string;
}

/** Through a node's operator API; the token is the node's operator token (TSUNAGU_OPERATOR_TOKEN). */
async function declareAtNode(ctx: CliContext, node: string, options: DeclareOptions): Promise<void> {
  const fail = (code: Parameters<typeof message>[0], params: Parameters<typeof message>[1]) => {
    ctx.io.err(`tsunagu: ${message(code, params, ctx.lang)}`);
    ctx.setExitCode(2);
  };
  // A URL needs the node's token; a demo key or participant id finds it in the demo's operator-access file, as the
  // other --node commands do.
  if (/^https?:\/\//i.test(node) && !ctx.env.TSUNAGU_OPERATOR_TOKEN?.trim()) return fail('OPERATOR_DECLARE_CLI_TOKEN_REQUIRED', { node });
  const { url, token } = await nodeAccess(ctx, node);
  if (options.as !== undefined || (options.to !== undefined && options.to !== 'all')) return fail('OPERATOR_DECLARE_CLI_NODE_OPTIONS', {});
  const seconds = parseExpires(options.expires ?? '72h');
  if (seconds === undefined || seconds <= 0 || seconds % 3_600 !== 0) {
    return fail('DEMO_OPTION_INVALID', { option: 'expires', value: options.expires ?? '', allowed: '72h, 3d, PT72H' });
  }
  const areas = options.area.split(',').map((a) => a.trim()).filter((a) => a !== '');
  const label = hazards[options.hazard as Hazard] ?? { ja: options.hazard, en: options.hazard };
  const outcome = await declareThroughNode({
    nodeUrl: url,
    token,
    lang: ctx.lang,
    order: {
      // The node checks both against its vocabularies and answers in the reader's language when one is wrong.
      hazard: options.hazard as Hazard,
      phase: options.phase as Phase,
      areas,
      validHours: seconds / 3_600,
      title: { ja: options.titleJa ?? `${label.ja}（${areas.join('・')}）`, en: options.titleEn ?? `${label.en} (${areas.join(', ')})` },
    },
  });
  switch (outcome.kind) {
    case 'unreachable':
      ctx.io.err(message('DEMO_NODE_UNREACHABLE', { url: node, detail: outcome.detail }, ctx.lang));
      ctx.setExitCode(1);
      return;
    case 'refused':
      ctx.io.err(`tsunagu: ${outcome.detail} (${outcome.code}, HTTP ${outcome.status})`);
      ctx.setExitCode(outcome.status === 401 || outcome.status >= 500 ? 1 : 2);
      return;
    case 'issued': {
      const d = outcome.issued.declaration;
      ctx.io.out(message('OPERATOR_DECLARE_CLI_ISSUED', { id: d.id, node }, ctx.lang));
      for (const delivery of outcome.issued.deliveries) {
        const line = `  ${delivery.name[ctx.lang]} (${delivery.participantId}): ${delivery.outcome}${delivery.detail ? ` — ${delivery.detail}` : ''}`;
        if (delivery.outcome === 'accepted') ctx.io.out(line);
        else {
          ctx.io.err(line);
          ctx.setExitCode(1);
        }
      }
    }
  }
}

export function registerDeclareCommand(program: Command, ctxFor: () => CliContext): void {
  program
    .command('declare')
    .description('災害を宣言（--node: 稼働中のノードとして、なし: デモ） / issue a signed disaster declaration (--node: as a running node; without: in the demo)')
    .requiredOption('--hazard <hazard>', 'earthquake | tsunami | flood | …')
    .requiredOption('--phase <phase>', 'alert | emergency | recovery | closed')
    .requiredOption('--area <codes>', 'area codes, comma-separated (e.g. 172022,172049)')
    .option('--expires <duration>', 'how long it is in force: 72h, 3d, 90m or PT72H', '72h')
    .option('--to <targets>', "'all' demo nodes, or node URLs / participants, comma-separated", 'all')
    .option('--as <participant>', 'demo only: issuing participant (demo key), default national (jp-fdma)')
    .option('--node <node>', 'issue as this running node (its key, audit log and peers): a URL with TSUNAGU_OPERATOR_TOKEN, or a demo node (key or participant id)')
    .option('--title-ja <text>', 'with --node: the title in Japanese (default: hazard and areas)')
    .option('--title-en <text>', 'with --node: the title in English (default: hazard and areas)')
    .action(async (options: DeclareOptions) => {
      const ctx = ctxFor();
      if (options.node !== undefined) return declareAtNode(ctx, options.node, options);
      const prepared = await prepareDeclaration({
        root: demoRootFromEnv(ctx.env),
        hazard: options.hazard,
        phase: options.phase,
        areas: options.area,
        ...(options.expires !== undefined ? { expires: options.expires } : {}),
        ...(options.to !== undefined ? { to: options.to } : {}),
        ...(options.as !== undefined ? { as: options.as } : {}),
      });
      if (!prepared.ok) {
        ctx.io.err(`tsunagu: ${message(prepared.problem.code, prepared.problem.params, ctx.lang)}`);
        ctx.setExitCode(2);
        return;
      }
      const { signed, file, targets } = prepared.value;
      ctx.io.out(message('DEMO_DECLARATION_WRITTEN', { id: signed.payload.id, file }, ctx.lang));
      const outcomes = await Promise.all(targets.map((t) => deliverDeclaration(t, signed)));
      for (const o of outcomes) {
        switch (o.kind) {
          case 'accepted':
            ctx.io.out(message('DEMO_DECLARATION_DELIVERED', { url: o.url, status: o.status }, ctx.lang));
            break;
          case 'no-endpoint':
            ctx.io.out(message('DEMO_DECLARATION_NO_ENDPOINT', { url: o.url }, ctx.lang));
            break;
          case 'refused':
            ctx.io.err(message('DEMO_DECLARATION_REFUSED', { url: o.url, status: o.status, detail: o.detail }, ctx.lang));
            ctx.setExitCode(1);
            break;
          case 'unreachable':
            ctx.io.err(message('DEMO_NODE_UNREACHABLE', { url: o.url, detail: o.detail }, ctx.lang));
            ctx.setExitCode(1);
            break;
        }
      }
    });
}
