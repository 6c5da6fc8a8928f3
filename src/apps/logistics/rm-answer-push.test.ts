// Which answers a shipment's change queues: one decision per request asked of the node, and a draft only for a request
// whose answer the node allowed and whose sender has a known node — every other request named as not sent, and why.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Shipment, ShipmentStatus } from '../../model/index.ts';
import type { ApplicationContext, OutgoingRelease, ReleaseDecision } from '../../node/application/index.ts';
import { nodeResourceMessages } from '../../node/application/resource-messages.ts';
import { rmAnswerPush, type AnswerReleases } from './rm-answer-push.ts';
import { RESOURCE_ANSWER } from './rm-answer-delivery.ts';
import type { RmSource } from './rm-answer-storage.ts';
import { COMMIT_FIELDS } from './rm-answers.ts';
import type { StoredShipment } from './types.ts';

const SELF = 'jp-170003-ishikawa-pref';
const KNOWN = ['jp-172022-nanao-city', 'jp-172049-wajima-city'];
const SENDERS = [...KNOWN, 'jp-999999-no-node'];

const shipment = (status: ShipmentStatus): Shipment => ({
  supplier: SELF, from: { type: 'facility', id: 'depot' }, to: { type: 'shelter', id: 'shelter-1' },
  lines: [{ category: 'blanket', unit: 'piece', quantity: 10, stock: 'depot:blanket', demand: 'rm:r0/e0' }], status,
});
const stored = (status: ShipmentStatus): StoredShipment => ({
  orderId: 'plan-1.0', planId: 'plan-1', requester: SELF, supplier: SELF, receiver: KNOWN[0]!, areaCode: '172022',
  stockId: 'depot:blanket', stockVersion: 1, state: status.state, shipment: shipment(status), updatedAt: '2024-01-12T00:00:00.000Z',
});

/** The context the push reads: the node, its peers, the EDXL-RM writer, and a decision the test chooses per request. */
function contextWith(decide: (r: OutgoingRelease) => ReleaseDecision['outcome'], asked: OutgoingRelease[] = []): ApplicationContext {
  return {
    node: { id: SELF, name: { ja: '石川県', en: 'Ishikawa Prefecture' } },
    peers: () => KNOWN.map((id) => ({ participantId: id, nodeUrl: `https://${id}.example/`, role: 'municipality', jurisdiction: [], trustListId: 'jp', catalogKnown: false })),
    resourceMessages: nodeResourceMessages(),
    access: {
      decideRelease: async (r: OutgoingRelease) => {
        asked.push(r);
        const outcome = decide(r);
        const decision = { dataset: 'shipments', reasons: outcome === 'denied' ? [{ code: 'POLICY_ROLE_NOT_PERMITTED', params: { role: 'municipality', permitted: 'prefecture' } }, { code: 'NODE_RELEASE_PUSHED', params: {} }] : [] };
        return { outcome, decision } as unknown as ReleaseDecision;
      },
    },
  } as unknown as ApplicationContext;
}

// Sources: lines of up to four requests, each request from one sender, in areas of Nanao or Wajima.
const sourcesArb = fc
  .array(fc.record({ request: fc.integer({ min: 0, max: 3 }), sender: fc.constantFrom(...SENDERS), area: fc.constantFrom('172022', '172049') }), { minLength: 1, maxLength: 8 })
  .map((xs) => {
    const senderOf = new Map<number, string>();
    return xs.map((x, i): RmSource => {
      if (!senderOf.has(x.request)) senderOf.set(x.request, x.sender);
      return { demandId: `rm:r${x.request}/e${i}`, messageId: `r${x.request}`, elementId: `e${i}`, sender: senderOf.get(x.request)!, areaCode: x.area };
    });
  });

