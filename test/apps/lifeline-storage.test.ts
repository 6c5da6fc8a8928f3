// The lifeline's own tables on every backend, through the database handle the node gives the application: match
// decisions replace earlier ones on the same pair, a safety report queues one outbox message per delivery in its own
// transaction, a report based on an older status is kept as a conflict with nothing queued, and delivery states
// follow the outbox.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lifelineApplication } from '../../src/apps/lifeline/application.ts';
import { lifelineStorage, type LifelineStorage, type RecordSafetyReportInput, type StoredSafetyReport } from '../../src/apps/lifeline/storage.ts';
import type { Store } from '../../src/store/types.ts';
import { backends, openTestStore, backendRuns } from '../store/support/backends.ts';

function report(personId: string, at: string, extra: Partial<StoredSafetyReport> = {}): Omit<StoredSafetyReport, 'conflictWith'> {
  return { id: randomUUID(), personId, status: 'safe', by: '受付 花子', node: 'jp-172022-nanao-city', at, ...extra };
}

function delivery(reportId: string, node: string, recordId: string): RecordSafetyReportInput['deliveries'][number] {
  return {
    node,
    recordId,
    message: {
      peer: node,
      peerUrl: `http://${node}.example/`,
      kind: 'safety-status-update',
      idempotencyKey: `lifeline-safety:${reportId}:${recordId}`,
      payload: { personId: recordId },
      createdAt: '2024-01-02T00:00:00.000Z',
    },
  };
}

describe.each(backends())('the lifeline storage on $name', (backend) => {
  if (!backendRuns(backend)) return;

  let store: Store;
  let lifeline: LifelineStorage;
  beforeAll(async () => {
    store = await openTestStore(backend);
    const app = lifelineApplication();
    await store.applications.migrate(app.id, app.migrations!);
    lifeline = lifelineStorage({ database: store.applications.database(app.id), outboxStates: (seqs) => store.outbox.states(seqs) });
  });
  afterAll(async () => {
    await store?.close();
    await backend.cleanup();
  });

  it('keeps one decision per pair, whichever order the keys were given in, the latest winning', async () => {
    const a = `n1/${randomUUID()}`;
    const b = `n2/${randomUUID()}`;
    await lifeline.saveDecision({ a: b, b: a, decision: 'confirm', by: 'A', at: '2024-01-02T00:00:00.000Z' });
    await lifeline.saveDecision({ a, b, decision: 'split', by: 'B', at: '2024-01-02T01:00:00.000Z' });
    const mine = (await lifeline.decisions()).filter((d) => d.a === a || d.b === a);
    expect(mine).toEqual([{ a: a < b ? a : b, b: a < b ? b : a, decision: 'split', by: 'B', at: '2024-01-02T01:00:00.000Z' }]);
  });

  it('records a report and queues one outbox message per member record, readable as queued deliveries', async () => {
    const person = `n1/${randomUUID()}`;
    const r = report(person, '2024-01-02T00:00:00.000Z', { shelter: 'shelter-1', note: '近所の家にいる' });
    const outcome = await lifeline.recordSafetyReport({ report: r, deliveries: [delivery(r.id, 'n1', 'p-1'), delivery(r.id, 'n2', 'p-9')] });
    expect(outcome.kind).toBe('recorded');
    expect(outcome.report).toEqual(r);
    const queued = await store.outbox.list({ peer: 'n2' });
    expect(queued.some((m) => m.idempotencyKey === `lifeline-safety:${r.id}:p-9`)).toBe(true);
    const deliveries = await lifeline.safetyDeliveries([r.id]);
    expect(deliveries.map((d) => [d.node, d.recordId, d.state])).toEqual([
      ['n1', 'p-1', 'queued'],
      ['n2', 'p-9', 'queued'],
    ]);
    expect(await lifeline.safetyReports(person)).toEqual([r]);
  });

  it('keeps a report based on an older status as a conflict beside the current one, queueing nothing', async () => {
    const person = `n1/${randomUUID()}`;
    const first = report(person, '2024-01-02T10:00:00.000Z', { status: 'needs-rescue' });
    await lifeline.recordSafetyReport({ report: first, deliveries: [] });
    const stale = report(person, '2024-01-02T11:00:00.000Z', { status: 'safe', basedOnAt: '2024-01-02T09:00:00.000Z' });
    const before = (await store.outbox.list()).length;
    const outcome = await lifeline.recordSafetyReport({ report: stale, deliveries: [delivery(stale.id, 'n1', 'p-2')] });
    expect(outcome.kind).toBe('conflict');
    if (outcome.kind !== 'conflict') return;
    expect(outcome.current).toMatchObject({ status: 'needs-rescue', at: first.at });
    expect((await store.outbox.list()).length).toBe(before);
    const kept = await lifeline.safetyReports(person);
    expect(kept.map((k) => [k.status, k.conflictWith?.status])).toEqual([
      ['safe', 'needs-rescue'],
      ['needs-rescue', undefined],
    ]);
  });

  it("treats the sources' newer status as current too, and accepts a report based on the current status", async () => {
    const person = `n1/${randomUUID()}`;
    const sourceCurrent = { personId: person, status: 'evacuated' as const, by: 'n1', node: 'n1', at: '2024-01-03T00:00:00.000Z' };
    const stale = report(person, '2024-01-03T01:00:00.000Z', { basedOnAt: '2024-01-02T00:00:00.000Z' });
    expect((await lifeline.recordSafetyReport({ report: stale, sourceCurrent, deliveries: [] })).kind).toBe('conflict');
    const fresh = report(person, '2024-01-03T02:00:00.000Z', { basedOnAt: sourceCurrent.at });
    expect((await lifeline.recordSafetyReport({ report: fresh, sourceCurrent, deliveries: [] })).kind).toBe('recorded');
    const grouped = await lifeline.safetyReportsOf([person, 'nobody']);
    expect(grouped.get(person)?.map((r) => r.id)).toEqual([fresh.id, stale.id]);
    expect(grouped.has('nobody')).toBe(false);
  });

  it('reports a delivery as delivered or failed once the outbox settles its message', async () => {
    const person = `n1/${randomUUID()}`;
    const r = report(person, '2024-01-04T00:00:00.000Z');
    const peer = `peer-${randomUUID().slice(0, 8)}`;
    const other = `peer-${randomUUID().slice(0, 8)}`;
    await lifeline.recordSafetyReport({ report: r, deliveries: [delivery(r.id, peer, 'p-1'), delivery(r.id, other, 'p-2')] });
    const now = new Date().toISOString();
    const leaseUntil = new Date(Date.now() + 60_000).toISOString();
    const [m1] = await store.outbox.claimDue({ now, leaseUntil, limit: 1, peer });
    await store.outbox.markDelivered({ seq: m1!.seq, attempts: m1!.attempts }, now);
    const [m2] = await store.outbox.claimDue({ now, leaseUntil, limit: 1, peer: other });
    await store.outbox.markFailed({ seq: m2!.seq, attempts: m2!.attempts }, { at: now, code: 'OUTBOX_PEER_REFUSED', reason: 'HTTP 409' });
    const states = await lifeline.safetyDeliveries([r.id]);
    expect(states.find((d) => d.node === peer)).toMatchObject({ state: 'delivered' });
    expect(states.find((d) => d.node === other)).toMatchObject({ state: 'failed', lastError: 'OUTBOX_PEER_REFUSED' });
  });
});
