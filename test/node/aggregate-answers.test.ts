// An aggregate request is decided before anything is counted: a denied one reads no record (only the areas the records
// hold, which the decision needs) and is audited as before; an allowed one is counted by the store's GROUP BY, not by
// reading the records out; one over the limit is refused and audited; one the log cannot record releases nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntryDraft } from '../../src/audit/index.ts';
import type { Purpose } from '../../src/model/index.ts';
import { examplePolicies, ISHIKAWA, NOTO_NOW, participants, verifiedParticipant, WAJIMA } from '../../src/policy/test-fixtures.ts';
import type { Requester } from '../../src/policy/index.ts';
import { createAccessGate, type AggregateRead } from '../../src/node/access-gate.ts';
import type { AggregateStore } from '../../src/node/aggregate-count.ts';
import { MEMORY_DATA_DIR } from '../../src/store/config.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/types.ts';
import { personsWithNeeds } from '../support/statistics-persons.ts';

let store: Store;

beforeAll(async () => {
  store = await openStore({ backend: 'pglite', dataDir: MEMORY_DATA_DIR });
  await store.upsert([
    ...personsWithNeeds('jp-172022-nanao-city', '172022', [['dialysis', 7], ['lives-alone', 6], ['bedridden', 2]], 'nanao-stat'),
    ...personsWithNeeds('jp-172022-nanao-city', '172049', [['dialysis', 5]], 'wajima-stat'),
  ]);
});
afterAll(async () => {
  await store?.close();
});

/** The store as the gate sees it, with every call counted by name. */
function spied(): { store: AggregateStore; calls: Record<string, number> } {
  const calls: Record<string, number> = { areas: 0, groups: 0, count: 0, query: 0 };
  return {
    calls,
    store: {
      areas: (q) => (calls.areas!++, store.areas(q)),
      groups: (q) => (calls.groups!++, store.groups(q)),
      count: (q) => (calls.count!++, store.count(q)),
      query: (q) => (calls.query!++, store.query(q)),
    },
  };
}

function gateWith(entries: AuditEntryDraft[], fail = false) {
  return createAccessGate({
    policies: examplePolicies,
    dataAreas: [WAJIMA],
    now: () => new Date(NOTO_NOW),
    auditLog: {
      append: async (drafts) => {
        if (fail) return { ok: false, problems: [{ code: 'AUDIT_DRAFT_INVALID', params: { detail: 'test' } }] } as never;
        entries.push(...drafts);
        return { ok: true, entries: [] };
      },
    },
  });
}

function readOf(requester: Requester, purpose: Purpose, source: AggregateStore, maxRecords = 200_000): AggregateRead {
  return {
    who: { requester },
    purpose: { purpose, stated: true },
    dataset: 'persons',
    fields: '*',
    requestId: `req-${Math.random()}`,
    source: { store: source, type: 'person', maxRecords },
  };
}

describe('an aggregate request', () => {
  const denied: [string, Requester, Purpose, string][] = [
    ['a role the permit does not name', participants.nanaoCity, 'statistics', 'POLICY_ROLE_NOT_PERMITTED'],
    ['a purpose the permit does not name', participants.ishikawaPref, 'recovery', 'POLICY_PURPOSE_NOT_PERMITTED'],
    ['an expired credential', verifiedParticipant('jp-170003-ishikawa-pref', 'prefecture', [ISHIKAWA], '2023-12-31T00:00:00Z'), 'statistics', 'POLICY_CREDENTIAL_EXPIRED'],
  ];
  it.each(denied)('denied for %s reads no record, counts nothing and is audited with the reason', async (_, requester, purpose, code) => {
    const entries: AuditEntryDraft[] = [];
    const { store: source, calls } = spied();
    const release = await gateWith(entries).releaseAggregate(readOf(requester, purpose, source));
    expect(release.outcome).toBe('denied');
    expect(calls).toEqual({ areas: 1, groups: 0, count: 0, query: 0 });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: 'access-decision', decision: 'deny', recordCount: 0, purpose });
    expect(entries[0]!.reasons.map((r) => r.code)).toContain(code);
  });

  it('allowed is counted by the store and never reads a record out, and says which groups were withheld', async () => {
    const entries: AuditEntryDraft[] = [];
    const { store: source, calls } = spied();
    const release = await gateWith(entries).releaseAggregate(readOf(participants.ishikawaPref, 'statistics', source));
    if (release.outcome !== 'released') throw new Error(release.outcome);
    expect(release.countedIn).toBe('store');
    expect(calls).toEqual({ areas: 1, groups: 1, count: 1, query: 0 });
    expect(release.table.cells).toEqual([
      { values: ['172022', 'bedridden'], status: 'withheld' },
      { values: ['172022', 'dialysis'], status: 'published', count: 7 },
      { values: ['172022', 'lives-alone'], status: 'withheld' },
      { values: ['172049', 'dialysis'], status: 'published', count: 5 },
    ]);
    // Decided for every area the records hold, in the order reading them would meet them.
    expect(release.decision.areas.map((a) => a.area)).toEqual(['172022', '172049']);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ decision: 'allow', recordCount: 0 });
    expect(entries[0]!.reasons.find((r) => r.code === 'NODE_AGGREGATE_ANSWERED')?.params).toMatchObject({ cells: 4, withheld: 2 });
  });

  it('allowed but one record over the limit counts nothing and is refused and audited as such', async () => {
    const entries: AuditEntryDraft[] = [];
    const { store: source, calls } = spied();
    const release = await gateWith(entries).releaseAggregate(readOf(participants.ishikawaPref, 'statistics', source, 19));
    expect(release).toMatchObject({ outcome: 'too-many', limit: 19 });
    expect(calls).toEqual({ areas: 1, groups: 0, count: 1, query: 0 });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ decision: 'deny', recordCount: 0 });
    expect(entries[0]!.reasons).toEqual([{ code: 'NODE_AGGREGATE_TOO_MANY_RECORDS', params: { limit: 19 } }]);
  });

  it('that the audit log cannot record releases no table', async () => {
    const { store: source } = spied();
    const release = await gateWith([], true).releaseAggregate(readOf(participants.ishikawaPref, 'statistics', source));
    expect(release.outcome).toBe('unrecorded');
    expect(release).not.toHaveProperty('table');
  });
});
