// `tsunagu audit query|summary|export|verify` and `tsunagu outbox list|summary` with --node, against a running node that holds its
// own database: found by its demo key from the access file a demo node writes while it runs, or by URL with the
// operator token; the same answers as reading the database, and clear errors when the node is not there.
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeOperatorAccess } from '../../src/demo/operator-access.ts';
import { buildTestTrust } from '../../src/trust/test-fixtures.ts';
import { startOperatorNode, type OperatorNode } from '../node/support/operator-node.ts';
import { runCli } from './support/run-cli.ts';

const trust = buildTestTrust(new Date());
const NANAO = trust.participants.nanao.id;
let root = '';
let node: OperatorNode;
let url = '';
const env = () => ({ TSUNAGU_DATA_DIR: root });

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tsunagu-node-cli-'));
  node = await startOperatorNode(trust, 'nanao', []);
  ({ url } = node);
  const { app, store } = node;
  await mkdir(path.join(root, 'nodes', NANAO), { recursive: true });
  await writeOperatorAccess(root, { participantId: NANAO, url, token: node.token });
  // Something in the log (a refusal the node audits) and in the outbox.
  expect((await app.inject({ method: 'GET', url: '/operator/session' })).statusCode).toBe(401);
  const at = new Date().toISOString();
  await store.outbox.enqueue({ peer: trust.participants.wajima.id, peerUrl: 'http://127.0.0.1:9/', kind: 'declaration-request', idempotencyKey: 'k1', payload: { reason: '秘密の理由' }, createdAt: at });
}, 60_000);

afterAll(async () => {
  await node.close();
  await rm(root, { recursive: true, force: true });
});

