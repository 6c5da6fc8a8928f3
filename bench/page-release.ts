// The provider's side of a paged read, as the people-at-risk list asks it (its fields, life-saving, a declaration in
// force): every page of the area decided, read, masked, audited and written as the answer's bytes. Tsunagu: the page
// released by the database (`AccessGate.releasePage`: the store writes the page's JSON with only the granted fields,
// sent unparsed). Baseline: the path every page took before, in the same process over the same store and log — the
// page read as records, masked one by one in memory (`AccessGate.release`) and serialised again.
import { AT_RISK_FIELDS } from '../src/apps/alerts/people.ts';
import { areaCode, type AreaCode } from '../src/model/index.ts';
import { createAccessGate, type AccessGate, type GatedRecord } from '../src/node/access-gate.ts';
import { nanaoPersonsPolicyDocument, parsePolicy } from '../src/policy/index.ts';
import { declaration, participants } from '../src/policy/test-fixtures.ts';
import { openStore } from '../src/store/open-store.ts';
import type { RecordQuery, Store } from '../src/store/types.ts';
import { createSigner } from '../src/trust/keys.ts';
import { testKeys } from '../src/trust/test-fixtures.ts';
import { percentile, sized, timed, type BenchContext, type BenchResult, type Benchmark } from './harness.ts';
import { syntheticPersonRecord } from './person-records.ts';
import { draftOf } from './spread-persons.ts';

const NANAO = areaCode('172022');
const PAGE = 1000;

interface Walk {
  pages: number;
  ids: string[];
  bytes: number;
  cpuMs: number;
}

function read(query: RecordQuery) {
  return {
    who: { requester: participants.ishikawaPref },
    purpose: { purpose: 'life-saving' as const, stated: true },
    dataset: 'persons',
    fields: AT_RISK_FIELDS.persons,
    areas: [NANAO as AreaCode],
    requestId: `bench-${Math.random().toString(36).slice(2)}`,
  };
}

/** Every page of the area through `page`, which answers one page's ids, cursor and body bytes. */
async function walk(page: (q: RecordQuery) => Promise<{ ids: readonly string[]; next?: string; body: Buffer }>): Promise<Walk> {
  const cpu = process.cpuUsage();
  const out: Walk = { pages: 0, ids: [], bytes: 0, cpuMs: 0 };
  let after: string | undefined;
  do {
    const r = await page({ type: 'person', areas: [NANAO], limit: PAGE, ...(after !== undefined ? { after } : {}) });
    out.pages += 1;
    out.ids.push(...r.ids);
    out.bytes += r.body.length;
    after = r.next;
  } while (after !== undefined);
  const used = process.cpuUsage(cpu);
  out.cpuMs = (used.user + used.system) / 1000;
  return out;
}

/** The page as the gate released it before: read as records, masked in memory, serialised. */
async function inMemory(gate: AccessGate, store: Store, q: RecordQuery) {
  const rows = (await store.query({ ...q, limit: PAGE + 1 })) as GatedRecord[];
  const release = await gate.release({ ...read(q), records: rows.slice(0, PAGE) });
  if (release.outcome !== 'released') throw new Error(`in memory: ${release.outcome}`);
  const next = rows.length > PAGE ? rows[PAGE - 1]!.id : undefined;
  return { ids: release.records.map((r) => r.id), ...(next ? { next } : {}), body: Buffer.from(JSON.stringify({ items: release.records, ...(next ? { next } : {}) }), 'utf8') };
}

/** The page as the database releases it, its text sent as it is. */
async function inStore(gate: AccessGate, store: Store, q: RecordQuery) {
  const release = await gate.releasePage({ ...read(q), source: { store, query: q } });
  if (release.outcome !== 'released') throw new Error(`in store: ${release.outcome}`);
  const { json, ids, next } = release.page;
  return { ids, ...(next ? { next } : {}), body: Buffer.from(`{"items":${json}${next ? `,"next":${JSON.stringify(next)}` : ''}}`, 'utf8') };
}

