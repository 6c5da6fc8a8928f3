// An answer file (CommitResource, ReportResourceDeploymentStatus from a partner outside the data space) looked at
// before it is taken in, on a real node on loopback (PGlite in memory): the request it answers and the line each of
// its lines concerns, what the import would change — or its refusal in words (a request never sent, a line of no
// request, a MessageID used for other content, requests and answers mixed) — while nothing is stored and nothing
// audited; and the answers a request received, read one by one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestResourceOf } from '../../src/adapters/edxl-rm/from-records.ts';
import { writeRmMessage } from '../../src/adapters/edxl-rm/rm-out.ts';
import type { Demand } from '../../src/model/index.ts';
import { builtInPolicies } from '../../src/node/node-policies.ts';
import { buildTestTrust } from '../../src/trust/test-fixtures.ts';
import { auditEntries, loopbackPeers, startLogisticsNode, stopLogisticsNodes, type RunningNode } from './support/logistics-nodes.ts';

const trust = buildTestTrust(new Date());
const NANAO = trust.participants.nanao.id;
const TOKEN = 'answer-file-preview-test-operator-token-0123';
let node: RunningNode<'nanao'>;

const demand = (shelter: string, quantity: number): Demand => ({
  origin: 'request', destination: { type: 'shelter', id: shelter }, areaCode: '172022', location: { type: 'Point', coordinates: [136.97, 37.04] },
  item: { category: 'blanket' }, quantity, unit: 'piece', neededBy: '2024-01-13T12:00:00+09:00', priority: 'high',
});

function written(message: Parameters<typeof writeRmMessage>[0]): string {
  const w = writeRmMessage(message);
  if (!w.ok) throw new Error(JSON.stringify(w.problems));
  return w.xml;
}

const requestXml = (messageId: string) =>
  written(requestResourceOf({ messageId, sentAt: '2024-01-12T09:00:00+09:00', originatingMessageId: messageId, contact: { role: 'Requester', description: '七尾市災害対策本部' } }, [
    { id: 'o1', demand: demand('172022-S1', 150) },
    { id: 'o2', demand: demand('172022-S2', 60) },
  ]));

function commitXml(messageId: string, request: string, lines: { id: string; respondsTo: string; answer: 'accept' | 'decline'; quantity: number }[]): string {
  return written({
    type: 'CommitResource',
    header: { messageId, sentAt: '2024-01-12T10:00:00+09:00', originatingMessageId: request, precedingMessageId: request, contact: { role: 'RespondingOrg', description: 'Kanazawa retailer' } },
    lines: lines.map((l) => ({
      elementId: l.id, respondsTo: l.respondsTo, answer: l.answer, ...(l.answer === 'decline' ? { reason: 'no stock' } : {}),
      line: { category: 'blanket' as const, unit: 'piece' as const, quantity: l.quantity },
    })),
  });
}

