// A seventh organisation joins the running demo with the CLI alone: examples/join/add-anamizu.sh adds 穴水町 through the
// anchor (online request, a person's approval, credential), starts its node with `tsunagu serve`, and a signed query from
// it is answered by Nanao's node. After `tsunagu trust revoke`, every node refuses its next request within a minute, and
// the town's own node shows each node's signed reason. The demo, once restarted, still lists the town.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoFederation, type DemoFederation } from '../../src/demo/federation.ts';
import { freePorts } from '../../src/node/free-ports.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ANAMIZU = 'jp-174611-anamizu-town';

function run(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repo, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, out, err });
    });
  });
}

const tsunagu = (args: string[], env: NodeJS.ProcessEnv = {}) => run(process.execPath, [path.join(repo, 'bin', 'tsunagu.mjs'), ...args], { TSUNAGU_LANG: 'en', ...env }, 120_000);

let root: string;
let work: string;
let federation: DemoFederation | undefined;
let port: number;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'tsunagu-join-demo-'));
  work = await mkdtemp(path.join(os.tmpdir(), 'tsunagu-join-anamizu-'));
  port = (await freePorts('127.0.0.1', 1))[0]!;
  federation = await startDemoFederation({ root, basePort: 0, logLevel: 'silent' });
}, 600_000);

afterAll(async () => {
  const pid = await readFile(path.join(work, 'serve.pid'), 'utf8').then((t) => Number(t.trim()), () => undefined);
  if (pid) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
    await new Promise((r) => setTimeout(r, 3000));
  }
  await federation?.close();
  await rm(root, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
}, 120_000);

describe('joining the running demo from the command line', () => {
  it('adds 穴水町 with the example script, and a signed query from its node is answered by Nanao', async () => {
    const fed = federation!;
    const anchorUrl = `${fed.nodes.find((n) => n.participant.key === 'national')!.url}/`;
    const r = await run('bash', [path.join(repo, 'examples', 'join', 'add-anamizu.sh')], {
      TSUNAGU: `${process.execPath} ${path.join(repo, 'bin', 'tsunagu.mjs')}`,
      TSUNAGU_LANG: 'en',
      DEMO_DIR: root,
      ANCHOR_URL: anchorUrl,
      ANAMIZU_DIR: work,
      ANAMIZU_PORT: String(port),
      WAIT_SECONDS: '120',
    }, 900_000);
    expect(r.code, `${r.out}\n${r.err}`).toBe(0);
    expect(r.out).toContain('received; it waits for a person at the anchor');
    expect(r.out).toMatch(/jp-172022-nanao-city: [1-5] records answered \(signature verified\)/);
    // The town's node says which list it holds and how old it is.
    const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as { trustLists: { anchorId: string; version: number; ageSeconds: number; stale: boolean }[] };
    expect(health.trustLists[0]).toMatchObject({ anchorId: 'jp-fdma', stale: false });
    expect(health.trustLists[0]!.ageSeconds).toBeGreaterThanOrEqual(0);
    // On demand too: the node fetches the anchor's list now and says which version it holds.
    const token = (await readFile(path.join(work, 'operator-token'), 'utf8')).trim();
    const fetched = await tsunagu(['trust', 'fetch', '--node-url', `http://127.0.0.1:${port}/`], { TSUNAGU_OPERATOR_TOKEN: token });
    expect(fetched.code, fetched.err).toBe(0);
    expect(fetched.out).toMatch(/^jp-fdma {2}jp-tsunagu-demo-trust-list {2}v\d+ {2}issuedAt \S+ {2}age \d+s/m);
  }, 900_000);

  it('after a revocation, every node refuses the town\'s next request within a minute, with its own signed reason', async () => {
    const fed = federation!;
    const revoked = await tsunagu(['trust', 'revoke', ANAMIZU, '--dir', path.join(root, 'anchor')]);
    expect(revoked.code, revoked.err).toBe(0);
    const at = Date.now();
    const token = (await readFile(path.join(work, 'operator-token'), 'utf8')).trim();
    const pending = new Set(fed.nodes.map((n) => n.participant.id));
    const reasons = new Map<string, string>();
    while (pending.size > 0 && Date.now() - at < 60_000) {
      for (const id of [...pending]) {
        const q = await tsunagu(['query', '--node-url', `http://127.0.0.1:${port}/`, '--to', id, '--dataset', 'shelters', '--purpose', 'evacuation-support', '--limit', '1'], { TSUNAGU_OPERATOR_TOKEN: token });
        if (q.code !== 0 && q.err.includes('TRUST_PARTICIPANT_REVOKED')) {
          pending.delete(id);
          reasons.set(id, q.err);
        }
      }
      if (pending.size > 0) await new Promise((r) => setTimeout(r, 2000));
    }
    expect([...pending], 'nodes still answering after a minute').toEqual([]);
    for (const [id, text] of reasons) {
      expect(text).toContain(`${id} refused the request (its signature verified)`);
      expect(text).not.toContain('FEDERATION_RESPONSE_UNSIGNED');
    }
  }, 300_000);

  it('keeps the town in the list when the demo starts again', async () => {
    await federation!.close();
    federation = await startDemoFederation({ root, basePort: 0, logLevel: 'silent' });
    const entry = federation.trust.trustList.payload.entries.find((e) => e.participant.id === ANAMIZU);
    expect(entry).toMatchObject({ status: 'revoked', participant: { name: { ja: '穴水町' }, jurisdiction: ['174611'] } });
  }, 600_000);
});
