// A supplier's node tells the other parties of a shipment each change its operator makes, only where its own policy
// releases the update to each of them (decided as the recipient reading `shipments`, audited), and refuses the change
// otherwise — nothing applied, nothing queued. The node's real context (PGlite in memory, the test trust world).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { AuditEntryDraft } from '../../audit/index.ts';
import type { NodeTarget } from '../../federation/discovery.ts';
import { areaCode, type AreaCode, type Shipment } from '../../model/index.ts';
import { createAccessGate } from '../../node/access-gate.ts';
import type { ApplicationHost } from '../../node/application/install.ts';
import { createApplicationContext } from '../../node/application/install.ts';
import { standaloneFederationClient } from '../../node/operator/trusted-context.ts';
import { publicOnly } from '../../node/requester.ts';
import { parsePolicy, type AccessRequest } from '../../policy/index.ts';
import { openStore } from '../../store/open-store.ts';
import type { Store } from '../../store/types.ts';
import { buildTestTrust, type TestParticipantName } from '../../trust/test-fixtures.ts';
import { logisticsApplication } from './application.ts';
import { carriedByRequests, carriedShipmentFields, decideReleases, SHIPMENT_MESSAGE_FIELDS, type LogisticsRelease } from './outgoing-releases.ts';
import type { ApplicationContext, ReleaseDecision } from '../../node/application/index.ts';
import { DEMAND_FIELDS } from './rm-delivery.ts';
import { createShipmentService, type ShipmentService } from './shipment-service.ts';
import { SHIPMENT_UPDATE, type ShipmentUpdate } from './shipment-flow.ts';
import { logisticsStorage, writeShipment } from './storage.ts';

const trust = buildTestTrust(new Date());
const SELF = trust.participants.ishikawa.id;
const AREA = '172022';

interface PermitSpec {
  roles: string[];
  purposes: string[];
  fields: string[];
}

