// `tsunagu trust …` as an anchor's operator uses it: every change a new signed version, every operation (refused ones
// too) in the anchor's audit log, refusals changing nothing; join requests sent online wait for a person's decision;
// the anchor's key rolls over with the old key still signing during the overlap.
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntryDraft } from '../../src/audit/index.ts';
import { main } from '../../src/cli/main.ts';
import { openAnchor } from '../../src/node/anchor-operations.ts';
import { trustListRoutes } from '../../src/node/routes/trust-list.ts';
import type { SignedTrustList } from '../../src/trust/trust-list.ts';
import { verifyTrustList } from '../../src/trust/trust-list.ts';
import type { TrustConfig } from '../../src/trust/trust-registry.ts';

async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'tsunagu', '--lang', 'en', ...args], { out: (l) => out.push(l), err: (l) => err.push(l), interactive: false }, env);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

let dir: string;
let anchor: string;
let app: FastifyInstance;
const audited: AuditEntryDraft[] = [];
const list = async () => JSON.parse(await readFile(path.join(anchor, 'trust-list.json'), 'utf8')) as SignedTrustList;

async function joinRequest(id: string, extra: string[] = [], keyName = `${id}-key.json`): Promise<string> {
  const out = path.join(dir, `${id}-${keyName}`);
  const r = await cli(
    ['join', 'request', '--id', id, '--anchor', 'jp-test-anchor', '--name-ja', '試験', '--name-en', 'Test', '--role', 'municipality', '--jurisdiction', '174611', '--node-url', 'http://127.0.0.1:9/', '--out', out, ...extra],
    { TSUNAGU_KEY_FILE: path.join(dir, keyName) },
  );
  expect(r.code, r.err).toBe(0);
  return out;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tsunagu-trust-cli-'));
  anchor = path.join(dir, 'anchor');
  const r = await cli(['trust', 'init', '--dir', anchor, '--id', 'jp-test-anchor', '--list-id', 'jp-test-list', '--name-ja', '試験アンカー', '--name-en', 'Test anchor', '--jurisdiction', '170003']);
  expect(r.code, r.err).toBe(0);
  app = Fastify();
  await app.register(trustListRoutes, { anchorDir: anchor, auditLog: { append: async (d) => (audited.push(...d), { ok: true, entries: [] }) as never } });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('tsunagu trust', () => {
  it('creates an anchor with its key readable by its owner only and an empty signed list, once', async () => {
    const keys = await readdir(path.join(anchor, 'keys'));
    expect(keys).toHaveLength(1);
    expect((await stat(path.join(anchor, 'keys', keys[0]!))).mode & 0o777).toBe(0o600);
    const config = JSON.parse(await readFile(path.join(anchor, 'trust-config.json'), 'utf8')) as TrustConfig;
    const l = await list();
    expect(l.payload).toMatchObject({ version: 1, entries: [] });
    expect(verifyTrustList(l, { trustListId: 'jp-test-list', anchorId: 'jp-test-anchor', keys: config.anchors[0]!.keys }, new Date()).ok).toBe(true);
    const again = await cli(['trust', 'init', '--dir', anchor, '--id', 'jp-test-anchor', '--list-id', 'x', '--name-ja', 'x', '--name-en', 'x', '--jurisdiction', 'JP']);
    expect(again.code).toBe(1);
    expect(again.err).toContain('already');
  }, 60_000);

  it('takes a request sent online as pending, refuses a bad one naming the field, and admits only on approval', async () => {
    const file = await joinRequest('jp-174611-anamizu-town');
    const body = JSON.parse(await readFile(file, 'utf8')) as { payload: { participant: { jurisdiction: string[] } } };
    // Anamizu (174611) is in Ishikawa, which this anchor (170003) covers; a request for Wajima's node URL in another prefecture is not.
    const accepted = await app.inject({ method: 'POST', url: '/api/v1/join-requests', payload: body });
    expect(accepted.statusCode).toBe(202);
    expect(accepted.json()).toMatchObject({ status: 'pending', participant: 'jp-174611-anamizu-town' });
    const outside = structuredClone(body);
    outside.payload.participant.jurisdiction = ['131016'];
    const refused = await app.inject({ method: 'POST', url: '/api/v1/join-requests', payload: outside, headers: { 'accept-language': 'en' } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors.map((e: { path: string }) => e.path)).toContain('proof.signature');
    expect(audited.map((d) => d.decision)).toEqual(['allow', 'deny']);
    expect((await list()).payload.version).toBe(1);

    const listed = await cli(['trust', 'requests', 'list', '--dir', anchor]);
    expect(listed.out).toMatch(/#1 {2}pending .*jp-174611-anamizu-town .*174611/);
    expect((await list()).payload.entries).toEqual([]);
    const approved = await cli(['trust', 'requests', 'approve', 'jp-174611-anamizu-town', '--dir', anchor]);
    expect(approved.code, approved.err).toBe(0);
    expect((await list()).payload).toMatchObject({ version: 2, entries: [{ participant: { id: 'jp-174611-anamizu-town' }, status: 'active' }] });
    expect((await cli(['trust', 'requests', 'approve', 'jp-174611-anamizu-town', '--dir', anchor])).code).toBe(1);
  }, 180_000);

  it('refuses a taken id and a malformed request, audits both, and publishes nothing', async () => {
    const again = await joinRequest('jp-174611-anamizu-town', ['--days', '2']);
    const taken = await cli(['trust', 'add', '--dir', anchor, '--request', again]);
    expect(taken.code).toBe(1);
    expect(taken.err).toContain('payload.participant.id');
    expect(taken.err).toContain('already taken');
    const broken = await cli(['trust', 'add', '--dir', anchor, '--request', path.join(anchor, 'trust-config.json')]);
    expect(broken.code).toBe(1);
    expect((await list()).payload.version).toBe(2);
  }, 120_000);

  it('suspends, reinstates and revokes for good, each a new version, and issues no credential to a revoked participant', async () => {
    const id = 'jp-174611-anamizu-town';
    for (const [cmd, status] of [['suspend', 'suspended'], ['reinstate', 'active'], ['revoke', 'revoked']] as const) {
      const r = await cli(['trust', cmd, id, '--dir', anchor]);
      expect(r.code, r.err).toBe(0);
      expect((await list()).payload.entries[0]!.status).toBe(status);
    }
    expect((await cli(['trust', 'reinstate', id, '--dir', anchor])).err).toContain('final');
    expect((await cli(['trust', 'issue', id, '--dir', anchor])).code).toBe(1);
    const history = await cli(['trust', 'history', '--dir', anchor]);
    expect(history.out.split('\n').map((l) => l.split(/\s+/)[2])).toEqual(['revoke', 'reinstate', 'suspend', 'admit', 'init']);
  }, 180_000);

  it("rolls a participant's key over from its new join request, the old key valid until the overlap ends", async () => {
    const id = 'jp-172049-wajima-city';
    expect((await cli(['trust', 'add', '--dir', anchor, '--request', await joinRequest(id)])).code).toBe(0);
    const oldKey = (await list()).payload.entries.find((e) => e.participant.id === id)!.participant.keys[0]!;
    // Signed with the new key alone, the change could come from anyone: refused.
    const unproven = await joinRequest(id, [], 'wajima-key-2.json');
    const refused = await cli(['trust', 'update', '--dir', anchor, '--request', unproven]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('proof.kid');
    const renewed = path.join(dir, 'wajima-renewed.json');
    await joinRequest(id, ['--signing-key-file', path.join(dir, `${id}-key.json`), '--out', renewed], 'wajima-key-2.json');
    const r = await cli(['trust', 'update', '--dir', anchor, '--request', renewed, '--overlap-days', '2']);
    expect(r.code, r.err).toBe(0);
    const keys = (await list()).payload.entries.find((e) => e.participant.id === id)!.participant.keys;
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatchObject({ kid: oldKey.kid, publicKey: oldKey.publicKey, validUntil: expect.any(String) });
    expect(Date.parse(keys[0]!.validUntil!) - Date.now()).toBeGreaterThan(86_400_000);
    expect(keys[1]!.publicKey).not.toBe(oldKey.publicKey);
  }, 120_000);

  it("rolls the anchor's key over: the new key is announced in a list still signed with the old one", async () => {
    const before = await list();
    const r = await cli(['trust', 'rotate-key', '--dir', anchor, '--overlap-days', '3']);
    expect(r.code, r.err).toBe(0);
    const after = await list();
    expect(after.payload.anchor.keys).toHaveLength(2);
    expect(after.proof.kid).toBe(before.proof.kid);
    expect(after.payload.anchor.keys[0]!.validUntil).toBeDefined();
    // A node pinning only the old key verifies it, and so learns the new one.
    expect(verifyTrustList(after, { trustListId: 'jp-test-list', anchorId: 'jp-test-anchor', keys: before.payload.anchor.keys }, new Date()).ok).toBe(true);
  }, 120_000);

  it('records every operation, allowed and refused, in the anchor\'s own audit log', async () => {
    const opened = await openAnchor(anchor);
    if (!opened.ok) throw new Error(opened.problem.code);
    try {
      const page = await opened.session.store.audit.query({ order: 'oldest-first', limit: 100 });
      if (!page.ok) throw new Error('query');
      expect(page.page.entries.map((e) => `${e.action}:${e.decision}`)).toEqual([
        'init:allow',
        'admit:allow',
        'admit:deny',
        'admit:deny',
        'suspend:allow',
        'reinstate:allow',
        'revoke:allow',
        'reinstate:deny',
        'issue-credential:deny',
        'admit:allow',
        'update:deny',
        'update:allow',
        'roll-anchor-key:allow',
      ]);
    } finally {
      await opened.session.close();
    }
  }, 60_000);
});
