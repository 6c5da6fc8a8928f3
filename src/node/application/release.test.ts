// An application in a node asks the node to decide a push (context.access.decideRelease): the recipient verified from
// the trust list, the node's own policy deciding, the decision in the audit log before the answer — allowed or denied.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { AuditEntryDraft } from '../../audit/index.ts';
import { areaCode, codesOf, purposes, type Purpose } from '../../model/index.ts';
import { parsePolicy, policyActions, type PolicyAction } from '../../policy/index.ts';
import { openStore } from '../../store/open-store.ts';
import type { Store } from '../../store/types.ts';
import { buildTestTrust, type TestParticipantName } from '../../trust/test-fixtures.ts';
import { createAccessGate } from '../access-gate.ts';
import { standaloneFederationClient } from '../operator/trusted-context.ts';
import { publicOnly } from '../requester.ts';
import type { Application, ApplicationContext, OutgoingRelease } from './application.ts';
import { installApplications, type ApplicationHost } from './install.ts';

const trust = buildTestTrust(new Date());
const SELF = trust.participants.ishikawa.id;

// Ishikawa lets municipalities read the status of shipments for supply logistics, at all times.
const parsed = parsePolicy({
  id: 'ishikawa-shipments', version: 1, owner: SELF, dataset: 'shipments', fieldClasses: {}, validFrom: '2023-04-01T00:00:00+09:00',
  description: { ja: '輸送の状態', en: 'Shipment status' },
  permits: [{
    id: 'municipalities', description: { ja: '市町村に', en: 'To municipalities' }, purposes: ['supply-logistics'], roles: ['municipality'], actions: ['read'],
    requesterJurisdiction: 'any', phases: ['normal', 'alert', 'emergency', 'recovery'], fields: ['status', 'lines'], retention: 'P7D', onwardSharing: false,
    consentRequiredOutsideEmergency: false,
  }],
});
if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
// Its persons go to hospitals only for those who consented, outside an emergency: a push cannot leave anyone out.
const consent = parsePolicy({
  id: 'ishikawa-persons', version: 1, owner: SELF, dataset: 'persons', fieldClasses: {}, validFrom: '2023-04-01T00:00:00+09:00',
  description: { ja: '要配慮者', en: 'Persons' },
  permits: [{
    id: 'hospitals', description: { ja: '病院に', en: 'To hospitals' }, purposes: ['medical-continuity'], roles: ['hospital'], actions: ['read'],
    requesterJurisdiction: 'any', phases: ['normal', 'alert', 'emergency', 'recovery'], fields: ['areaCode'], retention: 'P7D', onwardSharing: false,
    consentRequiredOutsideEmergency: true,
  }],
});
if (!consent.ok) throw new Error(JSON.stringify(consent.problems));
const policies = [parsed.value, consent.value];

const release = (recipient: string, extra: Partial<OutgoingRelease> = {}): OutgoingRelease => ({
  recipient, purpose: 'supply-logistics', action: 'read', dataset: 'shipments', fields: ['status'], recordAreas: [areaCode('172022')],
  recordIds: ['order-1'], what: 'a test push', requestId: 'req-1', ...extra,
});

/** A node's host with a log the test reads (or one that fails), and an application that keeps its context. */
function hostOf(store: Store, entries: AuditEntryDraft[], failing = false, registry: ApplicationHost['registry'] | null = trust.registry): ApplicationHost {
  const auditLog = {
    append: async (drafts: AuditEntryDraft[]) => {
      if (failing) return { ok: false as const, problems: [] };
      entries.push(...drafts);
      return { ok: true as const, entries: [] };
    },
  } as unknown as ApplicationHost['auditLog'];
  return {
    store, participantId: SELF, name: { ja: '石川県', en: 'Ishikawa' }, dataAreas: [areaCode('170003')], participantName: () => undefined,
    now: () => new Date(), declarations: () => [], peers: () => [], client: standaloneFederationClient('none'), auditLog,
    gate: createAccessGate({ policies, auditLog, dataAreas: [areaCode('170003')] }), ...(registry ? { registry } : {}), authenticate: publicOnly, warn: () => undefined,
  };
}

async function contextIn(host: ApplicationHost, id = 'pusher'): Promise<ApplicationContext> {
  let kept: ApplicationContext | undefined;
  const app: Application = { id, name: { ja: id, en: id }, install: (c) => ((kept = c), {}) };
  await installApplications([app], host);
  return kept!;
}

