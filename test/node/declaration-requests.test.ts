// Declaration requests between real nodes on loopback (PGlite in memory, test trust identities, signed requests and
// outbox deliveries): a dialysis clinic, which may not declare, asks Ishikawa Prefecture, whose operator issues in
// answer, and asks Nanao City, whose operator declines with a reason; each side sees the state and audits its part.
// Requests to a participant that may not declare, for areas outside its jurisdiction, and answers from anyone but the
// participant asked are refused with what to do and leave nothing behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeTarget } from '../../src/federation/discovery.ts';
import { createHttpTransport, createOutboxDispatcher, type OutboxDispatcher } from '../../src/federation/outbox.ts';
import { buildTestTrust, type TestParticipantName } from '../../src/trust/test-fixtures.ts';
import { operatorRequest, runningNode, startOperatorNode, type OperatorNode } from './support/operator-node.ts';

const trust = buildTestTrust(new Date());
const id = (n: TestParticipantName) => trust.participants[n].id;

interface RunningNode extends OperatorNode {
  outbox: OutboxDispatcher;
}

const peers: NodeTarget[] = [];
const nodes: Partial<Record<TestParticipantName, RunningNode>> = {};

async function startNode(name: TestParticipantName): Promise<RunningNode> {
  const started = await startOperatorNode(trust, name, peers);
  // Driven by the test (deliverDue) rather than a timer, so each step's state can be seen before the next.
  const outbox = createOutboxDispatcher({
    storage: started.store.outbox,
    transport: createHttpTransport({ headers: (m, body) => started.context.client.deliveryHeaders(m, body) }),
    maxAttempts: 1,
  });
  return { ...started, outbox };
}

const node = (n: TestParticipantName): RunningNode => runningNode(nodes, n);
const op = (n: TestParticipantName, url: string, init: Parameters<typeof operatorRequest>[2] = {}) => operatorRequest(node(n), url, init);

const ask = (recipient: string, areas: string[], extra: object = {}) => ({
  recipient,
  hazard: 'earthquake',
  phase: 'emergency',
  areas,
  reason: '透析患者の安否確認のため、七尾市への災害宣言をお願いします',
  ...extra,
});

const declaration = (areas: string[], extra: object = {}) => ({
  hazard: 'earthquake',
  phase: 'emergency',
  areas,
  validHours: 72,
  title: { ja: '七尾市 地震（依頼に応じて）', en: 'Nanao earthquake (on request)' },
  ...extra,
});

async function auditOf(n: TestParticipantName, kind: string) {
  const r = await node(n).store.audit.query({ kind, order: 'oldest-first' });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.page.entries;
}

async function requestsOf(n: TestParticipantName) {
  const res = await op(n, '/operator/declaration-requests');
  expect(res.statusCode).toBe(200);
  return res.json() as { sent: { id: string; state: string; [k: string]: unknown }[]; received: { id: string; state: string; [k: string]: unknown }[] };
}

/** What each side holds that a refused request must not change. */
async function footprint(n: TestParticipantName) {
  const r = await requestsOf(n);
  return { sent: r.sent.length, received: r.received.length, outbox: (await node(n).store.outbox.list()).length };
}

beforeAll(async () => {
  for (const n of ['dialysis', 'ishikawa', 'nanao'] as const) nodes[n] = await startNode(n);
}, 60_000);

afterAll(async () => {
  for (const r of Object.values(nodes)) {
    await r.outbox.stop();
    await r.close();
  }
});

describe('whom a participant may ask for a declaration', () => {
  it('offers the participants that may declare and run a node, the nearest authority first, never itself', async () => {
    const res = await op('dialysis', '/operator/declaration-requests/recipients');
    expect(res.statusCode).toBe(200);
    const recipients = res.json().recipients as { participantId: string; areas: { code: string }[] }[];
    expect(recipients.map((r) => r.participantId)).toEqual([id('nanao'), id('ishikawa')]);
    expect(recipients[1]!.areas.map((a) => a.code)).toEqual(expect.arrayContaining(['170003', '172022', '172049']));
    const fromNanao = (await op('nanao', '/operator/declaration-requests/recipients')).json().recipients as { participantId: string }[];
    expect(fromNanao.map((r) => r.participantId)).toEqual([id('ishikawa')]);
  });
});

