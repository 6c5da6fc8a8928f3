// The Noto demo's needs from persons requiring care, end to end on real nodes on loopback: once Ishikawa declares an
// emergency, the prefecture's logistics page asks Nanao, the home-care provider and the dialysis clinic for counts per
// shelter and kind of care under supply logistics, and a shelter where the city counts enough bedridden evacuees gets
// adult diapers computed from that count, naming its source; small counts stay withheld, and no person's record or id
// leaves a holder (each answered an aggregate, audited as such).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDeclaration, prepareDeclaration } from '../../src/demo/declare.ts';
import { startDemoFederation, type DemoFederation, type DemoNode } from '../../src/demo/federation.ts';
import type { DemoParticipantKey } from '../../src/demo/scenario.ts';
import { smallDemoDataDir } from '../support/small-demo-data.ts';

let root: string;
let federation: DemoFederation;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'tsunagu-care-needs-demo-'));
  federation = await startDemoFederation({
    root,
    basePort: 0,
    logLevel: 'silent',
    dataDir: await smallDemoDataDir(root, ['logistics', 'noto-2024-nanao']),
    only: ['ishikawa', 'nanao', 'dialysis', 'care'],
    trustRefreshSeconds: 0,
  });
}, 300_000);

afterAll(async () => {
  await federation?.close();
  await rm(root, { recursive: true, force: true });
}, 60_000);

const node = (key: DemoParticipantKey): DemoNode => federation.nodes.find((n) => n.participant.key === key)!;

async function operator(key: DemoParticipantKey, route: string): Promise<Record<string, unknown>> {
  const n = node(key);
  const res = await fetch(`${n.url}/operator${route}`, { headers: { authorization: `Bearer ${n.operatorToken}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

type Need = { receiver: string; demand: { origin: string; destination: { id: string }; item: { category: string }; quantity: number; priority: string; basis?: string } };
type CareSource = { node: string; shelters: number; minimumCellSize: number; tableWithheld: boolean; withheld: { shelterId: string; need: string }[] };

describe('the Noto demo’s needs from persons requiring care', () => {
  beforeAll(async () => {
    const prepared = await prepareDeclaration({ root, hazard: 'earthquake', phase: 'emergency', areas: '172022,172049', expires: '72h', to: 'nanao,dialysis,care' });
    if (!prepared.ok) throw new Error(JSON.stringify(prepared.problem));
    const outcomes = await Promise.all(prepared.value.targets.map((t) => deliverDeclaration(t, prepared.value.signed)));
    expect(outcomes.map((o) => o.kind)).toEqual(['accepted', 'accepted', 'accepted']);
  }, 60_000);

  it('gives a Nanao shelter adult diapers from the city’s count of bedridden evacuees, with its count and source', async () => {
    const body = await operator('ishikawa', '/logistics/needs');
    const nanaoId = node('nanao').participant.id;
    const care = body.care as CareSource[];
    const city = care.find((c) => c.node === nanaoId)!;
    expect(city).toMatchObject({ minimumCellSize: 3, tableWithheld: false });
    expect(city.shelters).toBeGreaterThanOrEqual(1);
    const fromCounts = (body.needs as Need[]).filter((n) => n.demand.origin === 'care-estimate');
    expect(fromCounts.length).toBeGreaterThanOrEqual(1);
    const diapers = fromCounts.find((n) => n.demand.item.category === 'adult-diaper')!;
    // 山王小学校: three bedridden persons on Nanao's list there × 6 diapers × 3 days.
    expect(diapers).toMatchObject({ receiver: nanaoId, demand: { destination: { id: '172022-CC0000000518' }, quantity: 54, priority: 'high' } });
    expect(diapers.demand.basis).toContain('要配慮者 3人');
    expect(diapers.demand.basis).toContain(nanaoId);
    // Small counts (one or two persons with a food allergy in a shelter, the care provider's clients) are withheld and
    // never guessed: those categories keep their population estimate, and no allergen-free line is made up.
    const withheld = care.flatMap((c) => c.withheld);
    expect(withheld.some((w) => w.need === 'food-allergy')).toBe(true);
    expect(withheld.some((w) => w.need === 'bedridden' && w.shelterId !== '172022-CC0000000518')).toBe(true);
    expect(fromCounts.every((n) => !withheld.some((w) => w.shelterId === n.demand.destination.id && w.need === 'bedridden'))).toBe(true);
  });

  it('lets no person’s record or id leave its holder: each answered supply logistics with an aggregate only', async () => {
    for (const key of ['nanao', 'care', 'dialysis'] as const) {
      const audit = await operator(key, '/audit?limit=1000&dataset=persons');
      const entries = audit.items as { decision: string; purpose: string; requester: string; recordIds?: string[]; reasons: { code: string }[] }[];
      const answered = entries.filter((e) => e.decision === 'allow' && e.requester === node('ishikawa').participant.id);
      expect(answered.length, key).toBeGreaterThan(0);
      for (const e of answered) {
        expect(e.purpose).toBe('supply-logistics');
        expect(e.recordIds ?? []).toEqual([]);
        expect(e.reasons.map((r) => r.code)).toContain('POLICY_AGGREGATE_ANSWER');
      }
    }
  });
});