const statusXml = (messageId: string, request: string, respondsTo: string, state: 'in-transit' | 'delivered', quantity: number) =>
  written({
    type: 'ReportResourceDeploymentStatus',
    header: { messageId, sentAt: '2024-01-12T12:00:00+09:00', originatingMessageId: request, contact: { role: 'Sender', description: 'Kanazawa retailer' } },
    lines: [{ elementId: `${messageId}-1`, respondsTo, line: { category: 'blanket', unit: 'piece', quantity }, state, at: '2024-01-12T12:00:00+09:00' }],
  });

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked field by field
async function call(method: 'GET' | 'POST', path: string, xml?: string, lang = 'en'): Promise<{ status: number; json: Record<string, any> }> {
  const res = await fetch(`${node.url}/operator/logistics${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'accept-language': lang, ...(xml !== undefined ? { 'content-type': 'application/xml' } : {}) },
    ...(xml !== undefined ? { body: xml } : {}),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const preview = (xml: string, lang = 'en') => call('POST', '/requests/edxl-rm/preview', xml, lang);

/** What the node keeps of the request's lines: [element, committed, declined, in transit, delivered]. */
async function sentLines(messageId: string) {
  const r = await call('GET', '/edxl-rm/sent');
  const item = (r.json.items as { messageId: string; lines: { elementId: string; committed: number; declined: number; inTransit: number; delivered: number }[] }[]).find((i) => i.messageId === messageId);
  return item?.lines.map((l) => [l.elementId, l.committed, l.declined, l.inTransit, l.delivered]);
}

/** Entries the answers would be audited under: their intake (kind logistics-answer). */
async function answerEntries(): Promise<number> {
  return (await auditEntries(node, { kind: 'logistics-answer' })).length;
}

beforeAll(async () => {
  const { freePorts } = await import('../../src/node/free-ports.ts');
  const [port] = await freePorts('127.0.0.1', 1);
  const url = `http://127.0.0.1:${port}`;
  const peers = () => loopbackPeers(trust, ['nanao'], new Map([[NANAO, url]]));
  node = await startLogisticsNode({ trust, name: 'nanao', url, port: port!, policies: builtInPolicies(NANAO), token: TOKEN, peers });
  const recorded = await call('POST', `/edxl-rm/sent?recipient=${encodeURIComponent('Kanazawa retailer (e-mail)')}&by=${encodeURIComponent('七尾市 田中')}`, requestXml('nanao-outside-1'));
  if (recorded.status !== 201) throw new Error(JSON.stringify(recorded.json));
}, 120_000);

afterAll(() => stopLogisticsNodes([node]));