describe('a request the recipient issues', () => {
  let requestId = '';

  it('is checked, kept, queued and audited by the requester, then delivered signed and kept by the recipient', async () => {
    const res = await op('dialysis', '/operator/declaration-requests', { method: 'POST', body: ask(id('ishikawa'), ['172022']) });
    expect(res.statusCode).toBe(201);
    const sent = res.json().request;
    expect(sent).toMatchObject({ requester: id('dialysis'), recipient: id('ishikawa'), recipientName: { ja: '石川県' }, areas: ['172022'], areaNames: ['七尾市'], state: 'sending' });
    requestId = sent.id;

    expect(await node('dialysis').outbox.deliverDue()).toMatchObject({ delivered: 1, failed: 0 });
    expect((await requestsOf('dialysis')).sent).toEqual([expect.objectContaining({ id: requestId, state: 'waiting' })]);
    const received = (await requestsOf('ishikawa')).received;
    expect(received).toEqual([
      expect.objectContaining({ id: requestId, requester: id('dialysis'), requesterName: { ja: '七尾透析クリニック（架空）', en: 'Nanao Dialysis Clinic (fictional)' }, state: 'waiting', hazard: 'earthquake', phase: 'emergency', areas: ['172022'] }),
    ]);
    expect(received[0]!.reason).toContain('透析患者の安否確認');

    expect((await auditOf('dialysis', 'declaration-request')).map((e) => [e.requester, e.action, e.decision, e.reasons[0]!.code])).toEqual([
      ['operator:console', 'send', 'allow', 'DECLARATION_REQUEST_SENT'],
    ]);
    expect((await auditOf('ishikawa', 'declaration-request')).map((e) => [e.requester, e.action, e.decision, e.reasons[0]!.code])).toEqual([
      [id('dialysis'), 'receive', 'allow', 'DECLARATION_REQUEST_RECEIVED'],
    ]);
  });

  it('is answered by the declaration the recipient issues, and the requester learns which one', async () => {
    const res = await op('ishikawa', '/operator/declarations', { method: 'POST', body: declaration(['172022'], { answering: { requester: id('dialysis'), id: requestId } }) });
    expect(res.statusCode).toBe(201);
    const declarationId: string = res.json().declaration.id;
    expect((await requestsOf('ishikawa')).received).toEqual([expect.objectContaining({ id: requestId, state: 'issued', declarationId, answerDelivery: 'sending' })]);

    expect(await node('ishikawa').outbox.deliverDue()).toMatchObject({ delivered: 1 });
    expect((await requestsOf('ishikawa')).received).toEqual([expect.objectContaining({ id: requestId, answerDelivery: 'delivered' })]);
    expect((await requestsOf('dialysis')).sent).toEqual([expect.objectContaining({ id: requestId, state: 'issued', declarationId, answeredAt: expect.any(String) })]);
    // The declaration itself reached the clinic the way every declaration does, verified against the trust list.
    expect(node('dialysis').book.active(new Date()).map((v) => v.declaration.id)).toContain(declarationId);

    const atIshikawa = (await auditOf('ishikawa', 'declaration-request')).at(-1)!;
    expect(atIshikawa).toMatchObject({ requester: 'operator:console', action: 'issue', decision: 'allow', declarationId, reasons: [{ code: 'DECLARATION_REQUEST_ISSUED' }] });
    const atClinic = (await auditOf('dialysis', 'declaration-request')).at(-1)!;
    expect(atClinic).toMatchObject({ requester: id('ishikawa'), action: 'receive-answer', decision: 'allow', declarationId, reasons: [{ code: 'DECLARATION_REQUEST_ANSWER_RECEIVED' }] });
  });

  it('cannot be answered twice: a second declaration answering it is refused before anything is signed', async () => {
    const before = node('ishikawa').book.all().length;
    const res = await op('ishikawa', '/operator/declarations', { method: 'POST', body: declaration(['172022'], { answering: { requester: id('dialysis'), id: requestId } }), lang: 'en' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'DECLARATION_REQUEST_ALREADY_ANSWERED', detail: expect.stringContaining('already been answered') });
    expect(node('ishikawa').book.all()).toHaveLength(before);
    const decline = await op('ishikawa', '/operator/declaration-requests/decline', { method: 'POST', body: { requester: id('dialysis'), id: requestId, reason: 'x' } });
    expect(decline.statusCode).toBe(409);
    expect((await requestsOf('ishikawa')).received[0]).toMatchObject({ state: 'issued' });
  });
});

