// Copies under policy on both storage backends: readable until expiry and never after, swept with one audit entry
// per group, exactly once even when a sweep stops between its steps, and the audit log verifies afterwards.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { AuditLog } from '../../src/audit/index.ts';
import {
  copyDeletedEntry,
  createCopySweeper,
  mayShareOnward,
  onwardSharingProblem,
  readCopies,
  storeCopies,
  sweepExpiredCopies,
  type CopyDecision,
  type CopySweepOutcome,
} from '../../src/federation/copies.ts';
import type { Store } from '../../src/store/types.ts';
import { createSigner, generateKeyPair } from '../../src/trust/keys.ts';
import { pgliteBackend, postgresBackend, openTestStore, backendRuns, type BackendUnderTest } from '../store/support/backends.ts';

const CONSUMER = 'jp-170003-ishikawa-pref';
const CLINIC = 'jp-172022-nanao-dialysis-clinic';
const CITY = 'jp-172022-nanao-city';
const signer = createSigner(CONSUMER, generateKeyPair('ishikawa-audit-1'));
const publicKeys = [{ kid: signer.kid, publicKey: signer.publicKey }];

const HOUR = 3_600_000;
const t0 = new Date('2026-01-10T09:00:00.000Z');
const at = (hours: number) => new Date(t0.getTime() + hours * HOUR);

function decision(overrides: { dataset?: string; retentionHours?: number; onwardSharing?: boolean; effect?: 'allow' | 'deny'; policy?: { id: string; version: number } } = {}): CopyDecision {
  const hours = overrides.retentionHours ?? 72;
  return {
    effect: overrides.effect ?? 'allow',
    dataset: overrides.dataset ?? 'dialysis-patients',
    purpose: 'medical-continuity',
    policy: overrides.policy ?? { id: 'dialysis-continuity', version: 2 },
    requestId: 'req-0001',
    obligations: {
      grantedFields: ['id', 'location', 'dialysis.schedule'],
      maskedFields: [],
      sensitiveFields: ['dialysis.schedule'],
      retention: `PT${hours}H`,
      retentionSeconds: hours * 3600,
      onwardSharing: overrides.onwardSharing ?? false,
      requireConsent: false,
      audit: true,
    },
  };
}

