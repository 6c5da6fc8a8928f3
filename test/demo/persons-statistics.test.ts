// The demo's persons policy on a real node on loopback: a prefecture or national agency asking for statistics on
// persons is refused (no per-person rows, no stable ids) and the refusal is audited, while the policy's other
// permits are unchanged; its rendering in Japanese and English no longer offers statistics.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPersonsPolicy } from '../../src/demo/persons-policy.ts';
import { demoParticipants } from '../../src/demo/scenario.ts';
import { signRequest } from '../../src/trust/http-signatures/request-signature.ts';
import { nanaoPersonsPolicyDocument } from '../../src/policy/examples.ts';
import { renderPolicy } from '../../src/policy/render-policy.ts';
import type { Store } from '../../src/store/types.ts';
import { buildTestTrust } from '../../src/trust/test-fixtures.ts';
import { asNanaoIn, openTestNode, type TestNode } from '../node/support/test-node.ts';

const trust = buildTestTrust(new Date());
const nanao = demoParticipants.find((p) => p.key === 'nanao')!;
let node: TestNode;
let url: string;

beforeAll(async () => {
  node = await openTestNode({
    policies: [demoPersonsPolicy(nanao)],
    federation: asNanaoIn(trust),
  });
  const person = {
    id: 'nanao-person-stat-1',
    type: 'person' as const,
    sourceNode: nanao.id,
    observedAt: '2024-01-01T09:00:00+09:00',
    quality: { level: 'synthetic' as const },
    lineage: [{ activity: 'entry' as const, at: '2024-01-01T09:00:00+09:00' }],
    data: { name: { full: '統計 太郎' }, areaCode: '172022', care: { needs: ['dialysis' as const] }, consent: { shareWithSupporters: false }, onEvacuationSupportList: true },
  };
  await node.store.upsert([person as Parameters<Store['upsert']>[0][number]]);
  await node.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(node.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await node.close();
});

describe("the demo's persons policy and statistics", () => {
  it('refuses statistics on persons to the national agency and the prefecture, releasing no row and no id, and audits it', async () => {
    for (const asker of ['national', 'ishikawa'] as const) {
      const path = '/api/v1/datasets/persons/records?area=172022&purpose=statistics&fields=areaCode,care.needs';
      const headers = signRequest({ method: 'GET', url: path, body: null, credential: trust.credentials[asker], signer: trust.signers[asker], audience: nanao.id, now: new Date() });
      const r = await fetch(`${url}${path}`, { headers });
      expect(r.status).toBe(403);
      const body = (await r.json()) as { code: string; requestId: string };
      expect(body.code).toBe('NODE_ACCESS_DENIED');
      expect(JSON.stringify(body)).not.toContain('nanao-person-stat-1');
      const audited = await node.store.audit.query({ requestId: body.requestId });
      if (!audited.ok) throw new Error(JSON.stringify(audited.problems));
      expect(audited.page.entries).toMatchObject([{ requester: trust.participants[asker].id, purpose: 'statistics', decision: 'deny', recordCount: 0 }]);
      expect(audited.page.entries[0]!.recordIds ?? []).toEqual([]);
    }
  });

  it('keeps every other permit of the example and says nothing of statistics in either language', () => {
    const policy = demoPersonsPolicy(nanao).policy;
    expect(policy.permits.map((p) => p.id)).toEqual(nanaoPersonsPolicyDocument.permits.map((p) => p.id).filter((id) => id !== 'statistics'));
    for (const lang of ['ja', 'en'] as const) {
      const text = JSON.stringify(renderPolicy(policy, lang));
      expect(text).not.toMatch(lang === 'ja' ? /統計/ : /statistic/i);
    }
  });
});
