// An EDXL-RM file looked at before it is taken in, on a real node on loopback (PGlite in memory): its lines with the
// areas' names, and what the import would do now — imported, unchanged, replacing, refused in words — while nothing is
// stored and nothing audited; hostile and foreign files refused with the import's own words.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestResourceOf } from '../../src/adapters/edxl-rm/from-records.ts';
import { writeRmMessage } from '../../src/adapters/edxl-rm/rm-out.ts';
import type { Demand } from '../../src/model/index.ts';
import { builtInPolicies } from '../../src/node/node-policies.ts';
import { buildTestTrust } from '../../src/trust/test-fixtures.ts';
import { auditEntries, loopbackPeers, startLogisticsNode, stopLogisticsNodes, type RunningNode } from './support/logistics-nodes.ts';

const trust = buildTestTrust(new Date());
const ISHIKAWA = trust.participants.ishikawa.id;
const TOKEN = 'request-file-test-operator-token-0123456789';
let node: RunningNode<'ishikawa'>;

const fixture = (f: string) => readFileSync(new URL(`../fixtures/edxl-rm/${f}`, import.meta.url), 'utf8');

const demand = (shelter: string, quantity: number): Demand => ({
  origin: 'request', destination: { type: 'shelter', id: shelter }, areaCode: '172022', location: { type: 'Point', coordinates: [136.97, 37.04] },
  item: { category: 'blanket', name: { ja: '毛布', en: 'Blanket' } }, quantity, unit: 'piece', neededBy: '2024-01-13T12:00:00+09:00', priority: 'high',
});

