// `tsunagu model schema --out DIR`: write the common data model as JSON Schema files.
import type { Command } from 'commander';
import { writeJsonSchemas } from '../model/json-schema.ts';
import type { CliContext } from './context.ts';

export function registerModelCommand(program: Command, ctxFor: () => CliContext): void {
  const model = program.command('model').description('共通データモデル / the common data model');
  model
    .command('schema')
    .description('JSON Schema を書き出す / write the JSON Schemas')
    .requiredOption('--out <dir>', 'output directory')
    .action(async (options: { out: string }) => {
      const ctx = ctxFor();
      const written = await writeJsonSchemas(options.out);
      ctx.io.out(ctx.lang === 'ja' ? `${written.length} 個のスキーマを ${options.out} に書き出しました` : `Wrote ${written.length} schemas to ${options.out}`);
    });
}