const records = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${String(i).padStart(4, '0')}`, type: 'person', data: { shelterId: 's-1' } }));

const ids = (copies: readonly { recordId: string }[]) => copies.map((c) => c.recordId);

for (const make of [pgliteBackend, postgresBackend]) {
  const probe = make();
  describe(`copies under policy on ${probe.name}`, () => {
    if (!backendRuns(probe)) return;

    const opened: { store: Store; log: AuditLog; backend: BackendUnderTest }[] = [];
    /** A fresh database per test: a sweep deletes whatever has expired, so tests must not share copies. */
    async function fresh() {
      const backend = make();
      const store = await openTestStore(backend);
      const r = await store.audit.open({ signer });
      if (!r.ok) throw new Error(JSON.stringify(r.problems));
      opened.push({ store, log: r.log, backend });
      return { store, log: r.log };
    }
    afterEach(async () => {
      for (const o of opened.splice(0)) {
        await o.log.close();
        await o.store.close();
        await o.backend.cleanup();
      }
    });
    /** One database for the tests that never claim or sweep (each reads only its own provider's copies). */
    let sharedStore: { store: Store; backend: BackendUnderTest } | undefined;
    async function shared() {
      if (sharedStore === undefined) {
        const backend = make();
        sharedStore = { store: await openTestStore(backend), backend };
      }
      return sharedStore;
    }
    afterAll(async () => {
      await sharedStore?.store.close();
      await sharedStore?.backend.cleanup();
    });

    const copyDeletedEntries = async (store: Store) => {
      const r = await store.audit.query({ kind: 'copy-deleted', order: 'oldest-first', limit: 1000 });
      if (!r.ok) throw new Error(JSON.stringify(r.problems));
      return r.page.entries;
    };

    it('keeps copies readable until their retention ends and never returns them after, even before a sweep', async () => {
      const { store } = await shared();
      const stored = await storeCopies(store, { provider: CLINIC, decision: decision(), records: records('p', 3), receivedAt: t0 });
      expect(stored).toEqual({ ok: true, stored: 3, expiresAt: at(72).toISOString() });

      const before = await readCopies(store, { now: at(71.9), provider: CLINIC, dataset: 'dialysis-patients' });
      expect(ids(before)).toEqual(['p-0000', 'p-0001', 'p-0002']);
      expect(before[0]).toEqual({
        provider: CLINIC,
        dataset: 'dialysis-patients',
        recordId: 'p-0000',
        record: { id: 'p-0000', type: 'person', data: { shelterId: 's-1' } },
        purpose: 'medical-continuity',
        policyId: 'dialysis-continuity',
        policyVersion: 2,
        retention: 'PT72H',
        retentionSeconds: 72 * 3600,
        onwardSharing: false,
        requestId: 'req-0001',
        receivedAt: t0.toISOString(),
        expiresAt: at(72).toISOString(),
      });
      expect(await readCopies(store, { now: at(72), provider: CLINIC })).toEqual([]);
      expect(await readCopies(store, { now: at(100), provider: CLINIC })).toEqual([]);
    });

    it('deletes expired copies, keeps the others, and audits one entry per provider, dataset and policy with the count and ids', async () => {
      const { store, log } = await fresh();
      await storeCopies(store, { provider: CLINIC, decision: decision(), records: records('p', 3), receivedAt: t0 });
      await storeCopies(store, { provider: CITY, decision: decision({ dataset: 'shelters', retentionHours: 24, policy: { id: 'shelters-open', version: 1 } }), records: records('s', 2), receivedAt: t0 });
      await storeCopies(store, { provider: CITY, decision: decision({ dataset: 'shelters', retentionHours: 240, policy: { id: 'shelters-open', version: 1 } }), records: records('late', 1), receivedAt: t0 });

      const outcome = await sweepExpiredCopies({ store, auditLog: log }, at(80));
      expect(outcome).toMatchObject({ claimed: 5, deleted: 5, problems: [] });
      expect(outcome.groups.map((g) => [g.provider, g.dataset, g.policy.id, g.count, g.deleted])).toEqual([
        [CITY, 'shelters', 'shelters-open', 2, 2],
        [CLINIC, 'dialysis-patients', 'dialysis-continuity', 3, 3],
      ]);

      const entries = await copyDeletedEntries(store);
      expect(entries.map((e) => [e.dataset, e.recordCount, e.recordIds, e.policy, e.requester, e.action, e.reasons[0]?.params.provider])).toEqual([
        ['shelters', 2, ['s-0000', 's-0001'], { id: 'shelters-open', version: 1 }, CONSUMER, 'delete', CITY],
        ['dialysis-patients', 3, ['p-0000', 'p-0001', 'p-0002'], { id: 'dialysis-continuity', version: 2 }, CONSUMER, 'delete', CLINIC],
      ]);
      expect(ids(await readCopies(store, { now: at(80) }))).toEqual(['late-0000']);

      const again = await sweepExpiredCopies({ store, auditLog: log }, at(80));
      expect(again).toEqual({ claimed: 0, deleted: 0, groups: [], problems: [] });
      await log.checkpoint();
      expect(await store.audit.verify(publicKeys)).toMatchObject({ ok: true, entries: 2 });
    });

    it('audits and deletes copies an interrupted sweep had claimed, and claimed copies are never readable', async () => {
      const { store, log } = await fresh();
      await storeCopies(store, { provider: CLINIC, decision: decision(), records: records('p', 2), receivedAt: t0 });
      // A sweep that stopped right after its claim.
      expect(await store.copies.claimExpired(at(73), 'copy-sweep-crashed')).toBe(2);
      expect(await readCopies(store, { now: at(1) })).toEqual([]);

      const outcome = await sweepExpiredCopies({ store, auditLog: log }, at(74));
      expect(outcome).toMatchObject({ claimed: 0, deleted: 2, problems: [] });
      const entries = await copyDeletedEntries(store);
      expect(entries.map((e) => [e.requestId, e.recordCount])).toEqual([['copy-sweep-crashed-1', 2]]);
    });

    it('does not audit twice when a sweep stopped after writing its audit entry but before deleting', async () => {
      const { store, log } = await fresh();
      await storeCopies(store, { provider: CLINIC, decision: decision(), records: records('p', 2), receivedAt: t0 });
      await store.copies.claimExpired(at(73), 'copy-sweep-crashed');
      const [group] = await store.copies.claimedGroups(1000);
      const appended = await log.append([copyDeletedEntry(log.node, group!)]);
      expect(appended.ok).toBe(true);

      const outcome = await sweepExpiredCopies({ store, auditLog: log }, at(74));
      expect(outcome).toMatchObject({ deleted: 2, problems: [] });
      expect(outcome.groups[0]?.auditSeq).toBeUndefined();
      expect(await copyDeletedEntries(store)).toHaveLength(1);
      expect(await store.copies.claimedGroups(1000)).toEqual([]);
      await log.checkpoint();
      expect(await store.audit.verify(publicKeys)).toMatchObject({ ok: true, entries: 1 });
    });

    it('lists at most 1000 record ids in one audit entry but counts every deleted copy', async () => {
      const { store, log } = await fresh();
      await storeCopies(store, { provider: CLINIC, decision: decision({ retentionHours: 1 }), records: records('p', 1005), receivedAt: t0 });
      const outcome = await sweepExpiredCopies({ store, auditLog: log }, at(2));
      expect(outcome.deleted).toBe(1005);
      const [entry] = await copyDeletedEntries(store);
      expect(entry?.recordCount).toBe(1005);
      expect(entry?.recordIds).toHaveLength(1000);
    });

    it('keeps the onward-sharing ban with the copy so that sharing it onward can be refused', async () => {
      const { store } = await shared();
      await storeCopies(store, { provider: CLINIC, decision: decision({ dataset: 'onward-banned', onwardSharing: false }), records: records('p', 1), receivedAt: t0 });
      await storeCopies(store, { provider: CITY, decision: decision({ dataset: 'onward-open', onwardSharing: true }), records: records('s', 1), receivedAt: t0 });
      const [banned] = await readCopies(store, { now: at(1), provider: CLINIC, dataset: 'onward-banned' });
      const [open] = await readCopies(store, { now: at(1), provider: CITY, dataset: 'onward-open' });
      expect(mayShareOnward(banned!, at(1))).toBe(false);
      expect(onwardSharingProblem(banned!, at(1))).toEqual({
        code: 'COPY_ONWARD_SHARING_FORBIDDEN',
        params: { provider: CLINIC, dataset: 'onward-banned', policy: 'dialysis-continuity@2' },
      });
      expect(mayShareOnward(open!, at(1))).toBe(true);
      expect(mayShareOnward(open!, at(72))).toBe(false);
    });

    it('keeps nothing for a denial or a policy that allows no retention', async () => {
      const { store } = await shared();
      const denied = await storeCopies(store, { provider: CLINIC, decision: decision({ dataset: 'refused', effect: 'deny' }), records: records('p', 1), receivedAt: t0 });
      expect(denied).toEqual({ ok: false, problems: [{ code: 'COPY_DECISION_DENIED', params: { dataset: 'refused' } }] });
      const none = await storeCopies(store, { provider: CLINIC, decision: decision({ dataset: 'refused', retentionHours: 0 }), records: records('p', 1), receivedAt: t0 });
      expect(none).toMatchObject({ ok: false, problems: [{ code: 'COPY_NO_RETENTION' }] });
      const badId = await storeCopies(store, { provider: CLINIC, decision: decision({ dataset: 'refused' }), records: [{ id: ' spaced id' }], receivedAt: t0 });
      expect(badId).toMatchObject({ ok: false, problems: [{ code: 'COPY_RECORD_ID_INVALID' }] });
      expect(await readCopies(store, { now: t0, dataset: 'refused' })).toEqual([]);
    });

    it('renews a copy received again under the new terms, also when an expired one was already claimed', async () => {
      const { store, log } = await fresh();
      await storeCopies(store, { provider: CLINIC, decision: decision({ retentionHours: 1 }), records: records('p', 1), receivedAt: t0 });
      await store.copies.claimExpired(at(2), 'copy-sweep-crashed');
      await storeCopies(store, { provider: CLINIC, decision: decision({ retentionHours: 24 }), records: records('p', 1), receivedAt: at(3) });
      expect((await readCopies(store, { now: at(4) })).map((c) => c.expiresAt)).toEqual([at(27).toISOString()]);
      const outcome = await sweepExpiredCopies({ store, auditLog: log }, at(5));
      expect(outcome).toMatchObject({ claimed: 0, deleted: 0 });
      expect(ids(await readCopies(store, { now: at(5) }))).toEqual(['p-0000']);
    });

    it('sweeps on start and on demand, and stops cleanly', async () => {
      const { store, log } = await fresh();
      await storeCopies(store, { provider: CLINIC, decision: decision({ retentionHours: 1 }), records: records('p', 2), receivedAt: t0 });
      let clock = at(0.5);
      const seen: CopySweepOutcome[] = [];
      let first!: () => void;
      const firstSweep = new Promise<void>((resolve) => (first = resolve));
      const sweeper = createCopySweeper({
        store,
        auditLog: log,
        intervalMs: 60_000,
        now: () => clock,
        onSweep: (o) => {
          seen.push(o);
          first();
        },
      });
      sweeper.start();
      await firstSweep;
      expect(seen[0]).toMatchObject({ claimed: 0, deleted: 0 });
      clock = at(2);
      expect(await sweeper.sweepNow()).toMatchObject({ claimed: 2, deleted: 2 });
      await sweeper.stop();
      expect(await copyDeletedEntries(store)).toHaveLength(1);
    });
  });
}
