// Cross-border trust from the command line: a Japanese anchor and an ASEAN coordinator each run `tsunagu trust`; a
// Philippine disaster agency listed by the coordinator asks a Japanese node. Until the Japanese anchor recognises the
// coordinator (for PH only) the node refuses, with its own signed reason; once recognised, and the node has fetched the
// lists on demand, the same kind of signed query is answered. Refusals of a bad join request are audited and change nothing.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { createFederationClient } from '../../src/federation/client.ts';
import { createMemoryReplayGuard } from '../../src/node/request-verification/replay-guard.ts';
import { createLiveTrust, type LiveTrust } from '../../src/node/live-trust.ts';
import { builtInPolicies } from '../../src/node/node-policies.ts';
import { trustListRoutes } from '../../src/node/routes/trust-list.ts';
import { buildNodeServer } from '../../src/node/server.ts';
import { openAnchor } from '../../src/node/anchor-operations.ts';
import type { Store } from '../../src/store/types.ts';
import { loadSigner } from '../../src/trust/key-file.ts';
import { heldTrust } from '../../src/trust/trust-list-update.ts';
import type { SignedCredential } from '../../src/trust/credential.ts';
import type { TrustConfig } from '../../src/trust/trust-registry.ts';
import { openTestStore } from '../node/support/test-node.ts';

const NANAO = 'jp-172022-nanao-city';
const PH = 'ph-ndrrmc';

async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'tsunagu', '--lang', 'en', ...args], { out: (l) => out.push(l), err: (l) => err.push(l), interactive: false }, env);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const json = async <T>(file: string) => JSON.parse(await readFile(file, 'utf8')) as T;

let dir: string;
const publishers: FastifyInstance[] = [];
let node: FastifyInstance | undefined;
let live: LiveTrust | undefined;
let store: Store | undefined;
let nodeUrl: string;

async function publisher(anchorDir: string): Promise<string> {
  const app = Fastify();
  await app.register(trustListRoutes, { anchorDir, auditLog: { append: async () => ({ ok: true, entries: [] }) as never } });
  publishers.push(app);
  return `${await app.listen({ host: '127.0.0.1', port: 0 })}/api/v1/trust-list`;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tsunagu-cross-border-'));
  const jp = path.join(dir, 'jp-anchor');
  const asean = path.join(dir, 'asean-anchor');
  const jpUrl = await publisher(jp);
  const aseanUrl = await publisher(asean);
  expect((await cli(['trust', 'init', '--dir', jp, '--id', 'jp-test-anchor', '--list-id', 'jp-test-list', '--name-ja', '試験アンカー', '--name-en', 'Test anchor', '--jurisdiction', 'JP', '--list-url', jpUrl])).code).toBe(0);
  expect(
    (await cli(['trust', 'init', '--dir', asean, '--id', 'asean-coordinator', '--list-id', 'asean-test-list', '--name-ja', 'ASEAN調整機関（試験）', '--name-en', 'ASEAN coordinator (test)', '--role', 'regional-coordinator', '--jurisdiction', 'PH,ID,VN', '--list-url', aseanUrl])).code,
  ).toBe(0);
  // Nanao joins the Japanese anchor; the Philippine agency joins the coordinator (P-code jurisdiction).
  const nanaoKey = path.join(dir, 'nanao-key.json');
  const phKey = path.join(dir, 'ph-key.json');
  const req = async (key: string, args: string[]) => cli(['join', 'request', ...args], { TSUNAGU_KEY_FILE: key });
  expect((await req(nanaoKey, ['--id', NANAO, '--anchor', 'jp-test-anchor', '--name-ja', '七尾市', '--name-en', 'Nanao City', '--role', 'municipality', '--jurisdiction', '172022', '--node-url', 'http://127.0.0.1:9/', '--out', path.join(dir, 'nanao-req.json')])).code).toBe(0);
  expect((await req(phKey, ['--id', PH, '--anchor', 'asean-coordinator', '--name-ja', 'フィリピン国家防災評議会（試験）', '--name-en', 'NDRRMC Philippines (test)', '--role', 'national-disaster-agency', '--jurisdiction', 'PH', '--node-url', 'http://127.0.0.1:9/', '--out', path.join(dir, 'ph-req.json')])).code).toBe(0);
  expect((await cli(['trust', 'add', '--dir', jp, '--request', path.join(dir, 'nanao-req.json')])).code).toBe(0);
  expect((await cli(['trust', 'add', '--dir', asean, '--request', path.join(dir, 'ph-req.json')])).code).toBe(0);
  expect((await cli(['trust', 'issue', PH, '--dir', asean, '--out', path.join(dir, 'ph-credential.json')])).code).toBe(0);
  // The coordinator recognises the Japanese anchor for JP, so the agency can check a Japanese node's signed answers.
  expect((await cli(['trust', 'recognise', '--dir', asean, '--config', path.join(jp, 'trust-config.json'), '--jurisdiction', 'JP'])).code).toBe(0);

  // Nanao's node, trusting only the Japanese anchor, keeping its list current from the anchor's URL.
  store = await openTestStore();
  const signer = await loadSigner(nanaoKey, NANAO);
  if (!signer.ok) throw new Error(signer.problem.code);
  const opened = await store.audit.open({ signer: signer.value });
  if (!opened.ok) throw new Error('audit');
  const config = await json<TrustConfig>(path.join(jp, 'trust-config.json'));
  live = createLiveTrust({ participantId: NANAO, held: heldTrust(config, [await json(path.join(jp, 'trust-list.json'))], new Date()), auditLog: opened.log });
  node = await buildNodeServer({
    store,
    participantId: NANAO,
    auditLog: opened.log,
    policies: builtInPolicies(NANAO),
    federation: { registry: live.registry, replayGuard: createMemoryReplayGuard(), signer: signer.value },
    trustLists: live.states,
  });
  nodeUrl = await node.listen({ host: '127.0.0.1', port: 0 });
}, 300_000);

