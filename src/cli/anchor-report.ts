// How an anchor operation's outcome reads on the command line, in the reader's language.
import { message } from '../i18n/index.ts';
import type { Operated } from '../node/anchor-operations.ts';
import type { TrustProblem } from '../trust/verified.ts';
import type { CliContext } from './context.ts';

export function renderProblems(ctx: CliContext, problems: readonly TrustProblem[]): void {
  for (const p of problems) ctx.io.err(`  - ${p.field ? `${p.field}: ` : ''}${message(p.code, p.params, ctx.lang)}`);
}

/** Print the outcome of an operation in the reader's language; sets exit code 1 on refusal. */
export function report(ctx: CliContext, operation: string, outcome: Operated, file: string): void {
  if (!outcome.ok) {
    ctx.io.err(message('ANCHOR_OPERATION_REFUSED', { operation }, ctx.lang));
    renderProblems(ctx, outcome.problems);
    ctx.setExitCode(1);
    return;
  }
  const l = outcome.list.payload;
  ctx.io.out(message('ANCHOR_LIST_PUBLISHED', { trustList: l.id, version: l.version ?? 1, file, participants: l.entries.length, nextUpdate: l.nextUpdate }, ctx.lang));
}
