// Every delivery kind the node receives itself keeps the audit entry of what it applied pending with its receipt: a
// fault between the commit and the entry (the log refusing, as a SIGKILL there would leave it) answers 503, the
// change stays kept, and the sender's redelivery writes the entry once. Applications' kinds are covered by
// test/federation/multi-node.test.ts ("answers 503 when the owner cannot write the audit entry…").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signCheckpoint } from '../../src/audit/index.ts';
import { signRequest } from '../../src/trust/http-signatures/request-signature.ts';
import { buildTestTrust, type ActiveTestParticipantName } from '../../src/trust/test-fixtures.ts';
import { asNanaoIn, NODE_ID, openTestNode, type TestNode } from './support/test-node.ts';

const now = new Date();
const trust = buildTestTrust(now);
const idOf = (who: ActiveTestParticipantName) => trust.participants[who].id;
const DAY = 86_400;

let node: TestNode;
beforeAll(async () => {
  node = await openTestNode({ federation: asNanaoIn(trust) });
});
afterAll(async () => node.close());

/** Deliver as `sender`, signed, the way an outbox does. */
async function deliver(sender: ActiveTestParticipantName, kind: string, idempotencyKey: string, payload: unknown) {
  const body = JSON.stringify({ kind, idempotencyKey, createdAt: new Date().toISOString(), payload });
  const url = '/federation/deliveries';
  const headers = signRequest({ method: 'POST', url, body, credential: trust.credentials[sender], signer: trust.signers[sender], audience: NODE_ID, now: new Date() });
  return node.app.inject({ method: 'POST', url, body, headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': idempotencyKey } });
}

async function entriesOf(requestId: string) {
  const r = await node.store.audit.query({ limit: 1000 });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.page.entries.filter((e) => e.requestId === requestId);
}

interface KindCase {
  kind: string;
  sender: ActiveTestParticipantName;
  payload: () => unknown;
  /** Made before the delivery (what the kind needs to find on the node). */
  before?: () => Promise<void>;
  /** Whether what the delivery changes is kept on the node. */
  kept: () => Promise<boolean>;
}

const cases: KindCase[] = [
  {
    kind: 'notification',
    sender: 'ishikawa',
    payload: () => ({
      subscriptionId: 'sub-audit-1',
      topic: 'shelter-status',
      dataset: 'shelters',
      recordType: 'shelter',
      version: 1,
      record: { id: 'ishikawa-shelter-audit-1', name: 'test' },
      access: {
        effect: 'allow',
        dataset: 'shelters',
        purpose: 'evacuation-support',
        policy: { id: 'ishikawa-shelters', version: 1 },
        obligations: { retention: 'P1D', retentionSeconds: DAY, onwardSharing: false },
        requestId: 'dispatch-audit-1',
      },
    }),
    kept: async () => (await node.store.copies.read({ now: new Date(), provider: idOf('ishikawa'), recordIds: ['ishikawa-shelter-audit-1'] })).length === 1,
  },
  {
    kind: 'audit-checkpoint',
    sender: 'ishikawa',
    payload: () => ({ checkpoint: signCheckpoint(trust.signers.ishikawa, { seq: 12, hash: 'c'.repeat(64) }, new Date(now.getTime() - 60_000).toISOString()) }),
    kept: async () => (await node.store.auditAnchors.held(idOf('ishikawa'), 5)).length === 1,
  },
  {
    kind: 'declaration-request',
    sender: 'dialysis',
    payload: () => ({ id: 'dreq-audit-1', hazard: 'earthquake', phase: 'emergency', areas: ['172022'], reason: 'power cut at the clinic', requestedAt: new Date().toISOString() }),
    kept: async () => (await node.store.declarationRequests.get({ direction: 'received', requester: idOf('dialysis'), requestId: 'dreq-audit-1' })) !== undefined,
  },
  {
    kind: 'declaration-request-answer',
    sender: 'ishikawa',
    before: async () => {
      await node.store.declarationRequests.keep({
        direction: 'sent',
        requester: NODE_ID,
        requestId: 'dreq-audit-2',
        recipient: idOf('ishikawa'),
        hazard: 'earthquake',
        phase: 'emergency',
        areas: ['172022'],
        reason: 'roads cut',
        requestedAt: new Date().toISOString(),
      });
    },
    payload: () => ({ id: 'dreq-audit-2', outcome: 'declined', reason: 'already declared by the city', answeredAt: new Date().toISOString() }),
    kept: async () => (await node.store.declarationRequests.get({ direction: 'sent', requester: NODE_ID, requestId: 'dreq-audit-2' }))?.state === 'declined',
  },
];

describe.each(cases)('a $kind delivery whose audit entry cannot be written after its commit', (c) => {
  it('is answered 503 with the change kept, and its redelivery writes the entry exactly once', async () => {
    await c.before?.();
    const key = `audit-fault-${c.kind}`;
    // The log refuses the next append — the delivery's entry, after its change committed — as a crash there would.
    const append = node.log.append.bind(node.log);
    let refusals = 1;
    node.log.append = async (drafts, options) => (refusals-- > 0 ? ({ ok: false, problems: [{ code: 'AUDIT_TEST_REFUSED', params: {} }] } as never) : append(drafts, options));
    let first;
    try {
      first = await deliver(c.sender, c.kind, key, c.payload());
    } finally {
      node.log.append = append;
    }
    expect(first.statusCode).toBe(503);
    expect(first.json()).toMatchObject({ code: 'NODE_AUDIT_UNAVAILABLE' });
    expect(await c.kept()).toBe(true);
    const firstId = String(first.headers['x-request-id']);
    expect(await entriesOf(firstId)).toEqual([]);

    const again = await deliver(c.sender, c.kind, key, c.payload());
    expect(again.statusCode).toBeLessThan(300);
    const late = await entriesOf(firstId);
    expect(late).toHaveLength(1);
    expect(late[0]!.decision).toBe('allow');
    expect(late[0]!.requester).toBe(idOf(c.sender));
    expect(late[0]!.reasons.map((r) => r.code)).toContain('NODE_DELIVERY_AUDITED_ON_REDELIVERY');

    const third = await deliver(c.sender, c.kind, key, c.payload());
    expect(third.statusCode).toBeLessThan(300);
    expect(third.headers['tsunagu-duplicate']).toBe('true');
    expect(await entriesOf(firstId)).toHaveLength(1);
  });

  it('writes its entry at once when the log takes it, and a repeat writes none', async () => {
    const key = `audit-ok-${c.kind}`;
    // A fresh subject for kinds that change state once (a request answered, a checkpoint held).
    const first = await deliver(c.sender, c.kind, key, c.payload());
    expect(first.statusCode).toBeLessThan(500);
    const entries = await entriesOf(String(first.headers['x-request-id']));
    expect(entries).toHaveLength(1);
    expect(entries[0]!.reasons.map((r) => r.code)).not.toContain('NODE_DELIVERY_AUDITED_ON_REDELIVERY');
    const repeat = await deliver(c.sender, c.kind, key, c.payload());
    expect(repeat.statusCode).toBe(first.statusCode);
    expect(await entriesOf(String(repeat.headers['x-request-id']))).toEqual(first.statusCode < 300 ? [] : [expect.objectContaining({ decision: 'deny' })]);
  });
});
