// `tsunagu import <kind> <file…>`: parse files with the named importer and write them in one transaction.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { applyImport, type ImportSummary, type InputFile } from '../adapters/apply-import.ts';
import { capImporter } from '../adapters/cap/cap-importer.ts';
import { jmaImporter } from '../adapters/jma/jma-importer.ts';
import { gsiSheltersImporter } from '../adapters/gsi-shelters.ts';
import { nanaoOpenSheltersImporter } from '../adapters/nanao-open-shelters.ts';
import { createPersonCsvImporter, parsePersonMapping } from '../adapters/person-csv.ts';
import type { Importer, RowProblem } from '../adapters/types.ts';
import { message, type Lang } from '../i18n/index.ts';
import type { Store } from '../store/types.ts';
import type { CliContext } from './context.ts';
import { renderNotice, renderRowProblem } from './render-problems.ts';
import { nodeIdentityFromEnv } from './node-identity.ts';
import { nodeSigner } from './node-key.ts';
import { openStoreFromEnv } from './store-from-env.ts';

export const importKinds = ['gsi-shelters', 'nanao-open-shelters', 'persons', 'cap', 'jma'] as const;
export type ImportKind = (typeof importKinds)[number];

const IMPORTABLE_EXTENSIONS = new Set(['.json', '.geojson', '.csv', '.xml', '.cap', '.edxlde']);

/** Expand directories into the importable files inside them (sorted), keep files as given. */
async function expandInputs(inputs: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const input of inputs) {
    const s = await stat(input).catch(() => undefined);
    if (s?.isDirectory()) {
      const entries = await readdir(input, { recursive: true, withFileTypes: true });
      out.push(
        ...entries
          .filter((e) => e.isFile() && IMPORTABLE_EXTENSIONS.has(path.extname(e.name).toLowerCase()))
          .map((e) => path.join(e.parentPath, e.name))
          .sort(),
      );
    } else {
      out.push(input);
    }
  }
  return out;
}

async function readInputs(paths: readonly string[]): Promise<{ files: InputFile[]; problems: RowProblem[] }> {
  const files: InputFile[] = [];
  const problems: RowProblem[] = [];
  for (const p of paths) {
    try {
      files.push({ name: path.basename(p), bytes: new Uint8Array(await readFile(p)) });
    } catch (e) {
      const detail = (e as NodeJS.ErrnoException).code === 'ENOENT' ? `${p}: not found / 見つかりません` : String((e as Error).message);
      problems.push({ file: path.basename(p), code: 'FILE_NOT_READABLE', params: { detail } });
    }
  }
  return { files, problems };
}

export interface ImportCommandOptions {
  mapping?: string;
  partial?: boolean;
  dryRun?: boolean;
  allProblems?: boolean;
}

async function importerFor(kind: string, options: ImportCommandOptions): Promise<Importer | RowProblem[]> {
  switch (kind) {
    case 'gsi-shelters':
      return gsiSheltersImporter;
    case 'nanao-open-shelters':
      return nanaoOpenSheltersImporter;
    case 'cap':
      return capImporter;
    case 'jma':
      return jmaImporter;
    case 'persons': {
      if (!options.mapping) return [{ file: '-', code: 'IMPORT_MAPPING_REQUIRED', params: {} }];
      const { files, problems } = await readInputs([options.mapping]);
      if (problems.length > 0) return problems;
      const parsed = parsePersonMapping(files[0]!.bytes, files[0]!.name);
      return parsed.ok ? createPersonCsvImporter(parsed.mapping) : parsed.problems;
    }
    default:
      return [{ file: '-', code: 'IMPORT_UNKNOWN_KIND', params: { kind, kinds: importKinds.join(', ') } }];
  }
}

function printSummary(summary: ImportSummary, ctx: CliContext, allProblems: boolean): void {
  const { lang, io } = ctx;
  for (const f of summary.files) io.out(message('IMPORT_FILE_LINE', { ...f }, lang));
  for (const n of summary.notices) io.out(renderNotice(n, lang));
  const shown = allProblems ? summary.rejected : summary.rejected.slice(0, 50);
  for (const p of shown) io.err(renderRowProblem(p, lang));
  if (shown.length < summary.rejected.length) io.err(message('IMPORT_MORE_PROBLEMS', { count: summary.rejected.length - shown.length }, lang));
  io.out(
    message(
      'IMPORT_SUMMARY',
      { kind: summary.kind, rows: summary.rowsRead, created: summary.created, updated: summary.updated, unchanged: summary.unchanged, rejected: summary.rowsRejected },
      lang,
    ),
  );
}

