// The anchor's state on both backends: published versions in order (a version is taken once, so two operations racing
// for the next version cannot both publish), and join requests kept once, pending until decided once.
import { afterAll, describe, expect, it } from 'vitest';
import { backendRuns, backends, openTestStore } from './support/backends.ts';

for (const backend of backends()) {
  describe(`anchor storage on ${backend.name}`, () => {
    if (!backendRuns(backend)) return;
    afterAll(() => backend.cleanup());

    it('keeps each version once, newest first, and decides a request in the same transaction as its version', async () => {
      const store = await openTestStore(backend);
      try {
        const draft = (version: number, operation: string) => ({ version, trustListId: 'l', issuedAt: `2024-01-0${version}T00:00:00+09:00`, operation, subject: 'p', document: { payload: { version }, proof: {} } });
        expect(await store.anchor.current()).toBeUndefined();
        expect(await store.anchor.publish(draft(1, 'init'))).toBe(true);
        expect(await store.anchor.publish(draft(1, 'admit'))).toBe(false);
        const req = await store.anchor.receive({ requestId: 'join-1', participantId: 'jp-174611-anamizu-town', document: { payload: { id: 'join-1' } }, source: 'online', receivedAt: '2024-01-02T00:00:00Z' });
        const again = await store.anchor.receive({ requestId: 'join-1', participantId: 'jp-174611-anamizu-town', document: { payload: { id: 'join-1' } }, source: 'online', receivedAt: '2024-01-03T00:00:00Z' });
        expect(again.seq).toBe(req.seq);
        expect(req.status).toBe('pending');
        expect(await store.anchor.publish(draft(2, 'admit'), { seq: req.seq, status: 'approved', at: '2024-01-02T01:00:00Z' })).toBe(true);
        // Approving it again fails and takes its version back with it.
        await expect(store.anchor.publish(draft(3, 'admit'), { seq: req.seq, status: 'approved', at: '2024-01-02T02:00:00Z' })).rejects.toThrow(/no longer pending/);
        expect((await store.anchor.history(10)).map((v) => [v.version, v.operation])).toEqual([
          [2, 'admit'],
          [1, 'init'],
        ]);
        expect(await store.anchor.current()).toMatchObject({ version: 2, issuedAt: '2024-01-01T15:00:00.000Z', document: { payload: { version: 2 } } });
        expect(await store.anchor.requests('pending')).toEqual([]);
        expect(await store.anchor.request('join-1')).toMatchObject({ status: 'approved', decidedAt: '2024-01-02T01:00:00.000Z', source: 'online' });
        expect(await store.anchor.decide({ seq: req.seq, status: 'declined', at: '2024-01-02T03:00:00Z', reason: 'late' })).toBe(false);
      } finally {
        await store.close();
      }
    }, 60_000);
  });
}