describe('an answer file looked at before it is taken in', () => {
  const commit = commitXml('retailer-commit-1', 'nanao-outside-1', [{ id: 'C-1', respondsTo: 'o1', answer: 'accept', quantity: 150 }, { id: 'C-2', respondsTo: 'o2', answer: 'decline', quantity: 60 }]);

  it('names the request it answers, the line each of its lines concerns and what the import would change, storing and auditing nothing', async () => {
    const before = await answerEntries();
    const r = await preview(commit);
    expect(r.status).toBe(200);
    expect(r.json.kind).toBe('answers');
    expect(r.json.messages).toEqual([]);
    expect(r.json.answers).toEqual([
      {
        messageId: 'retailer-commit-1', type: 'CommitResource', sentAt: '2024-01-12T10:00:00+09:00', contact: 'Kanazawa retailer', names: ['nanao-outside-1'],
        request: { messageId: 'nanao-outside-1', recipient: 'Kanazawa retailer (e-mail)', sentAt: expect.any(String), sentBy: '七尾市 田中' },
        lines: [
          { elementId: 'C-1', respondsTo: 'o1', state: 'committed', at: '2024-01-12T10:00:00+09:00', quantity: 150, unit: 'piece', requested: { elementId: 'o1', category: 'blanket', unit: 'piece', quantity: 150, areaCode: '172022', areaName: { ja: '七尾市', en: 'Nanao City' } } },
          { elementId: 'C-2', respondsTo: 'o2', state: 'declined', at: '2024-01-12T10:00:00+09:00', quantity: 60, unit: 'piece', reason: 'no stock', requested: expect.objectContaining({ elementId: 'o2', quantity: 60 }) },
        ],
      },
    ]);
    expect(r.json.forecast).toEqual({ ok: true, messages: [{ messageId: 'retailer-commit-1', result: 'stored', lines: 2, requestIds: [], withdrawn: [], type: 'CommitResource', answers: 'nanao-outside-1' }] });
    const zero = { committed: 0, declined: 0, inTransit: 0, delivered: 0, received: 0, provisional: 0 };
    expect(r.json.changes).toEqual([
      expect.objectContaining({ request: 'nanao-outside-1', elementId: 'o1', before: zero, after: { ...zero, committed: 150 } }),
      expect.objectContaining({ request: 'nanao-outside-1', elementId: 'o2', before: zero, after: { ...zero, declined: 60 } }),
    ]);
    // Nothing stored, nothing audited: the request still has no answer, and looking again forecasts the same import.
    expect(await sentLines('nanao-outside-1')).toEqual([['o1', 0, 0, 0, 0], ['o2', 0, 0, 0, 0]]);
    expect((await call('GET', '/edxl-rm/sent/nanao-outside-1/answers')).json.items).toEqual([]);
    expect(await answerEntries()).toBe(before);
    expect((await preview(commit)).json.forecast.messages[0].result).toBe('stored');
  });

  it('forecasts a status report against the commitment taken in before, and the same commitment again as changing nothing', async () => {
    expect((await call('POST', `/requests/edxl-rm?by=${encodeURIComponent('七尾市 田中')}`, commit)).status).toBe(201);
    expect((await preview(commit)).json.forecast).toMatchObject({ ok: true, messages: [{ result: 'unchanged', lines: 0 }] });
    expect((await preview(commit)).json.changes).toEqual([]);
    // A status line may name the commitment line it follows (C-1) instead of the requested line.
    const report = await preview(statusXml('retailer-status-1', 'nanao-outside-1', 'C-1', 'in-transit', 150));
    expect(report.json.answers[0]).toMatchObject({ type: 'ReportResourceDeploymentStatus', request: { messageId: 'nanao-outside-1' }, lines: [{ respondsTo: 'C-1', state: 'in-transit', quantity: 150, requested: { elementId: 'o1' } }] });
    expect(report.json.changes).toEqual([expect.objectContaining({ elementId: 'o1', before: expect.objectContaining({ committed: 150, inTransit: 0 }), after: expect.objectContaining({ committed: 150, inTransit: 150 }) })]);
    expect(await sentLines('nanao-outside-1')).toEqual([['o1', 150, 0, 0, 0], ['o2', 0, 60, 0, 0]]);
    // Taken in, the same report again changes nothing, and its line is still placed on the requested line it concerns.
    expect((await call('POST', '/requests/edxl-rm?by=x', statusXml('retailer-status-1', 'nanao-outside-1', 'C-1', 'in-transit', 150))).status).toBe(201);
    const again = await preview(statusXml('retailer-status-1', 'nanao-outside-1', 'C-1', 'in-transit', 150));
    expect(again.json.forecast).toMatchObject({ ok: true, messages: [{ result: 'unchanged' }] });
    expect(again.json.answers[0].lines[0].requested).toMatchObject({ elementId: 'o1' });
    expect(again.json.changes).toEqual([]);
  });

  it('refuses in words an answer to a request never sent, a line of no requested line, a MessageID used for other content, and answers mixed with a request — nothing stored, nothing audited', async () => {
    const before = await answerEntries();
    const unknown = await preview(commitXml('retailer-commit-x', 'not-sent-by-nanao', [{ id: 'X-1', respondsTo: 'o1', answer: 'accept', quantity: 1 }]), 'ja');
    expect(unknown.status).toBe(200);
    expect(unknown.json.answers[0].request).toBeUndefined();
    expect(unknown.json.answers[0].names).toEqual(['not-sent-by-nanao']);
    expect(unknown.json.forecast).toMatchObject({ ok: false, code: 'LOGISTICS_RM_ANSWER_REQUEST_UNKNOWN' });
    expect(unknown.json.forecast.detail).toContain('not-sent-by-nanao');
    expect(unknown.json.forecast.detail).toContain('このノードは送っていません');

    const line = await preview(commitXml('retailer-commit-9', 'nanao-outside-1', [{ id: 'L-1', respondsTo: 'o9', answer: 'accept', quantity: 1 }]));
    expect(line.json.forecast).toMatchObject({ ok: false, code: 'LOGISTICS_RM_ANSWER_LINE_REFUSED', errors: [{ path: 'ResourceInformation[1]/ResponseInformation/PrecedingResourceInfoElementID' }] });
    expect(line.json.answers[0].lines[0].requested).toBeUndefined();
    expect(line.json.changes).toEqual([]);

    const reused = await preview(commitXml('retailer-commit-1', 'nanao-outside-1', [{ id: 'C-1', respondsTo: 'o1', answer: 'accept', quantity: 10 }]));
    expect(reused.json.forecast).toMatchObject({ ok: false, code: 'LOGISTICS_RM_MESSAGE_ID_REUSED' });
    expect(reused.json.forecast.detail).toContain('retailer-commit-1');
    // Taken in from a file before: its sender named in words, not as the console's id.
    expect(reused.json.forecast.detail).toContain('this node’s operator (an imported file)');
    expect(reused.json.forecast.detail).not.toContain('operator:console');

    const mixedXml = `<?xml version="1.0" encoding="UTF-8"?>\n<EDXLDistribution xmlns="urn:oasis:names:tc:emergency:EDXL:DE:1.0"><distributionID>mix-1</distributionID><senderID>x@example.org</senderID><dateTimeSent>2024-01-12T10:00:00+09:00</dateTimeSent><distributionStatus>Actual</distributionStatus><distributionType>Report</distributionType><combinedConfidentiality>UNCLASSIFIED</combinedConfidentiality>${[commit, requestXml('nanao-mixed-1')].map((x) => `<contentObject><xmlContent><embeddedXMLContent>${x.replace(/^<\?xml[^>]*\?>\s*/, '')}</embeddedXMLContent></xmlContent></contentObject>`).join('')}</EDXLDistribution>`;
    const mixed = await preview(mixedXml);
    expect(mixed.status, JSON.stringify(mixed.json)).toBe(200);
    expect(mixed.json).toMatchObject({ kind: 'answers', forecast: { ok: false, code: 'LOGISTICS_RM_NOT_ANSWER' } });
    expect(mixed.json.messages.map((m: { messageId: string }) => m.messageId)).toEqual(['nanao-mixed-1']);

    expect(await sentLines('nanao-outside-1')).toEqual([['o1', 150, 0, 150, 0], ['o2', 0, 60, 0, 0]]);
    expect(await answerEntries()).toBe(before);
  });
});