function shipmentsPolicy(permits: PermitSpec[]) {
  const parsed = parsePolicy({
    id: 'ishikawa-shipments', version: 1, owner: SELF, dataset: 'shipments', fieldClasses: {}, validFrom: '2023-04-01T00:00:00+09:00',
    description: { ja: '輸送', en: 'Shipments' },
    permits: permits.map((p, i) => ({
      id: `p${i}`, description: { ja: '物資支援', en: 'Supply logistics' }, purposes: p.purposes, roles: p.roles, actions: ['read'],
      requesterJurisdiction: 'any', phases: ['normal', 'alert', 'emergency', 'recovery'], fields: p.fields, retention: 'P7D', onwardSharing: false,
      consentRequiredOutsideEmergency: false,
    })),
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.value;
}

const ALL: PermitSpec = { roles: ['municipality', 'national-agency'], purposes: ['supply-logistics'], fields: [...SHIPMENT_MESSAGE_FIELDS] };

const target = (name: TestParticipantName): NodeTarget => {
  const p = trust.participants[name];
  return { participantId: p.id, nodeUrl: `http://127.0.0.1:9/${name}/`, role: p.role, jurisdiction: p.jurisdiction as AreaCode[], trustListId: 'jp-tsunagu-trust-list', catalogKnown: false };
};

let store: Store;
let service: ShipmentService;
let writeOrder: (orderId: string, requester: TestParticipantName, receiver: TestParticipantName) => Promise<void>;
const entries: AuditEntryDraft[] = [];
// Set by a case whose audit log cannot record anything.
let logDown = false;
// The policy in force, swapped by each case: the gate is built again from it at every decision.
let permits: PermitSpec[] = [ALL];

beforeAll(async () => {
  store = await openStore({ backend: 'pglite', dataDir: 'memory://' });
  const auditLog = {
    append: async (drafts: AuditEntryDraft[]) => {
      if (logDown) return { ok: false as const, problems: [] };
      entries.push(...drafts);
      return { ok: true as const, entries: [] };
    },
  } as unknown as ApplicationHost['auditLog'];
  const gate = {
    decide: (request: AccessRequest) => createAccessGate({ policies: [shipmentsPolicy(permits)], auditLog, dataAreas: [areaCode('170003')] }).decide(request),
  };
  const names: TestParticipantName[] = ['nanao', 'national', 'suspended', 'revoked', 'lapsed'];
  const host: ApplicationHost = {
    store, participantId: SELF, name: { ja: '石川県', en: 'Ishikawa' }, dataAreas: [areaCode('170003')],
    participantName: (id) => (id === trust.participants.nanao.id ? { ja: '七尾市', en: 'Nanao City' } : undefined),
    now: () => new Date(), declarations: () => [], peers: () => [target('ishikawa'), ...names.map(target)], client: standaloneFederationClient('none'),
    auditLog, gate: gate as unknown as ApplicationHost['gate'], registry: trust.registry, authenticate: publicOnly, warn: () => undefined,
  };
  const context = await createApplicationContext(logisticsApplication(), host);
  const storage = logisticsStorage(context.database, SELF);
  service = createShipmentService(context, storage);
  writeOrder = async (orderId, requester, receiver) => {
    const at = new Date().toISOString();
    const shipment: Shipment = {
      supplier: SELF, from: { type: 'facility', id: 'pref-depot' }, to: { type: 'shelter', id: '172022-S1' },
      lines: [{ category: 'blanket', unit: 'piece', quantity: 10, stock: 'pref-depot:blanket' }], route: ['road-1'], status: { state: 'planned', at, plan: 'plan-1' },
    };
    await context.database.transaction((tx) =>
      writeShipment(tx, {
        orderId, planId: 'plan-1', requester: trust.participants[requester].id, supplier: SELF, receiver: trust.participants[receiver].id, areaCode: AREA,
        stockId: 'pref-depot:blanket', stockVersion: 1, state: 'planned', shipment, updatedAt: at,
      }, { state: 'planned', at, by: 'test', node: trust.participants[requester].id }),
    );
  };
});

afterAll(async () => {
  await store.close();
});

const queuedFor = async (orderId: string) => (await store.outbox.list({ limit: 10_000 })).filter((m) => m.kind === SHIPMENT_UPDATE && (m.payload as ShipmentUpdate).orderId === orderId);
const stateOf = async (orderId: string) => (await store.applications.database('logistics').query<{ state: string }>('select state from logistics_shipments where order_id = $1', [orderId])).rows[0]?.state;
const pushedSince = (before: number) => entries.slice(before).filter((e) => e.kind === 'access-decision' && e.reasons.some((r) => r.code === 'NODE_RELEASE_PUSHED'));

describe('a shipment update the supplier’s own policy decides', () => {
  it('tells every other party once its policy releases the update to each, and audits each release with NODE_RELEASE_PUSHED', async () => {
    permits = [ALL];
    await writeOrder('o-allowed', 'national', 'nanao');
    const before = entries.length;
    const r = await service.act('o-allowed', { kind: 'decline', reason: 'no trucks' }, 'depot desk', 'req-allowed');
    expect(r.ok).toBe(true);
    expect(await stateOf('o-allowed')).toBe('declined');
    expect((await queuedFor('o-allowed')).map((m) => m.peer).sort()).toEqual([trust.participants.nanao.id, trust.participants.national.id].sort());
    const pushed = pushedSince(before);
    expect(pushed.map((e) => [e.requester, e.decision, e.dataset, e.action]).sort()).toEqual(
      [[trust.participants.nanao.id, 'allow', 'shipments', 'read'], [trust.participants.national.id, 'allow', 'shipments', 'read']].sort(),
    );
    expect(pushed[0]!.reasons.find((x) => x.code === 'NODE_RELEASE_PUSHED')!.params.what).toMatch(/^shipment update o-allowed declined to /);
    expect(pushed.every((e) => e.recordIds?.[0] === 'o-allowed')).toBe(true);
  });

  it.each<[string, TestParticipantName, PermitSpec[], string]>([
    ['a party the policy does not name by role', 'national', [{ ...ALL, roles: ['municipality'] }], 'POLICY_ROLE_NOT_PERMITTED'],
    ['a wrong purpose (the policy releases for training only)', 'nanao', [{ ...ALL, purposes: ['training'] }], 'POLICY_PURPOSE_NOT_PERMITTED'],
    ['a partial grant (the route withheld: a pushed update cannot be masked)', 'nanao', [{ ...ALL, fields: SHIPMENT_MESSAGE_FIELDS.filter((f) => f !== 'route') }], 'NODE_RELEASE_FIELDS_WITHHELD'],
    ['a party suspended in the trust list', 'suspended', [ALL], 'TRUST_PARTICIPANT_SUSPENDED'],
    ['a party revoked in the trust list', 'revoked', [ALL], 'TRUST_PARTICIPANT_REVOKED'],
    ['a party whose listing expired', 'lapsed', [ALL], 'TRUST_PARTICIPANT_EXPIRED'],
  ])('refuses the change for %s: 403 with the reasons in both languages, state unchanged, nothing queued, the denial audited', async (_what, receiver, policy, code) => {
    permits = policy;
    const orderId = `o-${code.toLowerCase()}`;
    await writeOrder(orderId, 'nanao', receiver);
    const before = entries.length;
    const r = await service.act(orderId, { kind: 'decline', reason: 'no trucks' }, 'depot desk', 'req-denied');
    expect(r).toMatchObject({ ok: false, status: 403, code: 'LOGISTICS_UPDATE_RELEASE_REFUSED', params: { orderId, state: 'declined' } });
    if (r.ok) return;
    expect(String(r.params.refusedEn)).toContain(receiver === 'nanao' ? 'Nanao City (' : `${trust.participants[receiver].id} (`);
    expect(String(r.params.refusedJa).length).toBeGreaterThan(0);
    const problem = r.errors?.[0]?.message;
    expect(typeof problem === 'object' && problem.en).toContain(code);
    expect(typeof problem === 'object' && problem.ja).toContain(code);
    expect(await stateOf(orderId)).toBe('planned');
    expect(await queuedFor(orderId)).toEqual([]);
    const denied = pushedSince(before).filter((e) => e.decision === 'deny');
    expect(denied.length).toBeGreaterThan(0);
    expect(denied.flatMap((e) => e.reasons.map((x) => x.code))).toContain(code);
    expect(denied.every((e) => e.recordIds === undefined && e.recordCount === 0)).toBe(true);
    // Nothing of the change itself was audited: it was not made.
    expect(entries.slice(before).filter((e) => e.kind === 'logistics-shipment')).toEqual([]);
  });

  it('refuses the change with 503 when the audit log cannot record the decision, and changes nothing', async () => {
    permits = [ALL];
    await writeOrder('o-unrecorded', 'national', 'nanao');
    logDown = true;
    const r = await service.act('o-unrecorded', { kind: 'decline', reason: 'no trucks' }, 'depot desk', 'req-unrecorded').finally(() => (logDown = false));
    expect(r).toMatchObject({ ok: false, status: 503, code: 'NODE_AUDIT_UNAVAILABLE' });
    expect(await stateOf('o-unrecorded')).toBe('planned');
    expect(await queuedFor('o-unrecorded')).toEqual([]);
  });

  it('queues an update to each party if and only if its own decision allowed all of them, under any policy', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            roles: fc.subarray(['municipality', 'national-agency', 'prefecture'], { minLength: 1 }),
            purposes: fc.subarray(['supply-logistics', 'training'], { minLength: 1 }),
            fields: fc.subarray([...SHIPMENT_MESSAGE_FIELDS], { minLength: 1 }),
          }),
          { minLength: 1, maxLength: 2 },
        ),
        async (policy) => {
          permits = policy;
          const orderId = `o-prop-${n++}`;
          await writeOrder(orderId, 'national', 'nanao');
          const before = entries.length;
          const r = await service.act(orderId, { kind: 'decline', reason: 'none left' }, 'depot desk', `req-${orderId}`);
          const decisions = pushedSince(before);
          // The oracle: a party is released the update when the permits naming its role and supply-logistics grant,
          // together, every field carried.
          const carried = ['supplier', 'from', 'to', 'lines', 'route', 'status'];
          const releases = (role: string) => {
            const granted = new Set(permits.filter((p) => p.roles.includes(role) && p.purposes.includes('supply-logistics')).flatMap((p) => p.fields));
            return granted.size > 0 && carried.every((f) => granted.has(f));
          };
          const allowed = releases('municipality') && releases('national-agency');
          expect(decisions.map((e) => e.decision).sort()).toEqual([releases('municipality') ? 'allow' : 'deny', releases('national-agency') ? 'allow' : 'deny'].sort());
          expect(r.ok).toBe(allowed);
          expect((await queuedFor(orderId)).length).toBe(allowed ? 2 : 0);
          expect(await stateOf(orderId)).toBe(allowed ? 'declined' : 'planned');
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('the fields a message carries', () => {
  it('names only fields of dataset shipments, and every field the shipment has', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), fc.boolean(), (route, vehicle, note) => {
        const shipment: Shipment = {
          supplier: SELF, from: { type: 'facility', id: 'd' }, to: { type: 'shelter', id: 's' }, lines: [{ category: 'blanket', unit: 'piece', quantity: 1 }],
          status: { state: 'committed', at: '2024-01-12T09:00:00+09:00' },
          ...(route ? { route: ['r1'] } : {}), ...(vehicle ? { vehicle: 'v1' } : {}), ...(note ? { note: 'n' } : {}),
        };
        const update = { orderId: 'o', planId: 'p', requester: SELF, receiver: SELF, areaCode: AREA, stock: { id: 's', version: 1 }, shipment, by: 'x' } as ShipmentUpdate;
        const fields = carriedShipmentFields(update);
        expect(fields.every((f) => SHIPMENT_MESSAGE_FIELDS.includes(f))).toBe(true);
        expect(fields.sort()).toEqual(Object.keys(shipment).sort());
      }),
    );
  });

  it('names the demand fields and areas the lines of RequestResource messages carry', () => {
    const demand = {
      origin: 'request' as const, destination: { type: 'shelter' as const, id: 's' }, areaCode: AREA, item: { category: 'blanket' as const }, quantity: 3, unit: 'piece' as const,
      neededBy: '2024-01-13T12:00:00+09:00', priority: 'high' as const,
    };
    const header = { messageId: 'm', sentAt: '2024-01-12T09:00:00+09:00', originatingMessageId: 'm', contact: { description: 'x' } };
    const carried = carriedByRequests([{ type: 'RequestResource', header, lines: [{ elementId: 'a', demand }, { elementId: 'b', demand: { ...demand, areaCode: '172049', freeFrom: ['milk' as const] } }] }]);
    expect(carried.fields.sort()).toEqual(['areaCode', 'destination', 'freeFrom', 'item', 'neededBy', 'origin', 'priority', 'quantity', 'unit']);
    expect(carried.fields.every((f) => DEMAND_FIELDS.includes(f))).toBe(true);
    expect(carried.areas.sort()).toEqual([AREA, '172049']);
  });
});

