// The checkpoints a keeper holds for other nodes, on every storage backend: judged and kept in one transaction, forks
// and rewinds kept as evidence, concurrent offers for one node judged one at a time.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signCheckpoint } from '../../src/audit/index.ts';
import type { Store } from '../../src/store/types.ts';
import { createSigner, generateKeyPair } from '../../src/trust/keys.ts';
import { backendRuns, backends, openTestStore, type BackendUnderTest } from './support/backends.ts';

const hash = (n: number) => n.toString(16).padStart(64, '0');
const at = '2026-03-11T05:46:00.000Z';

describe.each(backends())('held audit checkpoints on $name', (backend: BackendUnderTest) => {
  if (!backendRuns(backend)) return;
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore(backend);
  }, 60_000);
  afterAll(async () => {
    await store?.close();
  });

  /** A node of its own per test, so tests sharing a PostgreSQL database do not see each other's checkpoints. */
  const nodeSigner = () => createSigner(`jp-test-${randomUUID().slice(0, 8)}`, generateKeyPair('k1'));

  it('keeps new checkpoints, knows a repeat, and keeps a fork and a step back as evidence only', async () => {
    const s = nodeSigner();
    const cp = (seq: number, h = hash(seq)) => signCheckpoint(s, { seq, hash: h }, at);
    expect((await store.auditAnchors.keep(cp(5), at)).kind).toBe('new');
    expect((await store.auditAnchors.keep(cp(9), at)).kind).toBe('new');
    expect((await store.auditAnchors.keep(cp(9), at)).kind).toBe('duplicate');
    expect((await store.auditAnchors.keep(cp(9, hash(99)), at)).kind).toBe('fork');
    expect((await store.auditAnchors.keep(cp(7), at)).kind).toBe('backwards');
    expect((await store.auditAnchors.held(s.participantId, 10)).map((h) => h.checkpoint)).toEqual([cp(9), cp(5)]);
    const conflicts = await store.auditAnchors.conflicts(s.participantId, 10);
    expect(conflicts.map((c) => [c.kind, c.offered.seq, c.held.seq])).toEqual([['backwards', 7, 9], ['fork', 9, 9]]);
    expect(conflicts[1]!.offered.hash).toBe(hash(99));
    expect(conflicts[0]!.receivedAt).toBe(at);
  });

  it('judges concurrent offers for one node one at a time: of two forks of one seq, one is kept and one is evidence', async () => {
    const s = nodeSigner();
    const offers = [hash(1), hash(2), hash(3), hash(4)].map((h) => signCheckpoint(s, { seq: 3, hash: h }, at));
    const judged = await Promise.all(offers.map((o) => store.auditAnchors.keep(o, at)));
    expect(judged.filter((j) => j.kind === 'new')).toHaveLength(1);
    expect(judged.filter((j) => j.kind === 'fork')).toHaveLength(3);
    expect(await store.auditAnchors.held(s.participantId, 10)).toHaveLength(1);
  });

  it("keeps a checkpoint within a delivery's transaction, and nothing when that transaction rolls back", async () => {
    const s = nodeSigner();
    const cp = (seq: number) => signCheckpoint(s, { seq, hash: hash(seq) }, at);
    expect(await store.transaction(async (tx) => (await tx.auditAnchors.keep(cp(4), at)).kind)).toBe('new');
    await expect(
      store.transaction(async (tx) => {
        await tx.auditAnchors.keep(cp(6), at);
        throw new Error('the receipt failed');
      }),
    ).rejects.toThrow('the receipt failed');
    expect((await store.auditAnchors.held(s.participantId, 10)).map((h) => h.checkpoint)).toEqual([cp(4)]);
  });
});
