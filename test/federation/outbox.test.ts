// The outbox on every storage backend: durable enqueue, retries with backoff, dead letters, per-peer order, crash
// recovery, concurrent dispatchers, and a loopback HTTP peer that goes away and comes back.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createHttpTransport,
  createIdempotencyRegistry,
  createOutboxDispatcher,
  type DeliveryResult,
  type OutboxDispatcherOptions,
  type OutboxTransport,
} from '../../src/federation/outbox.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { OutboxMessage, OutboxMessageDraft } from '../../src/store/outbox-store.ts';
import type { Store } from '../../src/store/types.ts';
import { backends, openTestStore, type BackendUnderTest, backendRuns } from '../store/support/backends.ts';
import { namespace, shelter } from '../store/support/drafts.ts';

/** A clock the test moves by hand, so backoff and leases need no waiting. */
function manualClock(start = Date.parse('2026-03-11T05:46:00Z')) {
  let t = start;
  return {
    now: () => new Date(t),
    advance: (ms: number) => {
      t += ms;
    },
    ms: () => t,
  };
}

const peerName = (label: string) => `${label}-${randomUUID()}`;

function draft(peer: string, key: string, payload: unknown = { status: 'safe' }, at = '2026-03-11T14:50:00+09:00'): OutboxMessageDraft {
  return { peer, peerUrl: 'http://127.0.0.1:9/', kind: 'safety-status-update', idempotencyKey: key, payload, createdAt: at };
}

const ok: DeliveryResult = { ok: true };

/** A transport that records what it was asked to send and answers with `answer`. */
function recordingTransport(answer: (m: OutboxMessage) => DeliveryResult | Promise<DeliveryResult>) {
  const sent: OutboxMessage[] = [];
  const transport: OutboxTransport = async (m) => {
    sent.push(m);
    return answer(m);
  };
  return { sent, transport };
}

const keysOf = (messages: readonly OutboxMessage[]) => messages.map((m) => m.idempotencyKey);