describe('the release permit docs/policies.md shows', () => {
  it('parses, and grants every field a dispatch order or a shipment update may carry', () => {
    const md = readFileSync(new URL('../../../docs/policies.md', import.meta.url), 'utf8');
    const block = md.split('```json').map((b) => b.split('```')[0]!).find((b) => b.includes('supply-chain-parties-messages'))!;
    const parsed = parsePolicy(JSON.parse(block));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect([...parsed.value.permits[0]!.fields].sort()).toEqual([...SHIPMENT_MESSAGE_FIELDS].sort());
    expect(parsed.value.permits[0]!.actions).toEqual(['read']);
  });
});

describe('deciding the releases of one change', () => {
  it('allows the change only when every release is allowed, lists every refusal, and stops at a decision the log could not record', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom<ReleaseDecision['outcome']>('allowed', 'denied', 'unrecorded'), { maxLength: 6 }), async (outcomes) => {
        const asked: string[] = [];
        const context = {
          access: {
            decideRelease: async (release: { recipient: string }) => {
              asked.push(release.recipient);
              const outcome = outcomes[asked.length - 1]!;
              return { outcome, decision: { effect: outcome === 'allowed' ? 'allow' : 'deny', dataset: 'shipments', reasons: [{ code: 'POLICY_ROLE_NOT_PERMITTED', params: {} }] } };
            },
          },
        } as unknown as ApplicationContext;
        const releases: LogisticsRelease[] = outcomes.map((_, i) => ({ recipient: `p${i}`, dataset: 'shipments', fields: ['status'], recordAreas: [AREA], recordIds: [`o${i}`], what: `shipment update o${i}` }));
        const decided = await decideReleases(context, releases, 'req');
        const stop = outcomes.indexOf('unrecorded');
        if (stop >= 0) {
          expect(decided.outcome).toBe('unrecorded');
          expect(asked).toHaveLength(stop + 1);
          return;
        }
        expect(asked).toHaveLength(outcomes.length);
        const denied = outcomes.flatMap((o, i) => (o === 'denied' ? [`p${i}`] : []));
        if (denied.length === 0) expect(decided.outcome).toBe('allowed');
        else expect(decided.outcome === 'refused' && decided.refusals.map((r) => r.release.recipient)).toEqual(denied);
      }),
      { numRuns: 200 },
    );
  });
});