describe('a push decided by the sending node', () => {
  let store: Store;
  const entries: AuditEntryDraft[] = [];
  let context: ApplicationContext;
  beforeAll(async () => {
    store = await openStore({ backend: 'pglite', dataDir: 'memory://' });
    context = await contextIn(hostOf(store, entries));
  });
  afterAll(async () => {
    await store.close();
  });

  it('allows a recipient in good standing whose role the policy permits, and audits the release with the ids it carries', async () => {
    const before = entries.length;
    const r = await context.access.decideRelease(release(trust.participants.nanao.id));
    expect(r.outcome).toBe('allowed');
    expect(entries.slice(before)).toHaveLength(1);
    expect(entries.at(-1)).toMatchObject({
      kind: 'access-decision', requester: trust.participants.nanao.id, action: 'read', dataset: 'shipments', decision: 'allow', recordIds: ['order-1'],
      policy: { id: 'ishikawa-shipments', version: 1 },
    });
    expect(entries.at(-1)!.reasons.map((x) => x.code)).toContain('NODE_RELEASE_PUSHED');
  });

  it.each<[string, TestParticipantName | 'nobody', Partial<OutgoingRelease>, string]>([
    ['a role the policy does not permit', 'national', {}, 'POLICY_ROLE_NOT_PERMITTED'],
    ['a purpose the policy does not permit', 'nanao', { purpose: 'statistics' }, 'POLICY_PURPOSE_NOT_PERMITTED'],
    ['a field the policy does not grant (a pushed document cannot be masked)', 'nanao', { fields: ['status', 'supplier'] }, 'NODE_RELEASE_FIELDS_WITHHELD'],
    ['a release the policy grants only for the records of those who consented', 'hospital', { dataset: 'persons', purpose: 'medical-continuity', fields: ['areaCode'] }, 'NODE_RELEASE_RECORDS_LIMITED'],
    ['a participant no trust list names', 'nobody', {}, 'TRUST_PARTICIPANT_UNKNOWN'],
    ['a revoked participant', 'revoked', {}, 'TRUST_PARTICIPANT_REVOKED'],
    ['a suspended participant', 'suspended', {}, 'TRUST_PARTICIPANT_SUSPENDED'],
    ['a participant whose listing expired', 'lapsed', {}, 'TRUST_PARTICIPANT_EXPIRED'],
  ])('denies %s, audits the denial with its reason and names no record as released', async (_what, who, extra, code) => {
    const recipient = who === 'nobody' ? 'jp-999999-nobody' : trust.participants[who].id;
    const before = entries.length;
    const r = await context.access.decideRelease(release(recipient, extra));
    expect(r.outcome).toBe('denied');
    expect(r.decision.reasons.map((x) => x.code)).toContain(code);
    expect(entries.slice(before)).toHaveLength(1);
    const entry = entries.at(-1)!;
    expect(entry).toMatchObject({ requester: recipient, decision: 'deny', recordCount: 0 });
    expect(entry.recordIds).toBeUndefined();
    expect(entry.reasons.map((x) => x.code)).toContain(code);
  });

  it('denies every recipient on a node without trust lists', async () => {
    const own: AuditEntryDraft[] = [];
    const alone = await contextIn(hostOf(store, own, false, null), 'alone');
    const r = await alone.access.decideRelease(release(trust.participants.nanao.id));
    expect(r.outcome).toBe('denied');
    expect(own.at(-1)!.reasons[0]!.code).toBe('TRUST_PARTICIPANT_UNKNOWN');
  });

  it('answers unrecorded, never allowed, when the audit log cannot record the decision', async () => {
    const broken = await contextIn(hostOf(store, [], true), 'unlogged');
    expect((await broken.access.decideRelease(release(trust.participants.nanao.id))).outcome).toBe('unrecorded');
  });

  it('allows only a verified participant the policy permits for that purpose, action and field, and audits every decision as given', async () => {
    const names: readonly (TestParticipantName | 'nobody')[] = [...(Object.keys(trust.participants) as TestParticipantName[]), 'nobody'];
    const active = new Set(['national', 'ishikawa', 'nanao', 'wajima', 'dialysis', 'care', 'hospital', 'ocd']);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...names),
        fc.constantFrom(...(codesOf(purposes) as Purpose[])),
        fc.constantFrom(...(codesOf(policyActions) as PolicyAction[])),
        fc.subarray(['status', 'lines', 'supplier'], { minLength: 1 }),
        async (who, purpose, action, fields) => {
          const recipient = who === 'nobody' ? 'jp-999999-nobody' : trust.participants[who].id;
          const before = entries.length;
          const r = await context.access.decideRelease(release(recipient, { purpose, action, fields }));
          const role = who === 'nobody' ? undefined : trust.participants[who].role;
          const permitted = active.has(who) && role === 'municipality' && purpose === 'supply-logistics' && action === 'read' && !fields.includes('supplier');
          expect(r.outcome).toBe(permitted ? 'allowed' : 'denied');
          expect(entries.slice(before).map((e) => [e.requester, e.decision])).toEqual([[recipient, permitted ? 'allow' : 'deny']]);
        },
      ),
      { numRuns: 60 },
    );
  });
});