describe.each(backends())('outbox on $name', (backend: BackendUnderTest) => {
  if (!backendRuns(backend)) return;

  let store: Store;
  const dirs: string[] = [];
  beforeAll(async () => {
    store = await openTestStore(backend);
  });
  // Messages a test leaves unsettled would be claimed by the next test's dispatcher: settle them far in the future.
  afterEach(async () => {
    const drain = createOutboxDispatcher({ storage: store.outbox, transport: async () => ok, now: () => new Date('2100-01-01T00:00:00Z') });
    while ((await store.outbox.list({ states: ['pending', 'delivering'] })).length > 0) await drain.deliverDue();
  });
  afterAll(async () => {
    await store?.close();
    await backend.cleanup();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  const dispatcher = (options: Partial<OutboxDispatcherOptions> & Pick<OutboxDispatcherOptions, 'transport'>) =>
    createOutboxDispatcher({ storage: store.outbox, backoff: { random: () => 1 }, ...options });

  describe('enqueue', () => {
    it('keeps a queued message across a close and re-open of the store', async () => {
      let config = backend.config();
      if (backend.name === 'pglite') {
        const dir = await mkdtemp(path.join(tmpdir(), 'tsunagu-outbox-'));
        dirs.push(dir);
        config = { backend: 'pglite', dataDir: path.join(dir, 'data') };
      }
      const peer = peerName('owner');
      const first = await openStore(config);
      const queued = await first.outbox.enqueue(draft(peer, 'k1', { person: 'p-1', status: 'safe' }));
      await first.close();

      const second = await openStore(config);
      try {
        const [kept] = await second.outbox.list({ peer });
        expect(queued.kind).toBe('queued');
        expect(kept).toEqual(queued.message);
        expect(kept).toMatchObject({
          peer,
          kind: 'safety-status-update',
          idempotencyKey: 'k1',
          payload: { person: 'p-1', status: 'safe' },
          createdAt: '2026-03-11T05:50:00.000Z',
          state: 'pending',
          attempts: 0,
          nextAttemptAt: '2026-03-11T05:50:00.000Z',
        });
        // Settle it here: PGlite's on-disk database is not the one afterEach drains.
        const clock = manualClock(Date.parse('2026-03-11T06:00:00Z'));
        await createOutboxDispatcher({ storage: second.outbox, transport: async () => ok, now: clock.now }).deliverDue();
        expect((await second.outbox.get(kept!.seq))?.state).toBe('delivered');
      } finally {
        await second.close();
      }
    });

    it('treats a second enqueue with the same idempotency key for the same peer as a no-op returning the first message', async () => {
      const peer = peerName('owner');
      const first = await store.outbox.enqueue(draft(peer, 'click', { status: 'safe' }));
      const again = await store.outbox.enqueue(draft(peer, 'click', { status: 'injured' }));
      expect(first.kind).toBe('queued');
      expect(again).toEqual({ kind: 'duplicate', message: first.message });
      expect(await store.outbox.list({ peer })).toHaveLength(1);

      // The same key for another peer is another message.
      const other = await store.outbox.enqueue(draft(peerName('other'), 'click'));
      expect(other.kind).toBe('queued');
    });

    it('commits a queued update together with the local record write, or neither when the transaction fails', async () => {
      const ns = namespace();
      const peer = peerName('owner');
      await expect(
        store.transaction(async (tx) => {
          await tx.upsert([shelter(ns.id('rolled-back'), { sourceNode: ns.sourceNode })]);
          await tx.outbox.enqueue(draft(peer, 'rolled-back'));
          throw new Error('abandon');
        }),
      ).rejects.toThrow('abandon');
      expect(await store.get('shelter', ns.id('rolled-back'))).toBeUndefined();
      expect(await store.outbox.list({ peer })).toEqual([]);

      await store.transaction(async (tx) => {
        await tx.upsert([shelter(ns.id('kept'), { sourceNode: ns.sourceNode })]);
        await tx.outbox.enqueue(draft(peer, 'kept'));
      });
      expect(await store.get('shelter', ns.id('kept'))).toBeDefined();
      expect(keysOf(await store.outbox.list({ peer }))).toEqual(['kept']);
    });

    it('refuses a message without an idempotency key, a usable URL or a JSON payload, writing nothing', async () => {
      const peer = peerName('owner');
      await expect(store.outbox.enqueue(draft(peer, ''))).rejects.toMatchObject({ code: 'OUTBOX_MESSAGE_INVALID', params: { field: 'idempotencyKey' } });
      await expect(store.outbox.enqueue({ ...draft(peer, 'k'), peerUrl: 'ftp://x' })).rejects.toMatchObject({ params: { field: 'peerUrl' } });
      await expect(store.outbox.enqueue(draft(peer, 'k', 10n))).rejects.toMatchObject({ params: { field: 'payload' } });
      expect(await store.outbox.list({ peer })).toEqual([]);
    });
  });

  describe('delivery', () => {
    it('retries a peer that is down with growing, capped delays and delivers the message once when it returns', async () => {
      const clock = manualClock();
      const peer = peerName('down');
      const queued = await store.outbox.enqueue(draft(peer, 'k1', { status: 'safe' }, clock.now().toISOString()));
      let up = false;
      const { sent, transport } = recordingTransport(() => (up ? ok : { ok: false, retry: true, reason: 'network: ECONNREFUSED' }));
      const d = dispatcher({ transport, now: clock.now, backoff: { initialMs: 1_000, maxMs: 5_000, random: () => 1 } });

      const delays: number[] = [];
      for (let i = 0; i < 5; i++) {
        expect(await d.deliverDue()).toMatchObject({ retrying: 1, delivered: 0 });
        const m = (await store.outbox.get(queued.message.seq))!;
        expect(m).toMatchObject({ state: 'pending', attempts: i + 1, lastError: { code: 'OUTBOX_PEER_UNAVAILABLE', reason: 'network: ECONNREFUSED' } });
        const delay = Date.parse(m.nextAttemptAt) - clock.ms();
        delays.push(delay);
        // Not due yet: a pass now sends nothing.
        clock.advance(delay - 1);
        expect(await d.deliverDue()).toEqual({ delivered: 0, retrying: 0, failed: 0, superseded: 0 });
        clock.advance(1);
      }
      expect(delays).toEqual([1_000, 2_000, 4_000, 5_000, 5_000]);
      expect(sent).toHaveLength(5);

      up = true;
      const deliveredAt = clock.now().toISOString();
      expect(await d.deliverDue()).toMatchObject({ delivered: 1 });
      clock.advance(60_000);
      expect(await d.deliverDue()).toMatchObject({ delivered: 0 });
      expect(sent).toHaveLength(6);
      expect(await store.outbox.get(queued.message.seq)).toMatchObject({ state: 'delivered', attempts: 6, settledAt: deliveredAt });
    });

    it('dead-letters a message the peer refuses for good, keeps the reason, and goes on with the next one', async () => {
      const clock = manualClock();
      const peer = peerName('refusing');
      await store.outbox.enqueue(draft(peer, 'bad', { status: 'unknown' }, clock.now().toISOString()));
      await store.outbox.enqueue(draft(peer, 'good', { status: 'safe' }, clock.now().toISOString()));
      const { sent, transport } = recordingTransport((m) => (m.idempotencyKey === 'bad' ? { ok: false, retry: false, reason: 'HTTP 422' } : ok));
      const report = await dispatcher({ transport, now: clock.now }).deliverDue();

      expect(report).toMatchObject({ delivered: 1, failed: 1 });
      expect(keysOf(sent)).toEqual(['bad', 'good']);
      const [bad, good] = await store.outbox.list({ peer });
      expect(bad).toMatchObject({ state: 'failed', attempts: 1, lastError: { code: 'OUTBOX_PEER_REFUSED', reason: 'HTTP 422' } });
      expect(bad!.settledAt).toBeDefined();
      expect(good).toMatchObject({ state: 'delivered' });
    });

    it('dead-letters a message after the last allowed attempt', async () => {
      const clock = manualClock();
      const peer = peerName('never');
      const { seq } = (await store.outbox.enqueue(draft(peer, 'k', {}, clock.now().toISOString()))).message;
      const d = dispatcher({ transport: async () => ({ ok: false, retry: true, reason: 'HTTP 503' }), now: clock.now, maxAttempts: 3 });
      for (let i = 0; i < 3; i++) {
        await d.deliverDue();
        clock.advance(10 * 60_000);
      }
      expect(await store.outbox.get(seq)).toMatchObject({ state: 'failed', attempts: 3, lastError: { code: 'OUTBOX_ATTEMPTS_EXHAUSTED', reason: 'HTTP 503' } });
    });

    it('delivers each peer in enqueue order: a message waiting for a retry holds back the ones behind it, not other peers', async () => {
      const clock = manualClock();
      const a = peerName('a');
      const b = peerName('b');
      const at = clock.now().toISOString();
      for (const [peer, key] of [[a, 'a1'], [b, 'b1'], [a, 'a2'], [a, 'a3'], [b, 'b2']] as const) await store.outbox.enqueue(draft(peer, key, {}, at));
      let a2Failures = 1;
      const { sent, transport } = recordingTransport((m) => {
        if (m.idempotencyKey === 'a2' && a2Failures-- > 0) return { ok: false, retry: true, reason: 'HTTP 503' };
        return ok;
      });
      const d = dispatcher({ transport, now: clock.now });

      await d.deliverDue();
      const byPeer = (peer: string) => keysOf(sent.filter((m) => m.peer === peer));
      expect(byPeer(a)).toEqual(['a1', 'a2']);
      expect(byPeer(b)).toEqual(['b1', 'b2']);
      expect((await store.outbox.list({ peer: a })).map((m) => m.state)).toEqual(['delivered', 'pending', 'pending']);

      clock.advance(60_000);
      await d.deliverDue();
      expect(byPeer(a)).toEqual(['a1', 'a2', 'a2', 'a3']);
      expect((await store.outbox.list({ peer: a })).map((m) => m.state)).toEqual(['delivered', 'delivered', 'delivered']);
    });

    it('delivers to other peers while one peer is slow to answer', async () => {
      const slow = peerName('slow');
      const fast = peerName('fast');
      await store.outbox.enqueue(draft(slow, 's1'));
      await store.outbox.enqueue(draft(fast, 'f1'));
      await store.outbox.enqueue(draft(fast, 'f2'));
      let release: () => void = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      const transport: OutboxTransport = async (m) => {
        if (m.peer === slow) await held;
        return ok;
      };
      const pass = dispatcher({ transport }).deliverDue();
      await vi.waitFor(async () => {
        expect((await store.outbox.list({ peer: fast })).map((m) => m.state)).toEqual(['delivered', 'delivered']);
      }, { timeout: 10_000 });
      expect((await store.outbox.list({ peer: slow }))[0]?.state).toBe('delivering');
      release();
      expect(await pass).toMatchObject({ delivered: 3 });
    });

    it('gives up an attempt at its deadline, aborting the transport, and retries later', async () => {
      const peer = peerName('silent');
      const { seq } = (await store.outbox.enqueue(draft(peer, 'k'))).message;
      let signalSeen: AbortSignal | undefined;
      const transport: OutboxTransport = (_m, signal) => {
        signalSeen = signal;
        return new Promise<DeliveryResult>(() => {});
      };
      expect(await dispatcher({ transport, attemptTimeoutMs: 20 }).deliverDue()).toMatchObject({ retrying: 1 });
      expect(signalSeen?.aborted).toBe(true);
      expect(await store.outbox.get(seq)).toMatchObject({ state: 'pending', lastError: { code: 'OUTBOX_ATTEMPT_TIMED_OUT' } });
    });

    it('takes over a message a crashed dispatcher left delivering once its lease has lapsed, and ignores the dead claim', async () => {
      const clock = manualClock();
      const peer = peerName('crash');
      const at = clock.now().toISOString();
      await store.outbox.enqueue(draft(peer, 'k1', {}, at));
      await store.outbox.enqueue(draft(peer, 'k2', {}, at));
      // The dead dispatcher claimed k1 and never settled it.
      const [dead] = await store.outbox.claimDue({ now: at, leaseUntil: new Date(clock.ms() + 60_000).toISOString(), limit: 10, peer });
      expect(dead).toMatchObject({ idempotencyKey: 'k1', state: 'delivering', attempts: 1 });

      const { sent, transport } = recordingTransport(() => ok);
      const d = dispatcher({ transport, now: clock.now, attemptTimeoutMs: 1_000, leaseMs: 60_000 });
      clock.advance(59_999);
      await d.deliverDue();
      // The lease still holds, and k2 must not overtake k1.
      expect(sent).toEqual([]);

      clock.advance(1);
      expect(await d.deliverDue()).toMatchObject({ delivered: 2 });
      expect(keysOf(sent)).toEqual(['k1', 'k2']);
      expect((await store.outbox.list({ peer }))[0]).toMatchObject({ state: 'delivered', attempts: 2 });
      // A late answer from the dead claim changes nothing.
      expect(await store.outbox.markRetry({ seq: dead!.seq, attempts: 1 }, { nextAttemptAt: at, code: 'OUTBOX_PEER_UNAVAILABLE', reason: 'late' })).toBe(false);
      expect((await store.outbox.get(dead!.seq))?.state).toBe('delivered');
    });

    it('lets only the latest claim settle a message: a lapsed claim that answers late is ignored', async () => {
      const clock = manualClock();
      const peer = peerName('fenced');
      const at = clock.now().toISOString();
      await store.outbox.enqueue(draft(peer, 'k', {}, at));
      const lease = (ms: number) => new Date(clock.ms() + ms).toISOString();
      const [lapsed] = await store.outbox.claimDue({ now: at, leaseUntil: lease(1_000), limit: 1, peer });
      expect(await store.outbox.claimDue({ now: at, leaseUntil: lease(1_000), limit: 1, peer })).toEqual([]);
      clock.advance(1_000);
      const [current] = await store.outbox.claimDue({ now: clock.now().toISOString(), leaseUntil: lease(1_000), limit: 1, peer });
      expect(current).toMatchObject({ seq: lapsed!.seq, attempts: 2, state: 'delivering' });

      expect(await store.outbox.markDelivered(lapsed!, clock.now().toISOString())).toBe(false);
      expect(await store.outbox.markFailed(lapsed!, { at, code: 'OUTBOX_PEER_REFUSED', reason: 'HTTP 400' })).toBe(false);
      expect((await store.outbox.get(current!.seq))?.state).toBe('delivering');
      expect(await store.outbox.markDelivered(current!, clock.now().toISOString())).toBe(true);
      expect((await store.outbox.get(current!.seq))?.state).toBe('delivered');
    });

    it('never lets two dispatchers on one database deliver the same message at the same time, and keeps each peer in order', async () => {
      // On PostgreSQL each dispatcher has its own connection pool, as two processes would.
      const other = backend.name === 'postgres' ? await openTestStore(backend) : store;
      try {
        const peers = [peerName('p0'), peerName('p1'), peerName('p2'), peerName('p3')];
        for (let i = 0; i < 12; i++) for (const peer of peers) await store.outbox.enqueue(draft(peer, `m${i}`));
        const inFlight = new Set<number>();
        const overlaps: number[] = [];
        const deliveries: OutboxMessage[] = [];
        const transport: OutboxTransport = async (m) => {
          if (inFlight.has(m.seq)) overlaps.push(m.seq);
          inFlight.add(m.seq);
          await new Promise((r) => setTimeout(r, Math.random() * 3));
          inFlight.delete(m.seq);
          deliveries.push(m);
          return ok;
        };
        const one = createOutboxDispatcher({ storage: store.outbox, transport, concurrency: 2 });
        const two = createOutboxDispatcher({ storage: other.outbox, transport, concurrency: 2 });
        const unsettled = async () => (await Promise.all(peers.map((peer) => store.outbox.list({ peer, states: ['pending', 'delivering'] })))).flat();
        while ((await unsettled()).length > 0) await Promise.all([one.deliverDue(), two.deliverDue(), one.deliverDue()]);

        expect(overlaps).toEqual([]);
        expect(deliveries).toHaveLength(48);
        expect(new Set(deliveries.map((m) => m.seq)).size).toBe(48);
        for (const peer of peers) {
          const seqs = deliveries.filter((m) => m.peer === peer).map((m) => m.seq);
          expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
        }
      } finally {
        if (other !== store) await other.close();
      }
    });

    it('delivers in the background after start() and stops cleanly', async () => {
      const peer = peerName('loop');
      const { sent, transport } = recordingTransport(() => ok);
      const d = dispatcher({ transport, pollIntervalMs: 10 });
      d.start();
      try {
        await store.outbox.enqueue(draft(peer, 'k'));
        d.wake();
        await vi.waitFor(async () => {
          expect((await store.outbox.list({ peer }))[0]?.state).toBe('delivered');
        }, { timeout: 10_000 });
      } finally {
        await d.stop();
      }
      expect(keysOf(sent.filter((m) => m.peer === peer))).toEqual(['k']);
    });
    it('on stop() aborts an attempt in flight and leaves the message due again at once', async () => {
      const clock = manualClock();
      const peer = peerName('stopped');
      const { seq } = (await store.outbox.enqueue(draft(peer, 'k', {}, clock.now().toISOString()))).message;
      const transport: OutboxTransport = (_m, signal) =>
        new Promise<DeliveryResult>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
      const d = dispatcher({ transport, now: clock.now });
      const pass = d.deliverDue();
      await vi.waitFor(async () => {
        expect((await store.outbox.get(seq))?.state).toBe('delivering');
      }, { timeout: 10_000 });
      await d.stop();
      expect(await pass).toMatchObject({ retrying: 1 });
      expect(await store.outbox.get(seq)).toMatchObject({ state: 'pending', attempts: 1, nextAttemptAt: clock.now().toISOString() });
    });
  });

  describe('housekeeping', () => {
    it('says when the next message falls due and prunes old deliveries and receipts but keeps dead letters', async () => {
      const clock = manualClock(Date.parse('2000-01-01T00:00:00Z'));
      const at = clock.now().toISOString();
      const peer = peerName('old');
      await store.outbox.enqueue(draft(peer, 'delivered', {}, at));
      await store.outbox.enqueue(draft(peer, 'refused', {}, at));
      await store.outbox.enqueue(draft(peer, 'waiting', {}, at));
      const d = dispatcher({
        transport: async (m) => (m.idempotencyKey === 'delivered' ? ok : { ok: false, retry: m.idempotencyKey === 'waiting', reason: 'HTTP 5xx' }),
        now: clock.now,
        backoff: { initialMs: 1_000, maxMs: 1_000, random: () => 1 },
      });
      await d.deliverDue();
      expect(await store.outbox.nextDueAt()).toBe('2000-01-01T00:00:01.000Z');
      const sender = peerName('sender');
      await createIdempotencyRegistry(store, { now: clock.now }).receive(sender, 'old-key', async () => 'done');

      const pruned = await store.outbox.prune({ deliveredBefore: '2000-01-02T00:00:00Z', receivedBefore: '2000-01-02T00:00:00Z' });
      expect(pruned.messages).toBeGreaterThanOrEqual(1);
      expect(pruned.receipts).toBeGreaterThanOrEqual(1);
      expect(keysOf(await store.outbox.list({ peer }))).toEqual(['refused', 'waiting']);
      // The receipt is gone, so the key counts as new again.
      expect((await createIdempotencyRegistry(store).receive(sender, 'old-key', async () => 'again')).kind).toBe('applied');
    });
  });

  describe('re-sending a dead letter', () => {
    it('puts a dead letter back to pending under its own key, due at once, delivered by the next pass; other messages stay as they are', async () => {
      const clock = manualClock();
      const peer = peerName('refused-then-mended');
      const refused = (await store.outbox.enqueue(draft(peer, 'before-declaration', { n: 1 }, clock.now().toISOString()))).message;
      const delivered = (await store.outbox.enqueue(draft(peer, 'fine', { n: 2 }, clock.now().toISOString()))).message;
      const first = recordingTransport((m) => (m.idempotencyKey === 'before-declaration' ? { ok: false, retry: false, reason: 'HTTP 403' } : ok));
      await dispatcher({ transport: first.transport, now: clock.now }).deliverDue();
      await dispatcher({ transport: first.transport, now: clock.now }).deliverDue();
      const pending = (await store.outbox.enqueue(draft(peerName('other'), 'waiting', {}, clock.now().toISOString()))).message;
      expect(await store.outbox.get(refused.seq)).toMatchObject({ state: 'failed', attempts: 1 });

      clock.advance(60_000);
      const requeued = await store.outbox.requeueFailed([refused.seq, delivered.seq, pending.seq, 999_999_999], clock.now().toISOString());
      expect(requeued.map((m) => m.seq)).toEqual([refused.seq]);
      const back = await store.outbox.get(refused.seq);
      expect(back).toMatchObject({ state: 'pending', attempts: 0, idempotencyKey: 'before-declaration', nextAttemptAt: clock.now().toISOString() });
      expect(back!.settledAt).toBeUndefined();
      expect(await store.outbox.get(delivered.seq)).toMatchObject({ state: 'delivered' });
      expect(await store.outbox.get(pending.seq)).toMatchObject({ state: 'pending', attempts: 0 });

      const second = recordingTransport(() => ok);
      await dispatcher({ transport: second.transport, now: clock.now }).deliverDue();
      expect(second.sent.filter((m) => m.seq === refused.seq).map((m) => [m.idempotencyKey, m.payload])).toEqual([['before-declaration', { n: 1 }]]);
      expect(await store.outbox.get(refused.seq)).toMatchObject({ state: 'delivered', attempts: 1 });
      expect(await store.outbox.requeueFailed([refused.seq], clock.now().toISOString())).toEqual([]);
    });

    it('gives a dead letter that ran out of attempts a full set again: a first 503 after the retry backs off, it does not fail', async () => {
      const clock = manualClock();
      const peer = peerName('exhausted-then-back');
      const { seq } = (await store.outbox.enqueue(draft(peer, 'long-outage', {}, clock.now().toISOString()))).message;
      const down = recordingTransport(() => ({ ok: false, retry: true, reason: 'HTTP 503' }));
      for (let i = 0; i < 3; i++) {
        await dispatcher({ transport: down.transport, now: clock.now, maxAttempts: 3 }).deliverDue();
        clock.advance(24 * 3_600_000);
      }
      expect(await store.outbox.get(seq)).toMatchObject({ state: 'failed', attempts: 3, lastError: { code: 'OUTBOX_ATTEMPTS_EXHAUSTED' } });

      await store.outbox.requeueFailed([seq], clock.now().toISOString());
      await dispatcher({ transport: down.transport, now: clock.now, maxAttempts: 3 }).deliverDue();
      expect(await store.outbox.get(seq)).toMatchObject({ state: 'pending', attempts: 1, lastError: { code: 'OUTBOX_PEER_UNAVAILABLE' } });
      clock.advance(24 * 3_600_000);
      await dispatcher({ transport: recordingTransport(() => ok).transport, now: clock.now, maxAttempts: 3 }).deliverDue();
      expect(await store.outbox.get(seq)).toMatchObject({ state: 'delivered', attempts: 2 });
    });

    it('requeues a dead letter once when two retries race with dispatchers, and it is delivered once', async () => {
      const other = backend.name === 'postgres' ? await openTestStore(backend) : store;
      try {
        const clock = manualClock();
        const peer = peerName('raced');
        const { seq } = (await store.outbox.enqueue(draft(peer, 'k', {}, clock.now().toISOString()))).message;
        await dispatcher({ transport: async () => ({ ok: false, retry: false, reason: 'HTTP 403' }), now: clock.now }).deliverDue();
        expect(await store.outbox.get(seq)).toMatchObject({ state: 'failed' });

        const { sent, transport } = recordingTransport(() => ok);
        const one = createOutboxDispatcher({ storage: store.outbox, transport, now: clock.now });
        const two = createOutboxDispatcher({ storage: other.outbox, transport, now: clock.now });
        const at = clock.now().toISOString();
        const [a, b] = await Promise.all([store.outbox.requeueFailed([seq], at), other.outbox.requeueFailed([seq], at), one.deliverDue(), two.deliverDue()]);
        expect(a.length + b.length).toBe(1);
        while ((await store.outbox.list({ peer, states: ['pending', 'delivering'] })).length > 0) await Promise.all([one.deliverDue(), two.deliverDue()]);
        expect(sent.filter((m) => m.seq === seq)).toHaveLength(1);
        expect(await store.outbox.get(seq)).toMatchObject({ state: 'delivered', attempts: 1 });
      } finally {
        if (other !== store) await other.close();
      }
    });
  });

  describe('receiving side', () => {
    it('applies a delivery once and answers a repeat of its idempotency key with the first outcome', async () => {
      const registry = createIdempotencyRegistry(store);
      const sender = peerName('sender');
      const ns = namespace();
      let applied = 0;
      const apply = async () => {
        applied++;
        return { accepted: true, n: applied };
      };
      const first = await registry.receive(sender, 'k', apply);
      const again = await registry.receive(sender, 'k', apply);
      expect(first).toEqual({ kind: 'applied', outcome: { accepted: true, n: 1 } });
      expect(again).toMatchObject({ kind: 'duplicate', outcome: { accepted: true, n: 1 } });
      expect(applied).toBe(1);
      // Keys are per sender.
      expect((await registry.receive(peerName('another'), 'k', apply)).kind).toBe('applied');

      // If applying fails, the key is not recorded either, so the sender's retry applies it.
      await expect(
        registry.receive(sender, 'fails-once', async (tx) => {
          await tx.upsert([shelter(ns.id('half'), { sourceNode: ns.sourceNode })]);
          throw new Error('disk full');
        }),
      ).rejects.toThrow('disk full');
      expect(await store.get('shelter', ns.id('half'))).toBeUndefined();
      expect((await registry.receive(sender, 'fails-once', apply)).kind).toBe('applied');
    });

    it('applies two simultaneous deliveries of one key once', async () => {
      const other = backend.name === 'postgres' ? await openTestStore(backend) : store;
      try {
        const sender = peerName('sender');
        let applied = 0;
        const apply = async () => {
          applied++;
          await new Promise((r) => setTimeout(r, 20));
          return { accepted: true };
        };
        const results = await Promise.all([
          createIdempotencyRegistry(store).receive(sender, 'k', apply),
          createIdempotencyRegistry(other).receive(sender, 'k', apply),
        ]);
        expect(results.map((r) => r.kind).sort()).toEqual(['applied', 'duplicate']);
        expect(applied).toBe(1);
      } finally {
        if (other !== store) await other.close();
      }
    });
  });

  describe('over HTTP (loopback)', () => {
    /** A peer node that deduplicates by idempotency key; it can lose its first answer after applying. */
    function peerNode(receiver: Store) {
      const registry = createIdempotencyRegistry(receiver);
      const applied: unknown[] = [];
      let loseNextAnswer = false;
      let requests = 0;
      const handle = async (req: IncomingMessage, res: ServerResponse) => {
        requests++;
        const chunks: Buffer[] = [];
        for await (const c of req) chunks.push(c as Buffer);
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { idempotencyKey: string; payload: unknown };
        // Stands in for the sender a verified request signature names.
        const sender = String(req.headers['x-test-sender']);
        const key = String(req.headers['idempotency-key']);
        expect(key).toBe(body.idempotencyKey);
        const result = await registry.receive(sender, key, async () => {
          applied.push(body.payload);
          return { accepted: true };
        });
        if (loseNextAnswer) {
          loseNextAnswer = false;
          req.socket.destroy();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result.outcome));
      };
      let server: Server | undefined;
      return {
        applied,
        requests: () => requests,
        loseNextAnswer: () => {
          loseNextAnswer = true;
        },
        async listen(port = 0): Promise<number> {
          server = createServer((req, res) => {
            handle(req, res).catch(() => res.writeHead(500).end());
          });
          await new Promise<void>((resolve, reject) => {
            server!.once('error', reject);
            server!.listen(port, '127.0.0.1', () => resolve());
          });
          return (server.address() as AddressInfo).port;
        },
        async close(): Promise<void> {
          const s = server;
          server = undefined;
          if (!s) return;
          s.closeAllConnections();
          await new Promise<void>((resolve) => s.close(() => resolve()));
        },
      };
    }

    it('delivers exactly once in effect to a node that is down, then comes back and loses its first answer', async () => {
      const clock = manualClock();
      const node = peerNode(store);
      const port = await node.listen();
      await node.close();
      try {
        const peer = peerName('http-peer');
        const { seq } = (
          await store.outbox.enqueue({
            ...draft(peer, 'safety-1', { person: 'p-42', status: 'safe' }, clock.now().toISOString()),
            peerUrl: `http://127.0.0.1:${port}/base/`,
          })
        ).message;
        const d = createOutboxDispatcher({
          storage: store.outbox,
          transport: createHttpTransport({ headers: () => ({ 'x-test-sender': 'node-a' }) }),
          now: clock.now,
          attemptTimeoutMs: 5_000,
        });

        // Down: nothing listens.
        expect(await d.deliverDue()).toMatchObject({ retrying: 1 });
        const down = (await store.outbox.get(seq))!;
        expect(down.lastError?.code).toBe('OUTBOX_PEER_UNAVAILABLE');
        expect(down.lastError?.reason).toMatch(/^network: /);
        expect(down.lastError?.reason).not.toContain('p-42');

        // Back, but the answer to the first delivery is lost after the node applied it.
        await node.listen(port);
        node.loseNextAnswer();
        clock.advance(10 * 60_000);
        expect(await d.deliverDue()).toMatchObject({ retrying: 1 });
        expect(node.applied).toHaveLength(1);

        // The retry is recognised by its key: success, and no second effect.
        clock.advance(10 * 60_000);
        expect(await d.deliverDue()).toMatchObject({ delivered: 1 });
        expect(node.requests()).toBe(2);
        expect(node.applied).toEqual([{ person: 'p-42', status: 'safe' }]);
        expect(await store.outbox.get(seq)).toMatchObject({ state: 'delivered', attempts: 3 });
      } finally {
        await node.close();
      }
    });
  });
});