function progressReporter(ctx: CliContext): { onProgress: (e: { phase: 'parse' | 'write'; done: number; total: number }) => void; stop: () => void } {
  if (!ctx.io.interactive) return { onProgress: () => {}, stop: () => {} };
  const label = (phase: 'parse' | 'write', lang: Lang) =>
    phase === 'parse' ? (lang === 'ja' ? '解析' : 'Parsing') : lang === 'ja' ? '保存' : 'Writing';
  const bar = new cliProgress.SingleBar(
    { format: ' {phase} [{bar}] {value}/{total}', stream: process.stderr, clearOnComplete: true, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let phase: 'parse' | 'write' | undefined;
  return {
    onProgress: (e) => {
      if (e.phase !== phase) {
        if (phase) bar.stop();
        phase = e.phase;
        bar.start(e.total, 0, { phase: label(e.phase, ctx.lang) });
      }
      bar.update(e.done);
    },
    stop: () => { if (phase) bar.stop(); },
  };
}

/** Run an import against an open store; returns the process exit code. */
export async function runImportCommand(
  store: Store,
  kind: string,
  inputs: readonly string[],
  options: ImportCommandOptions,
  ctx: CliContext,
): Promise<number> {
  const importer = await importerFor(kind, options);
  if (Array.isArray(importer)) {
    for (const p of importer) ctx.io.err(renderRowProblem(p, ctx.lang));
    return 2;
  }
  const { files, problems } = await readInputs(await expandInputs(inputs));
  if (problems.length > 0) {
    for (const p of problems) ctx.io.err(renderRowProblem(p, ctx.lang));
    return 2;
  }
  const identity = nodeIdentityFromEnv(ctx.env);
  // Every import that writes is recorded in this node's own audit log, signed with its key (made on first use).
  const opened = options.dryRun ? undefined : await store.audit.open({ signer: await nodeSigner(ctx, identity.participantId, { create: true }) });
  if (opened && !opened.ok) {
    for (const p of opened.problems) ctx.io.err(message(p.code, p.params, ctx.lang));
    return 2;
  }
  const progress = progressReporter(ctx);
  let summary: ImportSummary;
  try {
    summary = await applyImport(store, importer, files, { sourceNode: identity.participantId, now: new Date().toISOString() }, {
      partial: options.partial,
      dryRun: options.dryRun,
      onProgress: progress.onProgress,
      // The operator is named by the account id the command runs under, never by a name.
      ...(opened ? { audit: { log: opened.log, account: `uid:${process.getuid?.() ?? 'unknown'}` } } : {}),
    });
  } finally {
    progress.stop();
    await opened?.log.close();
  }
  printSummary(summary, ctx, options.allProblems ?? false);
  if (summary.unaudited !== undefined) ctx.io.err(message('IMPORT_AUDIT_UNAVAILABLE', { detail: summary.unaudited }, ctx.lang));
  if (options.dryRun) ctx.io.out(message('IMPORT_DRY_RUN', {}, ctx.lang));
  else if (!summary.applied && summary.rejected.length > 0) ctx.io.err(message('IMPORT_NOT_APPLIED', {}, ctx.lang));
  else if (summary.rejected.length > 0) ctx.io.out(message('IMPORT_PARTIAL_APPLIED', {}, ctx.lang));
  return summary.rejected.length > 0 || (summary.unaudited !== undefined && !summary.applied) ? 1 : 0;
}

export function registerImportCommand(program: Command, ctxFor: () => CliContext): void {
  program
    .command('import')
    .description('取り込み / import files: gsi-shelters, nanao-open-shelters, persons (--mapping), cap, jma')
    .argument('<kind>', importKinds.join(' | '))
    .argument('<files...>', 'files or directories')
    .option('--mapping <file>', 'column-mapping file for persons (docs/import-persons.md)')
    .option('--partial', 'save the valid rows even if some rows are rejected')
    .option('--dry-run', 'check the files without saving anything')
    .option('--all-problems', 'list every rejected row (default: first 50)')
    .action(async (kind: string, files: string[], options: ImportCommandOptions) => {
      const ctx = ctxFor();
      const store = await openStoreFromEnv(ctx);
      try {
        ctx.setExitCode(await runImportCommand(store, kind, files, options, ctx));
        // On PGlite nothing vacuums after a load; index-only area answers need it (store.maintain).
        await store.maintain();
      } finally {
        await store.close();
      }
    });
}