describe('the answers a request sent has received', () => {
  it('lists each answer with its sender, when and by whom it was taken in, and what its lines say; audited', async () => {
    const r = await call('GET', '/edxl-rm/sent/nanao-outside-1/answers');
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      request: 'nanao-outside-1',
      items: [
        {
          messageId: 'retailer-commit-1', type: 'CommitResource', sender: 'operator:console', receivedAt: expect.stringMatching(/Z$/), receivedBy: '七尾市 田中',
          lines: [
            { elementId: 'C-1', request: 'o1', state: 'committed', at: '2024-01-12T10:00:00+09:00', quantity: 150, unit: 'piece' },
            { elementId: 'C-2', request: 'o2', state: 'declined', at: '2024-01-12T10:00:00+09:00', quantity: 60, unit: 'piece', reason: 'no stock' },
          ],
        },
        {
          messageId: 'retailer-status-1', type: 'ReportResourceDeploymentStatus', sender: 'operator:console', receivedAt: expect.stringMatching(/Z$/), receivedBy: 'x',
          lines: [{ elementId: 'retailer-status-1-1', request: 'o1', state: 'in-transit', at: '2024-01-12T12:00:00+09:00', quantity: 150, unit: 'piece' }],
        },
      ],
    });
    const audit = await node.store.audit.query({ kind: 'operator-query', limit: 1000 });
    if (!audit.ok) throw new Error(JSON.stringify(audit.problems));
    expect(audit.page.entries.some((e) => e.reasons.some((x) => x.code === 'LOGISTICS_RM_ANSWERS_LISTED' && x.params?.messageId === 'nanao-outside-1'))).toBe(true);
  });

  it('answers 404 in words for a request this node never sent', async () => {
    const r = await call('GET', '/edxl-rm/sent/never-sent/answers', undefined, 'ja');
    expect(r.status).toBe(404);
    expect(r.json.code).toBe('LOGISTICS_RM_SENT_UNKNOWN');
    expect(r.json.detail).toContain('never-sent');
  });

  it('is described in the node’s OpenAPI document', async () => {
    const doc = (await (await fetch(`${node.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain('/operator/logistics/edxl-rm/sent/{messageId}/answers');
  });
});