describe('a request the recipient declines', () => {
  let requestId = '';

  it('needs a reason to decline, then tells the requester why', async () => {
    const res = await op('dialysis', '/operator/declaration-requests', { method: 'POST', body: ask(id('nanao'), ['172022'], { phase: 'alert' }) });
    expect(res.statusCode).toBe(201);
    requestId = res.json().request.id;
    await node('dialysis').outbox.deliverDue();

    const blank = await op('nanao', '/operator/declaration-requests/decline', { method: 'POST', body: { requester: id('dialysis'), id: requestId, reason: '  ' }, lang: 'en' });
    expect(blank.statusCode).toBe(422);
    expect(blank.json()).toMatchObject({ code: 'DECLARATION_REQUEST_DECLINE_REASON_REQUIRED', detail: expect.stringContaining('requester will see it') });
    expect((await requestsOf('nanao')).received).toEqual([expect.objectContaining({ id: requestId, state: 'waiting' })]);

    const declined = await op('nanao', '/operator/declaration-requests/decline', {
      method: 'POST',
      body: { requester: id('dialysis'), id: requestId, reason: '石川県が既に宣言を出しています' },
    });
    expect(declined.statusCode).toBe(200);
    expect(declined.json().request).toMatchObject({ id: requestId, state: 'declined', declineReason: '石川県が既に宣言を出しています', answerDelivery: 'sending' });
    await node('nanao').outbox.deliverDue();
    const sent = (await requestsOf('dialysis')).sent.find((r) => r.id === requestId);
    expect(sent).toMatchObject({ state: 'declined', declineReason: '石川県が既に宣言を出しています' });
    expect((await auditOf('nanao', 'declaration-request')).map((e) => [e.action, e.decision, e.reasons[0]!.code])).toEqual([
      ['receive', 'allow', 'DECLARATION_REQUEST_RECEIVED'],
      ['decline', 'deny', 'DECLARATION_REQUEST_DECLINE_REASON_REQUIRED'],
      ['decline', 'allow', 'DECLARATION_REQUEST_DECLINED'],
    ]);
  });

  it('refuses to decline a request it never received', async () => {
    const res = await op('nanao', '/operator/declaration-requests/decline', { method: 'POST', body: { requester: id('dialysis'), id: 'dreq-nothing', reason: 'x' } });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'DECLARATION_REQUEST_UNKNOWN' });
  });
});

