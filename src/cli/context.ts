// What every CLI command needs: the reader's language, where output goes, and the node's identity.
import { langFromEnv, parseLang, type Lang } from '../i18n/index.ts';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Whether stderr is an interactive terminal (progress bars are drawn only then). */
  interactive: boolean;
}

export interface CliContext {
  lang: Lang;
  io: CliIo;
  env: NodeJS.ProcessEnv;
  /** Record the command's exit code (0 when never called). Commands never call process.exit themselves. */
  setExitCode: (code: number) => void;
}

export function resolveLang(option: string | undefined, env: NodeJS.ProcessEnv): Lang {
  return parseLang(option) ?? langFromEnv(env);
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  interactive: Boolean(process.stderr.isTTY),
};