describe('--node with a running node', () => {
  it('reads the audit log through the node by its demo key, as the database would answer', async () => {
    const r = await runCli(['--lang', 'en', 'audit', 'query', '--node', 'nanao', '--json'], env());
    expect(r.code).toBe(0);
    const entries = r.out.map((l) => JSON.parse(l) as { requester: string; decision: string; reasons: { code: string }[] });
    expect(entries.some((e) => e.decision === 'deny' && e.reasons[0]?.code === 'OPERATOR_TOKEN_REQUIRED')).toBe(true);
    const page = await node.store.audit.query({});
    expect(page.ok && page.page.entries.length).toBe(entries.length);
    const filtered = await runCli(['audit', 'query', '--node', NANAO, '--decision', 'allow', '--purpose', 'life-saving'], env());
    expect(filtered.err).toContain('条件に合う記録はありません');
    const summary = await runCli(['--lang', 'en', 'audit', 'summary', '--node', 'nanao'], env());
    expect(summary.code).toBe(0);
    expect(summary.out.join('\n')).toMatch(/operator:unauthenticated\toperator-console\tdenied\t1\t0/);
  });

  it('declares as the node found by its demo key, without a token in the environment', async () => {
    const r = await runCli(['--lang', 'en', 'declare', '--node', 'nanao', '--hazard', 'flood', '--phase', 'alert', '--area', '172022', '--expires', '24h'], env());
    expect(r.out[0]).toMatch(/^Declaration decl-jp-172022-nanao-city-\S+ was issued as the node at nanao\./);
    expect(node.book.all().some((v) => v.declaration.issuer === NANAO && v.declaration.hazard === 'flood')).toBe(true);
    // A demo key whose node is not running says so, with the file it looked for.
    const missing = await runCli(['--lang', 'en', 'declare', '--node', 'wajima', '--hazard', 'flood', '--phase', 'alert', '--area', '172049'], env());
    expect(missing.code).toBe(2);
    expect(missing.err.join('\n')).toMatch(/wajima/);
  });

  it('lists and counts the outbox through the node, never a payload', async () => {
    const list = await runCli(['outbox', 'list', '--node', 'nanao', '--json'], env());
    expect(list.code).toBe(0);
    expect(list.out.map((l) => JSON.parse(l))).toEqual([expect.objectContaining({ peer: trust.participants.wajima.id, kind: 'declaration-request', state: 'pending' })]);
    expect(list.out.join('')).not.toContain('秘密');
    const counts = await runCli(['outbox', 'summary', '--node', url, '--json'], { ...env(), TSUNAGU_OPERATOR_TOKEN: node.token });
    expect(counts.out.map((l) => JSON.parse(l))).toEqual([{ peer: trust.participants.wajima.id, counts: { pending: 1, delivering: 0, delivered: 0, failed: 0 } }]);
  });

  it('exports the whole audit log through the node to a private file, and the export is itself recorded', async () => {
    const out = path.join(root, 'nanao-audit.jsonl');
    const r = await runCli(['--lang', 'en', 'audit', 'export', '--node', 'nanao', '--out', out], env());
    expect(r.code).toBe(0);
    expect(r.out).toEqual([`Wrote ${out}`]);
    expect((await stat(out)).mode & 0o777).toBe(0o600);
    const lines = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { type?: string; node?: string });
    expect(lines[0]).toMatchObject({ type: 'header', node: NANAO });
    expect(lines.length).toBeGreaterThan(1);
    const recorded = await node.store.audit.query({ kind: 'admin' });
    expect(recorded.ok && recorded.page.entries.some((e) => e.action === 'audit-export' && e.requester === 'operator:console')).toBe(true);
    // Never over an existing file: an earlier export is not overwritten by a later one.
    const again = await runCli(['--lang', 'en', 'audit', 'export', '--node', 'nanao', '--out', out], env());
    expect(again.code).not.toBe(0);
  });

  it("verifies a running node's log here, with the node's key, and finds it broken under anyone else's key", async () => {
    const own = trust.signers.nanao;
    const intact = await runCli(['--lang', 'en', 'audit', 'verify', '--node', 'nanao', '--no-keepers', '--public-key', `${own.kid}:${own.publicKey}`], env());
    expect(intact.code).toBe(0);
    expect(intact.out.join('\n')).toContain('The audit log is intact');
    const other = trust.signers.wajima;
    const forged = await runCli(['--lang', 'en', 'audit', 'verify', '--node', url, '--no-keepers', '--public-key', `${other.kid}:${other.publicKey}`], { ...env(), TSUNAGU_OPERATOR_TOKEN: node.token });
    expect(forged.code).toBe(1);
    // A demo node without --public-key is verified with its demo key file; none here, and the message says which file.
    const noKey = await runCli(['--lang', 'en', 'audit', 'verify', '--node', 'nanao', '--no-keepers'], env());
    expect(noKey.code).toBe(2);
    expect(noKey.err.join('\n')).toContain(path.join(root, 'keys'));
    const refused = await runCli(['--lang', 'en', 'audit', 'verify', '--node', url, '--no-keepers'], { ...env(), TSUNAGU_OPERATOR_TOKEN: 'x'.repeat(32) });
    expect(refused.code).toBe(2);
    expect(refused.err.join('\n')).toMatch(/refused \(HTTP 401\)/);
  });

  it('says what to do when the node is not running, has no token, refuses the token or cannot be reached', async () => {
    const none = await runCli(['--lang', 'en', 'audit', 'query', '--node', 'wajima'], env());
    expect(none.code).toBe(2);
    expect(none.err.join('\n')).toContain('No record of a running node wajima');
    const ja = await runCli(['--lang', 'ja', 'outbox', 'list', '--node', 'wajima'], env());
    expect(ja.err.join('\n')).toContain('デモを起動する（npm start）');
    const noToken = await runCli(['--lang', 'en', 'outbox', 'list', '--node', url], env());
    expect(noToken.code).toBe(2);
    expect(noToken.err.join('\n')).toContain('TSUNAGU_OPERATOR_TOKEN');
    const wrong = await runCli(['--lang', 'en', 'audit', 'summary', '--node', url], { ...env(), TSUNAGU_OPERATOR_TOKEN: 'x'.repeat(32) });
    expect(wrong.code).toBe(2);
    expect(wrong.err.join('\n')).toMatch(/refused \(HTTP 401\)/);
    const down = await runCli(['--lang', 'en', 'audit', 'query', '--node', 'http://127.0.0.1:9/'], { ...env(), TSUNAGU_OPERATOR_TOKEN: node.token });
    expect(down.code).toBe(2);
    expect(down.err.join('\n')).toContain('cannot be reached');
  });
});