describe('the answers a shipment’s change pushes', () => {
  it('asks the node once per request whose sender has a node, for the answer’s fields over the requested lines’ areas', async () => {
    await fc.assert(
      fc.asyncProperty(sourcesArb, async (sources) => {
        const asked: OutgoingRelease[] = [];
        const push = rmAnswerPush(contextWith(() => 'allowed', asked));
        const outcome = await push.decide('plan-1.0', 'committed', sources, 'req-1');
        expect(outcome.ok).toBe(true);
        const reachable = [...new Set(sources.filter((s) => KNOWN.includes(s.sender)).map((s) => s.messageId))].sort();
        expect(asked.map((a) => a.what.match(/request (\S+):/)![1]).sort()).toEqual(reachable);
        for (const a of asked) {
          const lines = sources.filter((s) => a.what.includes(`request ${s.messageId}:`));
          expect(a).toMatchObject({ recipient: lines[0]!.sender, dataset: 'shipments', action: 'read', purpose: 'supply-logistics', fields: COMMIT_FIELDS, recordIds: ['plan-1.0'] });
          expect([...a.recordAreas].sort()).toEqual([...new Set(lines.map((l) => l.areaCode))].sort());
        }
      }),
    );
  });

  it('queues an answer only where the node allowed it, and names every other request as not sent with why', async () => {
    await fc.assert(
      fc.asyncProperty(sourcesArb, fc.func(fc.constantFrom<ReleaseDecision['outcome']>('allowed', 'denied')), async (sources, choose) => {
        const push = rmAnswerPush(contextWith((r) => choose(r.what)));
        const decided = await push.decide('plan-1.0', 'committed', sources, 'req-1');
        if (!decided.ok) throw new Error('unrecorded');
        const next = stored({ state: 'committed', at: '2024-01-12T10:00:00+09:00' });
        const out = push.drafts(next, sources, '2024-01-12T01:00:00.000Z', decided.releases);
        const requests = [...new Set(sources.map((s) => s.messageId))];
        // Every request is accounted for exactly once.
        expect([...out.queued.map((q) => q.request), ...out.unsent.map((u) => u.request)].sort()).toEqual(requests.sort());
        for (const q of out.queued) expect(decided.releases.get(q.request)).toEqual({ allowed: true });
        for (const u of out.unsent) {
          const release = decided.releases.get(u.request);
          if (u.why === 'refused') expect(release).toMatchObject({ allowed: false, reasons: 'POLICY_ROLE_NOT_PERMITTED', words: { en: expect.stringMatching(/\w/), ja: expect.stringMatching(/\S/) } });
          if (u.why === 'no-node') expect(release).toBeUndefined();
          expect(u.why).not.toBe('unwritable');
        }
        expect(out.drafts.map((d) => [d.kind, d.peer])).toEqual(out.queued.map((q) => [RESOURCE_ANSWER, q.to]));
      }),
    );
  });

  it('changes nothing when the node could not record a decision', async () => {
    const push = rmAnswerPush(contextWith(() => 'unrecorded'));
    const sources: RmSource[] = [{ demandId: 'rm:r0/e0', messageId: 'r0', elementId: 'e0', sender: KNOWN[0]!, areaCode: '172022' }];
    expect(await push.decide('plan-1.0', 'committed', sources, 'req-1')).toEqual({ ok: false });
  });

  it('asks nothing for a planned shipment or one serving no request', async () => {
    const asked: OutgoingRelease[] = [];
    const push = rmAnswerPush(contextWith(() => 'allowed', asked));
    await push.decide('plan-1.0', 'planned', [{ demandId: 'd', messageId: 'r0', elementId: 'e0', sender: KNOWN[0]!, areaCode: '172022' }], 'req-1');
    await push.decide('plan-1.0', 'committed', [], 'req-1');
    expect(asked).toEqual([]);
    const releases: AnswerReleases = new Map();
    expect(push.drafts(stored({ state: 'committed', at: '2024-01-12T10:00:00+09:00' }), [], 'x', releases)).toEqual({ drafts: [], queued: [], unsent: [] });
  });
});