function requestXml(messageId: string, lines: { id: string; demand: Demand }[], recall?: { messageId: string; type: 'update' | 'cancel' }): string {
  const header = { messageId, sentAt: '2024-01-12T09:00:00+09:00', originatingMessageId: messageId, contact: { role: 'Requester' as const, description: '七尾市災害対策本部' }, ...(recall ? { recall } : {}) };
  const written = writeRmMessage(requestResourceOf(header, lines));
  if (!written.ok) throw new Error(JSON.stringify(written.problems));
  return written.xml;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked field by field
async function post(path: string, xml: string | undefined, lang = 'en'): Promise<{ status: number; json: Record<string, any> }> {
  const res = await fetch(`${node.url}/operator/logistics${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'accept-language': lang, ...(xml !== undefined ? { 'content-type': 'application/xml' } : { 'content-type': 'application/json' }) },
    body: xml ?? '{}',
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function requests(): Promise<string[]> {
  const res = await fetch(`${node.url}/operator/logistics/needs`, { headers: { authorization: `Bearer ${TOKEN}` } });
  return ((await res.json()) as { needs: { id: string; demand: Demand }[] }).needs.filter((n) => n.demand.origin === 'request').map((n) => n.id);
}

async function requestEntries(): Promise<number> {
  return (await auditEntries(node, { kind: 'logistics-request' })).length;
}

beforeAll(async () => {
  const { freePorts } = await import('../../src/node/free-ports.ts');
  const [port] = await freePorts('127.0.0.1', 1);
  const url = `http://127.0.0.1:${port}`;
  const peers = () => loopbackPeers(trust, ['ishikawa'], new Map([[ISHIKAWA, url]]));
  node = await startLogisticsNode({ trust, name: 'ishikawa', url, port: port!, policies: builtInPolicies(ISHIKAWA), token: TOKEN, peers });
}, 120_000);

afterAll(() => stopLogisticsNodes([node]));

describe('an EDXL-RM file looked at before it is taken in', () => {
  const lines = [{ id: 'l1', demand: demand('172022-S1', 100) }, { id: 'l2', demand: demand('172022-S2', 50) }];

  it('shows each line with its area’s name and forecasts the import, storing and auditing nothing', async () => {
    const before = await requestEntries();
    const r = await post('/requests/edxl-rm/preview', requestXml('nanao-preview-1', lines));
    expect(r.status).toBe(200);
    expect(r.json.messages).toEqual([
      {
        messageId: 'nanao-preview-1', sentAt: '2024-01-12T09:00:00+09:00', contact: '七尾市災害対策本部',
        lines: [
          expect.objectContaining({ elementId: 'l1', category: 'blanket', name: { ja: '毛布', en: 'Blanket' }, quantity: 100, unit: 'piece', destination: { type: 'shelter', id: '172022-S1' }, areaCode: '172022', areaName: { ja: '七尾市', en: 'Nanao City' }, neededBy: '2024-01-13T12:00:00+09:00', priority: 'high' }),
          expect.objectContaining({ elementId: 'l2', quantity: 50 }),
        ],
      },
    ]);
    expect(r.json.forecast).toEqual({ ok: true, messages: [{ messageId: 'nanao-preview-1', result: 'stored', lines: 2, requestIds: ['rm:nanao-preview-1/l1', 'rm:nanao-preview-1/l2'], withdrawn: [] }] });
    expect(r.json).toMatchObject({ kind: 'requests', answers: [], changes: [] });
    expect(await requests()).toEqual([]);
    expect(await requestEntries()).toBe(before);
    // Looking again changes nothing either: the forecast is still an import, not "unchanged".
    expect((await post('/requests/edxl-rm/preview', requestXml('nanao-preview-1', lines))).json.forecast.messages[0].result).toBe('stored');
  });

  it('forecasts what the import then does: unchanged for the same message, a replacement for an Update, a refusal in words for a reused MessageID', async () => {
    const imported = await post('/requests/edxl-rm?by=県 物資班', requestXml('nanao-preview-1', lines));
    expect(imported.status).toBe(201);
    expect((await post('/requests/edxl-rm/preview', requestXml('nanao-preview-1', lines))).json.forecast).toMatchObject({ ok: true, messages: [{ result: 'unchanged' }] });
    const update = await post('/requests/edxl-rm/preview', requestXml('nanao-preview-2', lines.slice(0, 1), { messageId: 'nanao-preview-1', type: 'update' }));
    expect(update.json.messages[0].recall).toEqual({ messageId: 'nanao-preview-1', type: 'update' });
    expect(update.json.forecast).toMatchObject({ ok: true, messages: [{ result: 'updated', lines: 1, withdrawn: ['rm:nanao-preview-1/l1', 'rm:nanao-preview-1/l2'] }] });
    const reused = await post('/requests/edxl-rm/preview', requestXml('nanao-preview-1', lines.slice(0, 1)), 'ja');
    expect(reused.status).toBe(200);
    expect(reused.json.forecast).toMatchObject({ ok: false, code: 'LOGISTICS_RM_MESSAGE_ID_REUSED' });
    expect(reused.json.forecast.detail).toMatch(/nanao-preview-1/);
    expect(reused.json.forecast.detail).not.toMatch(/LOGISTICS_/);
    expect((await requests()).sort()).toEqual(['rm:nanao-preview-1/l1', 'rm:nanao-preview-1/l2']);
  });

  it('refuses a DTD, an external entity, XInclude, a file that is not XML and a foreign value list with the import’s words, naming the element', async () => {
    for (const f of ['hostile-billion-laughs.xml', 'hostile-xxe.xml', 'hostile-xinclude.xml']) {
      const r = await post('/requests/edxl-rm/preview', fixture(f));
      expect(r.status, f).toBe(422);
      expect(r.json.code).toBe('LOGISTICS_RM_DOCUMENT_REFUSED');
      expect(r.json.detail).toMatch(/nothing was stored/);
    }
    const notXml = await post('/requests/edxl-rm/preview', 'shelter,item,quantity\nS1,blanket,10\n');
    expect(notXml.status).toBe(422);
    const foreign = await post('/requests/edxl-rm/preview', fixture('nims-request-resource.xml'));
    expect(foreign.status).toBe(422);
    expect(JSON.stringify(foreign.json.errors)).toMatch(/EDXL_RM_VALUE_LIST_FOREIGN|EDXL_RM_QUANTITY_AS_TEXT/);
    expect((foreign.json.errors as { path: string }[]).some((e) => e.path.includes('ResourceInformation'))).toBe(true);
    // An answer file is read as the import reads it: as answers, here to a request this node never sent.
    const commit = await post('/requests/edxl-rm/preview', fixture('commit-resource.xml'));
    expect(commit.status).toBe(200);
    expect(commit.json).toMatchObject({ kind: 'answers', messages: [], forecast: { ok: false, code: 'LOGISTICS_RM_ANSWER_REQUEST_UNKNOWN' } });
    expect((await post('/requests/edxl-rm/preview', undefined)).status).toBe(415);
    expect((await requests()).sort()).toEqual(['rm:nanao-preview-1/l1', 'rm:nanao-preview-1/l2']);
  });

  it('is described in the node’s OpenAPI document', async () => {
    const doc = (await (await fetch(`${node.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain('/operator/logistics/requests/edxl-rm/preview');
  });
});
