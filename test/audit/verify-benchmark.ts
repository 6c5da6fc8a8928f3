// Benchmark (not a test): how long verifying a 1,000,000-entry audit log takes on one core, from memory pages (the
// pure chain work), from an exported JSON Lines file, and from PGlite. Run: npx tsx test/audit/verify-benchmark.ts [n] [checkpointEvery] [small]
import { mkdtempSync, createWriteStream, createReadStream, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  auditJsonLines,
  EMPTY_CHAIN,
  sealEntries,
  signCheckpoint,
  verifyAuditChain,
  verifyAuditExport,
  type AuditLogItem,
  type ChainHead,
} from '../../src/audit/index.ts';
import { draft, NODE, publicKeys, signer } from './support/fixtures.ts';

const n = Number(process.argv[2] ?? 1_000_000);
const checkpointEvery = Number(process.argv[3] ?? 1000);
/** `small`: ~300-byte entries (few fields, one bare reason); otherwise ~500 bytes. */
const small = process.argv[4] === 'small';

function timed<T>(label: string, f: () => Promise<T>): Promise<T> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  return f().then((r) => {
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    console.log(`${label}: wall ${(wall / 1000).toFixed(2)} s, cpu ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s`);
    return r;
  });
}

// Build the log: realistic ~350-byte entries, a checkpoint every `checkpointEvery` entries.
const pages: AuditLogItem[][] = [];
let head: ChainHead = EMPTY_CHAIN;
let page: AuditLogItem[] = [];
const time = '2025-01-01T09:00:00.000Z';
let bytes = 0;
for (let i = 0; i < n; i++) {
  const d = small ? { ...draft(i), fields: ['location'], reasons: [{ code: 'POLICY_PERMITTED', params: {} }] } : draft(i);
  const r = sealEntries(head, NODE, [d], time);
  head = r.head;
  const s = r.sealed[0]!;
  bytes += s.body.length;
  page.push({ type: 'entry', seq: s.entry.seq, hash: s.entry.hash, body: s.body });
  if (s.entry.seq % checkpointEvery === 0 || i === n - 1) page.push({ type: 'checkpoint', checkpoint: signCheckpoint(signer, head, time) });
  if (page.length >= 10_000) {
    pages.push(page);
    page = [];
  }
}
if (page.length) pages.push(page);
console.log(`${n} entries, average ${(bytes / n).toFixed(0)} bytes, ${Math.ceil(n / checkpointEvery)} checkpoints`);

const fromMemory = await timed('verify from memory pages', () => verifyAuditChain(pages, { publicKeys, node: NODE }));
if (!fromMemory.ok) throw new Error('benchmark log did not verify');

const dir = mkdtempSync(path.join(tmpdir(), 'audit-bench-'));
const file = path.join(dir, 'audit.jsonl');
await timed('export to JSON Lines', async () => {
  const out = createWriteStream(file);
  const header = { type: 'header' as const, format: 'tsunagu-audit-log' as const, version: 1 as const, node: NODE, head, exportedAt: time };
  for await (const chunk of auditJsonLines(header, pages)) if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  await new Promise<void>((r) => out.end(() => r()));
});
pages.length = 0; // let the in-memory log go, so the file is verified as a fresh process would
const fromFile = await timed('verify from JSON Lines file (read + split + verify)', () =>
  verifyAuditExport(createReadStream(file), { publicKeys }),
);
if (!fromFile.ok) throw new Error('exported log did not verify');
rmSync(dir, { recursive: true });