afterAll(async () => {
  await live?.stop();
  await node?.close();
  for (const p of publishers) await p.close();
  await store?.close();
  await rm(dir, { recursive: true, force: true });
}, 60_000);

async function phQuery() {
  const asean = path.join(dir, 'asean-anchor');
  const config = await json<TrustConfig>(path.join(asean, 'trust-config.json'));
  const held = heldTrust(config, [await json(path.join(asean, 'trust-list.json')), await json(path.join(dir, 'jp-anchor', 'trust-list.json'))], new Date());
  const signer = await loadSigner(path.join(dir, 'ph-key.json'), PH);
  if (!signer.ok) throw new Error(signer.problem.code);
  const client = createFederationClient({ signer: signer.value, credential: await json<SignedCredential>(path.join(dir, 'ph-credential.json')), registry: held.build.registry });
  return client.query({ participantId: NANAO, url: nodeUrl }, 'shelters', { purpose: 'evacuation-support', limit: 3, lang: 'en' });
}

describe('cross-border recognition from the command line', () => {
  it("refuses the Philippine agency's signed query while its anchor is not recognised, and signs the refusal", async () => {
    const r = await phQuery();
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.status).toBe(401);
    const body = r.body as { code: string; reasons: { code: string; message: string }[] };
    expect(body.code).toBe('FEDERATION_CREDENTIAL_INVALID');
    expect(body.reasons.map((x) => x.code)).toContain('TRUST_ANCHOR_UNKNOWN');
  }, 60_000);

  it('answers it once the Japanese anchor recognises the coordinator for PH and the node has fetched the lists', async () => {
    const jp = path.join(dir, 'jp-anchor');
    const recognised = await cli(['trust', 'recognise', '--dir', jp, '--config', path.join(dir, 'asean-anchor', 'trust-config.json'), '--jurisdiction', 'PH']);
    expect(recognised.code, recognised.err).toBe(0);
    await live!.refresh();
    const states = live!.states();
    expect(states.map((s) => [s.anchorId, s.via, s.version])).toEqual([
      ['jp-test-anchor', 'configuration', 3],
      ['asean-coordinator', 'recognition', 3],
    ]);
    const r = await phQuery();
    expect(r.ok && r.status).toBe(200);
    if (!r.ok) return;
    expect((r.body as { items: unknown[] }).items.length).toBeGreaterThan(0);
  }, 120_000);

  it('refuses a join request for an area the anchor does not cover, audits the refusal and publishes nothing', async () => {
    const jp = path.join(dir, 'jp-anchor');
    const before = await readFile(path.join(jp, 'trust-list.json'), 'utf8');
    const made = await cli(['join', 'request', '--id', 'ph-cebu-city', '--anchor', 'jp-test-anchor', '--name-ja', 'セブ市', '--name-en', 'Cebu City', '--role', 'municipality', '--jurisdiction', 'PH07', '--node-url', 'http://127.0.0.1:9/', '--out', path.join(dir, 'cebu-req.json')], { TSUNAGU_KEY_FILE: path.join(dir, 'cebu-key.json') });
    expect(made.code).toBe(0);
    const refused = await cli(['trust', 'add', '--dir', jp, '--request', path.join(dir, 'cebu-req.json')]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('payload.participant.jurisdiction');
    expect(refused.err).toContain('PH07');
    expect(await readFile(path.join(jp, 'trust-list.json'), 'utf8')).toBe(before);
    const opened = await openAnchor(jp);
    if (!opened.ok) throw new Error(opened.problem.code);
    try {
      const denied = await opened.session.store.audit.query({ decision: 'deny' });
      expect(denied.ok && denied.page.entries.map((e) => [e.action, e.recordIds?.[0], e.reasons[0]?.code])).toContainEqual(['admit', 'ph-cebu-city', 'JOIN_REQUEST_OUTSIDE_JURISDICTION']);
      expect((await opened.session.store.anchor.history(10)).map((v) => v.operation)).toEqual(['recognise', 'admit', 'init']);
    } finally {
      await opened.session.close();
    }
  }, 120_000);
});
