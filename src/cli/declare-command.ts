// `tsunagu declare`: issue a signed disaster declaration in the demo federation (the national agency's demo key by
// default), save it, and deliver it to the running demo nodes.
import type { Command } from 'commander';
import { message } from '../i18n/index.ts';
import { deliverDeclaration, prepareDeclaration } from '../demo/declare.ts';
import type { CliContext } from './context.ts';
import { demoRootFromEnv } from './start-command.ts';

interface DeclareOptions {
  hazard: string;
  phase: string;
  area: string;
  expires?: string;
  to?: string;
  as?: string;
}

export function registerDeclareCommand(program: Command, ctxFor: () => CliContext): void {
  program
    .command('declare')
    .description('デモで災害を宣言 / issue a signed disaster declaration to the demo nodes')
    .requiredOption('--hazard <hazard>', 'earthquake | tsunami | flood | …')
    .requiredOption('--phase <phase>', 'alert | emergency | recovery | closed')
    .requiredOption('--area <codes>', 'area codes, comma-separated (e.g. 172022,172049)')
    .option('--expires <duration>', 'how long it is in force: 72h, 3d, 90m or PT72H', '72h')
    .option('--to <targets>', "'all' demo nodes, or node URLs / participants, comma-separated", 'all')
    .option('--as <participant>', 'issuing participant (demo key), default national (jp-fdma)')
    .action(async (options: DeclareOptions) => {
      const ctx = ctxFor();
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
