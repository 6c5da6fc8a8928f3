// EDXL-RM answers in the logistics application's tables on every backend: a request this node sent is kept once (the
// same MessageID otherwise refused), a batch of answers is stored whole or not at all, a status report placed through
// the commitment it follows, and each requested line counted by the newest state of each consignment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestResourceOf } from '../../src/adapters/edxl-rm/from-records.ts';
import { logisticsApplication } from '../../src/apps/logistics/application.ts';
import { recordAllSent, recordSent, rmAnswerStorage, rmSourcesOf, sentRequestOf, type RmAnswerStorage } from '../../src/apps/logistics/rm-answer-storage.ts';
import { takeRmMessagesIn, writeShipment } from '../../src/apps/logistics/storage.ts';
import type { StoredShipment } from '../../src/apps/logistics/types.ts';
import type { RmAnswerMessage } from '../../src/apps/logistics/rm-answers.ts';
import { keepPendingRelay, rmAnswerRelay } from '../../src/apps/logistics/rm-answer-relay.ts';
import type { ApplicationContext } from '../../src/node/application/index.ts';
import { nodeResourceMessages } from '../../src/node/application/resource-messages.ts';
import type { Demand } from '../../src/model/index.ts';
import type { Store } from '../../src/store/types.ts';
import { backends, backendRuns, openTestStore } from '../store/support/backends.ts';

const demand = (quantity: number): Demand => ({
  origin: 'request', destination: { type: 'shelter', id: 's1' }, areaCode: '172022', item: { category: 'blanket' }, quantity, unit: 'piece',
  neededBy: '2024-01-13T12:00:00+09:00', priority: 'high',
});
const request = (messageId: string) =>
  requestResourceOf({ messageId, sentAt: '2024-01-12T09:00:00+09:00', originatingMessageId: messageId, contact: { role: 'Requester' } }, [
    { id: 'e1', demand: demand(100) },
    { id: 'e2', demand: demand(40) },
  ]);
const header = (messageId: string, req: string) => ({ messageId, sentAt: '2024-01-12T10:00:00+09:00', originatingMessageId: req, precedingMessageId: req, contact: { role: 'RespondingOrg' as const } });
const commit = (messageId: string, req: string, respondsTo = 'e1'): RmAnswerMessage => ({
  type: 'CommitResource', header: header(messageId, req),
  lines: [{ elementId: 'C-1', respondsTo, answer: 'accept', order: 'o-1', line: { category: 'blanket', unit: 'piece', quantity: 80 } }],
});
const status = (messageId: string, req: string): RmAnswerMessage => ({
  type: 'ReportResourceDeploymentStatus', header: header(messageId, req),
  lines: [{ elementId: 'S-1', respondsTo: 'C-1', line: { category: 'blanket', unit: 'piece', quantity: 80 }, state: 'in-transit', at: '2024-01-12T12:00:00+09:00' }],
});

