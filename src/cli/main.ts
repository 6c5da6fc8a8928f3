// The `tsunagu` command: one program, one sub-command per job. Returns the exit code instead of exiting so tests
// can drive it in-process.
import { Command, CommanderError } from 'commander';
import { processIo, resolveLang, type CliContext, type CliIo } from './context.ts';
import { langInArgv, speakLanguage } from './commander-language.ts';
import { registerAuditCommand } from './audit-command.ts';
import { registerOutboxCommand } from './outbox-command.ts';
import { registerDeclareCommand } from './declare-command.ts';
import { registerImportCommand } from './import-command.ts';
import { registerKeysCommand } from './keys-command.ts';
import { registerModelCommand } from './model-command.ts';
import { registerServeCommand } from './serve-command.ts';
import { registerScenarioCommand } from './scenario-command.ts';
import { registerStartCommand } from './start-command.ts';
import { registerTrustCommand } from './trust-command.ts';
import { registerJoinCommand } from './join-command.ts';
import { registerQueryCommand } from './query-command.ts';
import { registerLogisticsCommand } from './logistics-command.ts';
import { CliConfigError } from './store-from-env.ts';
import { message } from '../i18n/index.ts';
import { StoreError } from '../store/errors.ts';

export function buildProgram(
  io: CliIo,
  env: NodeJS.ProcessEnv,
  argv: readonly string[] = [],
): { program: Command; ctxFor: () => CliContext; exitCode: () => number } {
  let exitCode = 0;
  const program = new Command('tsunagu');
  // Help and commander's own errors may come before --lang is parsed, so the language is also read from argv.
  const argvLang = langInArgv(argv);
  program
    .description('Tsunagu — 防災データスペース / Tsunagu — disaster data space')
    .option('--lang <lang>', 'ja | en (default: from TSUNAGU_LANG or the locale; Japanese when unset)')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  speakLanguage(program, () => resolveLang(program.opts<{ lang?: string }>().lang ?? argvLang, env));
  const ctxFor = (): CliContext => ({
    lang: resolveLang(program.opts<{ lang?: string }>().lang, env),
    io,
    env,
    setExitCode: (code) => {
      exitCode = Math.max(exitCode, code);
    },
  });
  registerStartCommand(program, ctxFor);
  registerServeCommand(program, ctxFor);
  registerImportCommand(program, ctxFor);
  registerModelCommand(program, ctxFor);
  registerKeysCommand(program, ctxFor);
  registerAuditCommand(program, ctxFor);
  registerOutboxCommand(program, ctxFor);
  registerDeclareCommand(program, ctxFor);
  registerScenarioCommand(program, ctxFor);
  registerTrustCommand(program, ctxFor);
  registerJoinCommand(program, ctxFor);
  registerQueryCommand(program, ctxFor);
  registerLogisticsCommand(program, ctxFor);
  return { program, ctxFor, exitCode: () => exitCode };
}

export async function main(argv: string[], io: CliIo = processIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { program, exitCode } = buildProgram(io, env, argv);
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    const lang = resolveLang(program.opts<{ lang?: string }>().lang, env);
    if (e instanceof StoreError) {
      io.err(`tsunagu: ${message(e.code, e.params, lang)}`);
      return 2;
    }
    io.err(`tsunagu: ${(e as Error).message}`);
    return e instanceof CliConfigError ? 2 : 1;
  }
  return exitCode();
}
