// `tsunagu outbox` as an operator uses it: counts per peer and state, the dead letters with why they failed, and
// never a message's payload (it can hold personal data).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxSummary } from '../../src/cli/outbox-command.ts';
import { openStore } from '../../src/store/open-store.ts';
import { runCli } from './support/run-cli.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'tsunagu-outbox-cli-'));
const env = { TSUNAGU_DATA_DIR: dataDir, TSUNAGU_NODE_ID: 'jp-172022-nanao-city' };
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const run = (args: string[]) => runCli(args, env);

const SECRET = '輪島 太郎 090-0000-0000';

beforeAll(async () => {
  const store = await openStore({ backend: 'pglite', dataDir });
  try {
    const at = '2026-11-22T09:00:00+09:00';
    for (const [peer, key] of [['jp-172049-wajima-city', 'a'], ['jp-172049-wajima-city', 'b'], ['jp-170003-ishikawa-pref', 'c']] as const) {
      const r = await store.outbox.enqueue({ peer, peerUrl: 'http://127.0.0.1:9/', kind: 'safety-status-update', idempotencyKey: key, payload: { name: SECRET }, createdAt: at });
      expect(r.kind).toBe('queued');
    }
    // The prefecture's message is refused for good: a dead letter.
    const [claim] = await store.outbox.claimDue({ now: '2026-11-22T01:00:00Z', leaseUntil: '2026-11-22T01:01:00Z', limit: 1, peer: 'jp-170003-ishikawa-pref' });
    expect(claim).toBeDefined();
    expect(await store.outbox.markFailed({ seq: claim!.seq, attempts: claim!.attempts }, { at: '2026-11-22T01:00:01Z', code: 'OUTBOX_PEER_REFUSED', reason: 'HTTP 403' })).toBe(true);
  } finally {
    await store.close();
  }
});

describe('tsunagu outbox', () => {
  it('counts each peer’s messages per state', async () => {
    const r = await run(['outbox', 'summary', '--json']);
    expect(r.code).toBe(0);
    expect(r.out.map((l) => JSON.parse(l))).toEqual([
      { peer: 'jp-170003-ishikawa-pref', counts: { pending: 0, delivering: 0, delivered: 0, failed: 1 } },
      { peer: 'jp-172049-wajima-city', counts: { pending: 2, delivering: 0, delivered: 0, failed: 0 } },
    ]);
    const ja = await run(['outbox', 'summary']);
    expect(ja.out[1]).toBe('jp-172049-wajima-city: 送信待ち 2、送信中 0、配送済み 0、配送不能 0');
  });

  it('lists the dead letters with why they failed, and never a payload', async () => {
    const r = await run(['outbox', 'list', '--state', 'failed', '--json']);
    expect(r.code).toBe(0);
    expect(r.out).toHaveLength(1);
    expect(JSON.parse(r.out[0]!)).toMatchObject({ peer: 'jp-170003-ishikawa-pref', state: 'failed', attempts: 1, lastError: { code: 'OUTBOX_PEER_REFUSED', reason: 'HTTP 403' } });
    const all = await run(['outbox', 'list']);
    expect(all.out).toHaveLength(3);
    expect(JSON.stringify([r.out, all.out])).not.toContain('輪島');
    expect((await run(['outbox', 'list', '--peer', 'jp-172049-wajima-city', '--limit', '1'])).out).toHaveLength(1);
  });

  it('says so when nothing matches, and refuses an unknown state or a bad limit with exit code 2', async () => {
    expect((await run(['outbox', 'list', '--state', 'delivered'])).out).toEqual(['該当するメッセージはありません']);
    const bad = await run(['outbox', 'list', '--state', 'lost']);
    expect(bad.code).toBe(2);
    expect(bad.err.join('\n')).toContain('pending | delivering | delivered | failed');
    expect((await run(['outbox', 'list', '--limit', '0'])).code).toBe(2);
  });
});

describe('tsunagu outbox retry', () => {
  it('refuses a message that is not a dead letter, an unknown one, and neither or both of a number and --peer', async () => {
    const pending = await run(['outbox', 'retry', '1']);
    expect(pending.code).toBe(1);
    expect(pending.err.join('\n')).toContain('メッセージ 1 は「pending」なので再送しません');
    const unknown = await run(['--lang', 'en', 'outbox', 'retry', '99']);
    expect(unknown.code).toBe(1);
    expect(unknown.err.join('\n')).toContain('The outbox has no message 99');
    expect((await run(['outbox', 'retry'])).code).toBe(2);
    expect((await run(['outbox', 'retry', '3', '--peer', 'jp-170003-ishikawa-pref'])).code).toBe(2);
    expect((await run(['outbox', 'retry', 'three'])).code).toBe(2);
  });

  it('puts the dead letter back to pending, says so, and records who did it in the node’s audit log', async () => {
    const r = await run(['outbox', 'retry', '--peer', 'jp-170003-ishikawa-pref', '--json']);
    expect(r.code).toBe(0);
    expect(r.out.map((l) => JSON.parse(l))).toMatchObject([{ peer: 'jp-170003-ishikawa-pref', state: 'pending', attempts: 0 }]);
    expect(JSON.stringify(r.out)).not.toContain('輪島');
    const again = await run(['outbox', 'retry', '--peer', 'jp-170003-ishikawa-pref']);
    expect(again.code).toBe(1);
    expect(again.err.join('\n')).toContain('jp-170003-ishikawa-pref 宛ての配送不能（failed）のメッセージはありません');
    const audit = await run(['audit', 'query', '--json', '--purpose', 'outbox-retry']);
    const entries = audit.out.map((l) => JSON.parse(l) as { decision: string; requester: string; reasons: { code: string; params: { account?: string } }[] });
    // Newest first: the refusals of the test before, then this retry and its repeat.
    expect(entries.map((e) => [e.decision, e.reasons[0]!.code])).toEqual([
      ['deny', 'OUTBOX_RETRY_NONE_FAILED'],
      ['allow', 'OUTBOX_RETRY_QUEUED'],
      ['deny', 'OUTBOX_RETRY_UNKNOWN'],
      ['deny', 'OUTBOX_RETRY_NOT_FAILED'],
    ]);
    expect(entries[1]).toMatchObject({ requester: 'operator:local', reasons: [{ params: { account: expect.stringMatching(/^uid:/) } }] });
  });
});

describe('outboxSummary', () => {
  it('fills in the states a peer has no message in', () => {
    expect(outboxSummary([{ peer: 'p', state: 'failed', count: 2 }])).toEqual([{ peer: 'p', counts: { pending: 0, delivering: 0, delivered: 0, failed: 2 } }]);
  });
});