async function backendResult(ctx: BenchContext, backend: BenchContext['backends'][number], total: number, runs: number): Promise<BenchResult> {
  const store = await openStore(backend.config());
  try {
    const drafts = Array.from({ length: total }, (_, i) => draftOf(syntheticPersonRecord(i)));
    for (let s = 0; s < drafts.length; s += 5000) await store.upsert(drafts.slice(s, s + 5000));
    const opened = await store.audit.open({ signer: createSigner('jp-172022-nanao-city', testKeys('jp-172022-nanao-city')) });
    if (!opened.ok) throw new Error(JSON.stringify(opened.problems));
    const policy = parsePolicy(nanaoPersonsPolicyDocument);
    if (!policy.ok) throw new Error(JSON.stringify(policy.problems));
    const gate = createAccessGate({
      policies: [policy.value],
      auditLog: opened.log,
      declarations: () => [declaration('emergency', [NANAO], { expiresAt: new Date(Date.now() + 86_400_000).toISOString() })],
      dataAreas: [NANAO],
    });
    // Alternated, after one warm-up of each, so that both meet the same machine.
    await walk((q) => inMemory(gate, store, q));
    await walk((q) => inStore(gate, store, q));
    const before: { ms: number; w: Walk }[] = [];
    const now: { ms: number; w: Walk }[] = [];
    for (let i = 0; i < runs; i++) {
      const b = await timed(() => walk((q) => inMemory(gate, store, q)));
      before.push({ ms: b.ms, w: b.value });
      const n = await timed(() => walk((q) => inStore(gate, store, q)));
      now.push({ ms: n.ms, w: n.value });
    }
    const last = now[now.length - 1]!.w;
    const lastBefore = before[before.length - 1]!.w;
    if (last.ids.length !== total || last.ids.join() !== lastBefore.ids.join()) throw new Error(`released ids differ: ${last.ids.length} vs ${lastBefore.ids.length}`);
    await opened.log.close();
    const p50 = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);
    ctx.log(`${backend.name}: ${last.pages} pages, ${(last.bytes / 1e6).toFixed(1)} MB released (before ${(lastBefore.bytes / 1e6).toFixed(1)} MB)`);
    return {
      benchmark: 'page-release',
      backend: backend.name,
      size: total,
      tsunagu: { label: `every page of ${total.toLocaleString('en-US')} persons released by the database (decided, read, masked, audited, bytes), p50`, value: p50(now.map((r) => r.ms)), unit: 'ms' },
      baseline: { what: 'the same pages read as records, masked in memory and serialised (the path before), same process and log, p50', label: 'in memory', value: p50(before.map((r) => r.ms)), unit: 'ms' },
      ratio: p50(now.map((r) => r.ms)) / p50(before.map((r) => r.ms)),
      extra: [
        { label: 'CPU, released by the database, p50', value: p50(now.map((r) => r.w.cpuMs)), unit: 'ms' },
        { label: 'CPU, masked in memory, p50', value: p50(before.map((r) => r.w.cpuMs)), unit: 'ms' },
        { label: 'CPU per page of 1,000, released by the database', value: p50(now.map((r) => r.w.cpuMs)) / last.pages, unit: 'ms' },
        { label: 'CPU per page of 1,000, masked in memory', value: p50(before.map((r) => r.w.cpuMs)) / last.pages, unit: 'ms' },
      ],
    };
  } finally {
    await store.close();
  }
}

export const pageReleaseBenchmark: Benchmark = {
  name: 'page-release',
  description: "a provider's pages of persons released by the database vs read, masked in memory and serialised (the path before)",
  async run(ctx) {
    const total = sized(ctx.scale, { small: 5_000, medium: 20_000, large: 100_000 });
    const runs = sized(ctx.scale, { small: 5, medium: 3, large: 3 });
    const results: BenchResult[] = [];
    for (const backend of ctx.backends) results.push(await backendResult(ctx, backend, total, runs));
    return results;
  },
};
