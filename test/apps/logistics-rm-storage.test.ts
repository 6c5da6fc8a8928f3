// EDXL-RM requests in the logistics application's tables on every backend: a batch is all or nothing even when the
// database itself refuses a line in the middle (a request id already taken), and a message recalled by a later one of
// the same batch is withdrawn with it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestResourceOf } from '../../src/adapters/edxl-rm/from-records.ts';
import { logisticsApplication } from '../../src/apps/logistics/application.ts';
import { logisticsStorage, type LogisticsStorage } from '../../src/apps/logistics/storage.ts';
import type { Demand } from '../../src/model/index.ts';
import type { Store } from '../../src/store/types.ts';
import { backends, backendRuns, openTestStore } from '../store/support/backends.ts';

const NODE = 'jp-170003-ishikawa-pref';
const party = { sender: 'jp-172022-nanao-city', requester: 'jp-172022-nanao-city', by: 'test', at: '2024-01-12T09:00:00+09:00' };
const demand = (quantity: number): Demand => ({
  origin: 'request', destination: { type: 'shelter', id: 's1' }, areaCode: '172022', item: { category: 'blanket' }, quantity, unit: 'piece',
  neededBy: '2024-01-13T12:00:00+09:00', priority: 'high',
});
const request = (messageId: string, quantities: number[], recall?: { messageId: string; type: 'update' | 'cancel' }) =>
  requestResourceOf(
    { messageId, sentAt: '2024-01-12T09:00:00+09:00', originatingMessageId: messageId, contact: { role: 'Requester' }, ...(recall ? { recall } : {}) },
    quantities.map((q, i) => ({ id: `e${i + 1}`, demand: demand(q) })),
  );

describe.each(backends())('EDXL-RM requests in the logistics storage on $name', (backend) => {
  if (!backendRuns(backend)) return;
  let store: Store;
  let storage: LogisticsStorage;
  let n = 0;
  const fresh = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++n}`;
  const ours = async (messageId: string) => (await storage.requests()).filter((r) => r.messageId === messageId);

  beforeAll(async () => {
    store = await openTestStore(backend);
    const app = logisticsApplication();
    await store.applications.migrate(app.id, app.migrations!);
    storage = logisticsStorage(store.applications.database(app.id), NODE);
  });
  afterAll(async () => {
    await store?.close();
    await backend.cleanup();
  });

  it('stores no line of a message when the database refuses one in the middle', async () => {
    const id = fresh('m');
    // A request already holds the id the second line would take: the insert fails after the first line's.
    await storage.saveRequest({ id: `rm:${id}/e2`, demand: demand(1), enteredBy: 'earlier', enteredAt: party.at });
    await expect(storage.takeRmMessages([request(id, [10, 20, 30])], party)).rejects.toThrow();
    expect(await ours(id)).toEqual([]);
    expect(await storage.rmMessage(id)).toBeUndefined();
  });

  it('keeps a batch’s lines in message order, and withdraws a message recalled later in the same batch', async () => {
    const [a, b] = [fresh('a'), fresh('b')];
    const outcome = await storage.takeRmMessages([request(a, Array.from({ length: 12 }, (_, i) => i + 1)), request(b, [5], { messageId: a, type: 'update' })], party);
    expect(outcome.ok).toBe(true);
    expect(await ours(a)).toEqual([]);
    expect((await ours(b)).map((r) => [r.id, r.demand.quantity])).toEqual([[`rm:${b}/e1`, 5]]);
    const kept = await storage.rmMessage(a);
    expect(kept).toMatchObject({ withdrawnBy: b, requestIds: [] });
    expect(kept!.lines.map((l) => l.elementId)).toEqual(Array.from({ length: 12 }, (_, i) => `e${i + 1}`));
  });

  it('refuses a whole batch when one of its messages is refused, storing none of the others', async () => {
    const [a, b] = [fresh('a'), fresh('b')];
    const outcome = await storage.takeRmMessages([request(a, [1]), request(b, [2], { messageId: 'never-received', type: 'cancel' })], party);
    expect(outcome).toMatchObject({ ok: false, index: 1, refusal: { code: 'LOGISTICS_RM_RECALL_UNKNOWN' } });
    expect(await storage.rmMessage(a)).toBeUndefined();
  });
});
