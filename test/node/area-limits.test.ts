// Areas sent to a real node: one past the position cap and one crossing itself are refused with 400 problem+json that
// says why and where, before any query runs, and each refusal is audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { message, type MessageCode, type MessageParams } from '../../src/i18n/index.ts';
import { MAX_AREA_VERTICES } from '../../src/model/index.ts';
import { openTestNode, type TestNode } from './support/test-node.ts';

let node: TestNode;
beforeAll(async () => {
  node = await openTestNode();
});
afterAll(async () => {
  await node.close();
});

async function audited(requestId: string) {
  const r = await node.store.audit.query({ requestId });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.page.entries;
}

describe('areas past the limits', () => {
  it('refuses a 60,000-position polygon with 400, naming the count and the cap, and audits it', async () => {
    const n = 60_000;
    const ring = Array.from({ length: n }, (_, i) => [Number((137 + Math.cos((2 * Math.PI * i) / n)).toFixed(2)), Number((37 + Math.sin((2 * Math.PI * i) / n)).toFixed(2))]);
    ring.push(ring[0]!);
    const r = await node.app.inject({ method: 'POST', url: '/api/v1/datasets/shelters/query', payload: { within: { type: 'Polygon', coordinates: [ring] }, lang: 'en' } });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
    const body = r.json<{ code: string; detail: string; detailAlt: { text: string } }>();
    expect(body.code).toBe('NODE_WITHIN_INVALID');
    expect(body.detail).toContain(`${n + 1} positions; at most ${MAX_AREA_VERTICES}`);
    expect(body.detailAlt.text).toMatch(/^範囲/);
    expect(await audited(String(r.headers['x-request-id']))).toMatchObject([{ decision: 'deny', reasons: [{ code: 'NODE_WITHIN_INVALID' }] }]);
  });

  it('refuses a self-crossing ring with 400, saying which ring and positions meet', async () => {
    const bowTie = [[136.9, 37.0], [137.0, 37.1], [137.0, 37.0], [136.9, 37.1], [136.9, 37.0]];
    const r = await node.app.inject({ method: 'POST', url: '/api/v1/datasets/shelters/query', payload: { within: { type: 'Polygon', coordinates: [bowTie] } } });
    expect(r.statusCode).toBe(400);
    const body = r.json<{ code: string; detail: string }>();
    expect(body.code).toBe('NODE_WITHIN_INVALID');
    expect(body.detail).toContain('polygon 0 ring 0 crosses itself: the segment from position 0 meets the segment from position 2');
    const entries = await audited(String(r.headers['x-request-id']));
    expect(entries).toMatchObject([{ decision: 'deny', reasons: [{ code: 'NODE_WITHIN_INVALID' }] }]);
    // The refusal reads back as the sentence the requester was sent: the entry keeps the problem's parameters.
    const reason = entries[0]!.reasons[0]!;
    const readBack = message(reason.code as MessageCode, reason.params as MessageParams, 'en');
    expect(readBack).not.toContain('{{');
    expect(readBack).toContain('crosses itself');
  });
});