describe.each(backends())('EDXL-RM answers in the logistics storage on $name', (backend) => {
  if (!backendRuns(backend)) return;
  let store: Store;
  let answers: RmAnswerStorage;
  let n = 0;
  const fresh = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++n}`;
  const party = { sender: 'jp-170003-ishikawa-pref', signed: true, by: 'jp-170003-ishikawa-pref', at: '2024-01-12T10:00:00+09:00' };

  beforeAll(async () => {
    store = await openTestStore(backend);
    const app = logisticsApplication();
    await store.applications.migrate(app.id, app.migrations!);
    answers = rmAnswerStorage(store.applications.database(app.id));
  });
  afterAll(async () => {
    await store?.close();
    await backend.cleanup();
  });

  const send = async (id: string, to = party.sender) => {
    const m = request(id);
    const db = store.applications.database('logistics');
    return db.transaction((tx) => recordSent(tx, m, sentRequestOf(m, { sentTo: to, recipient: to }, 'desk', '2024-01-12T09:00:00+09:00')));
  };

  it('finds the requested lines a shipment serves, each with its request’s sender and its area', async () => {
    const id = fresh('in');
    const db = store.applications.database('logistics');
    const nanao = 'jp-172022-nanao-city';
    const intake = await db.transaction((tx) => takeRmMessagesIn(tx, [request(id)], { sender: nanao, requester: nanao, by: nanao, at: '2024-01-12T09:00:00+09:00' }));
    if (!intake.ok) throw new Error(JSON.stringify(intake));
    const demandIds = intake.steps.flatMap((step) => (step.kind === 'unchanged' ? [] : step.lines.map((l) => l.id)));
    const orderId = `${id}.0`;
    const shipment: StoredShipment = {
      orderId, planId: id, requester: 'jp-170003-ishikawa-pref', supplier: 'jp-170003-ishikawa-pref', receiver: nanao, areaCode: '172022', stockId: 'depot:blanket', stockVersion: 1,
      state: 'planned', updatedAt: '2024-01-12T10:00:00.000Z',
      shipment: {
        supplier: 'jp-170003-ishikawa-pref', from: { type: 'facility', id: 'depot' }, to: { type: 'shelter', id: 's1' }, status: { state: 'planned', at: '2024-01-12T10:00:00+09:00' },
        lines: [{ category: 'blanket', unit: 'piece', quantity: 40, stock: 'depot:blanket', demand: demandIds[1]! }],
      },
    };
    await db.transaction((tx) => writeShipment(tx, shipment, { state: 'planned', at: '2024-01-12T10:00:00+09:00', by: 'desk', node: 'jp-170003-ishikawa-pref' }));
    expect(await rmSourcesOf(db, orderId)).toEqual([{ demandId: demandIds[1], messageId: id, elementId: 'e2', sender: nanao, areaCode: '172022' }]);
  });

  /** Nanao's request taken in by Ishikawa, and a shipment serving its first line that the depot (a third node) committed. */
  async function depotCommitted(prefix: string) {
    const id = fresh(prefix);
    const db = store.applications.database('logistics');
    const [self, nanao, depot] = ['jp-170003-ishikawa-pref', 'jp-172022-nanao-city', 'jp-cao-bousai'];
    const at = '2024-01-12T11:00:00+09:00';
    const intake = await db.transaction((tx) => takeRmMessagesIn(tx, [request(id)], { sender: nanao, requester: nanao, by: nanao, at }));
    if (!intake.ok) throw new Error(JSON.stringify(intake));
    const demandId = intake.steps.flatMap((step) => (step.kind === 'unchanged' ? [] : step.lines.map((l) => l.id)))[0]!;
    const base: StoredShipment = {
      orderId: `${id}.0`, planId: id, requester: self, supplier: depot, receiver: nanao, areaCode: '172022', stockId: 'depot:blanket', stockVersion: 1, state: 'committed', updatedAt: at,
      shipment: {
        supplier: depot, from: { type: 'facility', id: 'depot' }, to: { type: 'shelter', id: 's1' }, status: { state: 'committed', at },
        lines: [{ category: 'blanket', unit: 'piece', quantity: 40, stock: 'depot:blanket', demand: demandId }],
      },
    };
    await db.transaction((tx) => writeShipment(tx, base, { state: 'committed', at, by: 'depot desk', node: depot }));
    return { db, self, nanao, depot, at, base };
  }

  it('keeps one pending relay per change a third node reported, and processes it once: one answer queued and its state kept on the transition', async () => {
    const { db, self, nanao, depot, at, base } = await depotCommitted('relay');
    expect(await db.transaction((tx) => keepPendingRelay(tx, base, depot, self, 'req-1', at))).toBe(true);
    expect(await db.transaction((tx) => keepPendingRelay(tx, base, depot, self, 'req-1', at))).toBe(false);
    // A change the request's own sender reported is not told back to it; a planned shipment tells nothing.
    expect(await db.transaction((tx) => keepPendingRelay(tx, { ...base, state: 'received' }, nanao, self, 'req-2', at))).toBe(false);
    expect(await db.transaction((tx) => keepPendingRelay(tx, { ...base, state: 'planned' }, depot, self, 'req-3', at))).toBe(false);
    const audited: string[] = [];
    const context = {
      node: { id: self, name: { ja: '石川県', en: 'Ishikawa' } }, database: db, now: () => new Date(at), resourceMessages: nodeResourceMessages(),
      peers: () => [{ participantId: nanao, nodeUrl: 'http://127.0.0.1:9/', role: 'municipality', jurisdiction: ['172022'], trustListId: 'jp', catalogKnown: false }],
      // The node's decision is tested on real nodes (test/apps/logistics-rm-relay.test.ts); here it allows, and counts.
      access: { decideRelease: async () => ({ outcome: 'allowed', decision: {} }) },
      audit: { append: async (d: { reasons: { code: string }[] }) => (audited.push(d.reasons[0]!.code), true) },
    } as unknown as ApplicationContext;
    const relay = rmAnswerRelay(context);
    const passes = await Promise.all([relay.processPending(), relay.processPending()]);
    expect(passes.map((p) => p.processed).sort()).toEqual([0, 1]);
    expect(audited).toEqual(['LOGISTICS_RM_ANSWER_RELAYED']);
    const queued = (await store.outbox.list({ limit: 1000 })).filter((m) => m.idempotencyKey.startsWith(`logistics-rm-answer:${base.orderId}:committed:`));
    expect(queued.map((m) => [m.peer, m.kind])).toEqual([[nanao, 'logistics-resource-answer']]);
    const transitions = await db.query<{ detail: { answers?: { sent: boolean; code: string }[] } | null }>('select detail from logistics_shipment_transitions where order_id = $1', [base.orderId]);
    expect(transitions.rows.map((r) => r.detail?.answers?.map((a) => [a.sent, a.code]))).toEqual([[[true, 'LOGISTICS_RM_ANSWER_QUEUED']]]);
    expect(await relay.processPending()).toEqual({ processed: 0, stopped: false, failed: 0 });
    expect(relay.retryScheduledInMs()).toBeUndefined();
  });

  it('tries a pass again later when the audit log could not record a decision, backing off, and relays once it can', async () => {
    const { db, self, nanao, depot, at, base } = await depotCommitted('retry');
    expect(await db.transaction((tx) => keepPendingRelay(tx, base, depot, self, 'req-r', at))).toBe(true);
    // The log refuses the first two decisions (unrecorded), then records.
    let refusals = 2;
    const context = {
      node: { id: self, name: { ja: '石川県', en: 'Ishikawa' } }, database: db, now: () => new Date(at), resourceMessages: nodeResourceMessages(),
      peers: () => [{ participantId: nanao, nodeUrl: 'http://127.0.0.1:9/', role: 'municipality', jurisdiction: ['172022'], trustListId: 'jp', catalogKnown: false }],
      access: { decideRelease: async () => (refusals-- > 0 ? { outcome: 'unrecorded', decision: {} } : { outcome: 'allowed', decision: {} }) },
      audit: { append: async () => true },
    } as unknown as ApplicationContext;
    const relay = rmAnswerRelay(context, { firstMs: 20, maxMs: 30 });
    const queued = async () => (await store.outbox.list({ limit: 1000 })).filter((m) => m.idempotencyKey.startsWith(`logistics-rm-answer:${base.orderId}:committed:`));
    expect(await relay.processPending()).toEqual({ processed: 0, stopped: true, failed: 0 });
    expect(relay.retryScheduledInMs()).toBe(20);
    expect(await queued()).toHaveLength(0);
    // No delivery and no restart: the retries alone relay it, once.
    await expect.poll(async () => (await queued()).length, { timeout: 5_000, interval: 20 }).toBe(1);
    await expect.poll(() => relay.retryScheduledInMs(), { timeout: 5_000, interval: 20 }).toBeUndefined();
    expect(refusals).toBeLessThan(0);
    expect(await relay.processPending()).toEqual({ processed: 0, stopped: false, failed: 0 });
    expect(await queued()).toHaveLength(1);
  });

  it('keeps a request once, and refuses its MessageID for another party', async () => {
    const id = fresh('req');
    expect(await send(id)).toEqual({ kind: 'recorded' });
    expect(await send(id)).toEqual({ kind: 'unchanged' });
    const m = request(id);
    const db = store.applications.database('logistics');
    expect(await db.transaction((tx) => recordSent(tx, m, sentRequestOf(m, { recipient: 'someone else' }, 'desk', '2024-01-12T09:00:00+09:00')))).toMatchObject({ kind: 'reused' });
  });

  it('keeps a new MessageID sent twice at once once, the second send finding it unchanged rather than failing on the key', async () => {
    const id = fresh('twice');
    expect((await Promise.all([send(id), send(id)])).map((r) => r.kind).sort()).toEqual(['recorded', 'unchanged']);
    // The same MessageID to two parties at once: one is kept, the other refused as reused.
    const other = fresh('twice');
    expect((await Promise.all([send(other), send(other, 'jp-172049-wajima-city')])).map((r) => r.kind).sort()).toEqual(['recorded', 'reused']);
    // Whole documents recorded at once, as the send and record-sent routes do: neither throws a key violation.
    const doc = fresh('twice-doc');
    const db = store.applications.database('logistics');
    const both = await Promise.all([1, 2].map(() => db.transaction((tx) => recordAllSent(tx, [request(doc)], { recipient: 'partner' }, 'desk', '2024-01-12T09:00:00+09:00'))));
    expect(both.flat().sort()).toEqual(['recorded', 'unchanged']);
  });

  it('stores a commitment and the status report that follows it in one batch, and counts each requested line', async () => {
    const id = fresh('req');
    await send(id);
    const taken = await answers.takeAnswers([commit(`${id}-c`, id), status(`${id}-s`, id)], party);
    expect(taken.ok).toBe(true);
    const view = (await answers.sentRequests()).find((r) => r.messageId === id)!;
    expect(view.answers).toBe(2);
    expect(view.lines.map((l) => [l.elementId, l.committed, l.inTransit, l.delivered])).toEqual([['e1', 80, 80, 0], ['e2', 0, 0, 0]]);
  });

  it('stores nothing of a batch when a later message answers a line the request does not have', async () => {
    const id = fresh('req');
    await send(id);
    const taken = await answers.takeAnswers([commit(`${id}-c`, id), commit(`${id}-bad`, id, 'e9')], party);
    expect(taken).toMatchObject({ ok: false, index: 1, refusal: { code: 'LOGISTICS_RM_ANSWER_LINE_REFUSED' } });
    expect((await answers.sentRequests()).find((r) => r.messageId === id)!.answers).toBe(0);
  });
});