describe('requests that may not go', () => {
  it('refuses a recipient that may not declare, in Japanese and English, and keeps, queues and sends nothing', async () => {
    const before = await footprint('dialysis');
    const ja = await op('dialysis', '/operator/declaration-requests', { method: 'POST', body: ask(id('hospital'), ['172022']) });
    expect(ja.statusCode).toBe(403);
    expect(ja.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(ja.json()).toMatchObject({ code: 'DECLARATION_REQUEST_RECIPIENT_MAY_NOT_DECLARE', detail: expect.stringContaining('七尾総合病院（架空） は災害宣言を発出できないため') });
    const en = await op('dialysis', '/operator/declaration-requests', { method: 'POST', body: ask(id('hospital'), ['172022']), lang: 'en' });
    expect(en.json().detail).toContain('Nanao General Hospital (fictional) may not issue declarations');
    const unlisted = await op('dialysis', '/operator/declaration-requests', { method: 'POST', body: ask('jp-nobody', ['172022']) });
    expect(unlisted.json()).toMatchObject({ code: 'DECLARATION_REQUEST_RECIPIENT_MAY_NOT_DECLARE' });
    expect(await footprint('dialysis')).toEqual(before);
    const denied = (await auditOf('dialysis', 'declaration-request')).filter((e) => e.decision === 'deny');
    expect(denied.map((e) => e.reasons[0]!.code)).toEqual(Array(3).fill('DECLARATION_REQUEST_RECIPIENT_MAY_NOT_DECLARE'));
  });

  it("refuses areas outside the recipient's jurisdiction with what to do instead", async () => {
    const before = await footprint('dialysis');
    const res = await op('dialysis', '/operator/declaration-requests', { method: 'POST', body: ask(id('nanao'), ['172022', '172049']), lang: 'en' });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'DECLARATION_REQUEST_AREA_OUTSIDE_JURISDICTION', errors: [{ path: 'areas' }] });
    expect(res.json().detail).toContain("Area 172049 lies outside the recipient's jurisdiction (172022)");
    const ja = await op('dialysis', '/operator/declaration-requests', { method: 'POST', body: ask(id('nanao'), ['172049']) });
    expect(ja.json().detail).toContain('依頼先の管轄（172022）の外です');
    expect(await footprint('dialysis')).toEqual(before);
  });

  it('refuses no reason, an unreadable area, the node itself and a recipient that runs no node', async () => {
    const before = await footprint('dialysis');
    const codes = [];
    for (const body of [
      ask(id('ishikawa'), ['172022'], { reason: ' ' }),
      ask(id('ishikawa'), ['17202X']),
      ask(id('dialysis'), ['172022']),
      ask(id('national'), ['172022']),
    ]) {
      const res = await op('dialysis', '/operator/declaration-requests', { method: 'POST', body });
      codes.push([res.statusCode, res.json().code]);
    }
    expect(codes).toEqual([
      [422, 'DECLARATION_REQUEST_REASON_REQUIRED'],
      [422, 'OPERATOR_DECLARATION_AREA_INVALID'],
      [422, 'DECLARATION_REQUEST_TO_SELF'],
      [422, 'DECLARATION_REQUEST_RECIPIENT_NO_NODE'],
    ]);
    expect(await footprint('dialysis')).toEqual(before);
  });

  it('is checked again by the recipient: one sent past the checks is refused there and shows as undelivered', async () => {
    // As a requester with an older trust list would send it: for an area Nanao City may not declare for.
    const requestedAt = new Date().toISOString();
    const peer = peers.find((p) => p.participantId === id('nanao'))!;
    await node('dialysis').store.transaction(async (tx) => {
      const queued = await tx.outbox.enqueue({
        peer: peer.participantId,
        peerUrl: peer.nodeUrl,
        kind: 'declaration-request',
        idempotencyKey: 'declaration-request:dreq-stale',
        payload: { id: 'dreq-stale', hazard: 'flood', phase: 'alert', areas: ['172049'], reason: 'stale', requestedAt },
        createdAt: requestedAt,
      });
      await tx.declarationRequests.keep({ direction: 'sent', requester: id('dialysis'), requestId: 'dreq-stale', recipient: peer.participantId, hazard: 'flood', phase: 'alert', areas: ['172049'], reason: 'stale', requestedAt, outboxSeq: queued.message.seq });
    });
    expect(await node('dialysis').outbox.deliverDue()).toMatchObject({ failed: 1 });
    expect((await requestsOf('dialysis')).sent.find((r) => r.id === 'dreq-stale')).toMatchObject({ state: 'undelivered' });
    expect((await requestsOf('nanao')).received.map((r) => r.id)).not.toContain('dreq-stale');
    expect((await auditOf('nanao', 'declaration-request')).at(-1)).toMatchObject({ requester: id('dialysis'), action: 'receive', decision: 'deny', reasons: [{ code: 'DECLARATION_REQUEST_AREA_OUTSIDE_JURISDICTION' }] });
  });
});

describe('answers from anyone but the participant asked', () => {
  it('are refused, audited, and change nothing', async () => {
    const sent = (await requestsOf('dialysis')).sent.find((r) => r.state === 'issued')!;
    // Nanao City was not asked for this one; it claims to have declined it.
    const clinic = peers.find((p) => p.participantId === id('dialysis'))!;
    const now = new Date().toISOString();
    await node('nanao').store.outbox.enqueue({
      peer: clinic.participantId,
      peerUrl: clinic.nodeUrl,
      kind: 'declaration-request-answer',
      idempotencyKey: `forged:${sent.id}`,
      payload: { id: sent.id, outcome: 'declined', reason: 'forged', answeredAt: now },
      createdAt: now,
    });
    expect(await node('nanao').outbox.deliverDue()).toMatchObject({ failed: 1 });
    expect((await requestsOf('dialysis')).sent.find((r) => r.id === sent.id)).toMatchObject({ state: 'issued' });
    expect((await auditOf('dialysis', 'declaration-request')).at(-1)).toMatchObject({ requester: id('nanao'), action: 'receive-answer', decision: 'deny', reasons: [{ code: 'DECLARATION_REQUEST_UNKNOWN' }] });
  });

  it('are refused unsigned', async () => {
    const res = await node('dialysis').app.inject({
      method: 'POST',
      url: '/federation/deliveries',
      headers: { 'idempotency-key': 'k1' },
      payload: { kind: 'declaration-request-answer', idempotencyKey: 'k1', createdAt: new Date().toISOString(), payload: { id: 'x', outcome: 'declined', reason: 'x', answeredAt: new Date().toISOString() } },
    });
    expect(res.statusCode).toBe(401);
  });
});
