// Run the CLI in-process as `npx tsunagu …` would, with the given environment, capturing what it prints.
import type { CliIo } from '../../../src/cli/context.ts';
import { main } from '../../../src/cli/main.ts';

export interface CliRun {
  code: number;
  out: string[];
  err: string[];
}

export async function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), interactive: false };
  const code = await main(['node', 'tsunagu', ...args], io, env);
  return { code, out, err };
}
