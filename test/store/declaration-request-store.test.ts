// Declaration requests as each side keeps them, on both backends: a request kept once per (side, requester, id),
// pending until its one answer, and kept with the outbox message that carries it or nothing at all.
import { afterAll, describe, expect, it } from 'vitest';
import { backendRuns, backends, openTestStore } from './support/backends.ts';

const draft = (direction: 'sent' | 'received', requestId: string) => ({
  direction,
  requester: 'jp-172022-nanao-dialysis-clinic',
  requestId,
  recipient: 'jp-172022-nanao-city',
  hazard: 'earthquake',
  phase: 'emergency',
  areas: ['172022'],
  reason: '透析患者の安否確認',
  requestedAt: '2024-01-01T16:20:00+09:00',
});

for (const backend of backends()) {
  describe(`declaration request storage on ${backend.name}`, () => {
    if (!backendRuns(backend)) return;
    afterAll(() => backend.cleanup());

    it('keeps a request once per side, answers it once, and lists each side newest first', async () => {
      const store = await openTestStore(backend);
      try {
        const r = store.declarationRequests;
        expect(await r.keep(draft('received', 'dreq-1'))).toEqual({ kept: true });
        expect(await r.keep({ ...draft('received', 'dreq-1'), reason: 'again' })).toEqual({ kept: false });
        // The requester's own copy of the same request is another row.
        expect(await r.keep(draft('sent', 'dreq-1'))).toEqual({ kept: true });
        expect(await r.keep(draft('received', 'dreq-2'))).toEqual({ kept: true });
        const key = { direction: 'received' as const, requester: draft('received', '').requester, requestId: 'dreq-1' };
        expect(await r.get(key)).toMatchObject({ state: 'pending', reason: '透析患者の安否確認', areas: ['172022'], requestedAt: '2024-01-01T07:20:00.000Z' });
        expect(await r.answer(key, { state: 'declined', declineReason: 'already declared', answeredAt: '2024-01-01T08:00:00Z' })).toBe(true);
        expect(await r.answer(key, { state: 'issued', declarationId: 'decl-1', answeredAt: '2024-01-01T09:00:00Z' })).toBe(false);
        expect(await r.get(key)).toMatchObject({ state: 'declined', declineReason: 'already declared', answeredAt: '2024-01-01T08:00:00.000Z' });
        expect(await r.answer({ ...key, requestId: 'dreq-none' }, { state: 'issued', declarationId: 'decl-1', answeredAt: '2024-01-01T09:00:00Z' })).toBe(false);
        expect((await r.list('received', 10)).map((x) => x.requestId)).toEqual(['dreq-2', 'dreq-1']);
        expect((await r.list('sent', 10)).map((x) => [x.requestId, x.state])).toEqual([['dreq-1', 'pending']]);
      } finally {
        await store.close();
      }
    }, 60_000);

    it('keeps a request and its outbox message together or neither', async () => {
      const store = await openTestStore(backend);
      try {
        await expect(
          store.transaction(async (tx) => {
            const queued = await tx.outbox.enqueue({ peer: 'jp-172022-nanao-city', peerUrl: 'http://127.0.0.1:9/', kind: 'declaration-request', idempotencyKey: 'k', payload: {}, createdAt: '2024-01-01T00:00:00Z' });
            await tx.declarationRequests.keep({ ...draft('sent', 'dreq-3'), outboxSeq: queued.message.seq });
            throw new Error('cut short');
          }),
        ).rejects.toThrow('cut short');
        // (On PostgreSQL the tests share one database, so only what this one wrote is looked for.)
        expect((await store.declarationRequests.list('sent', 100)).map((x) => x.requestId)).not.toContain('dreq-3');
        expect((await store.outbox.list()).map((m) => m.idempotencyKey)).not.toContain('k');
      } finally {
        await store.close();
      }
    }, 60_000);
  });
}
