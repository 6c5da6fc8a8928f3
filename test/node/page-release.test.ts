// A page released through the access gate for the areas a read names: decided before any record is read (a denial
// reads nothing), audited either way with the ids released, and the same answer as the gate's release of the records
// read and masked in memory — whether the database writes the page or, for lists inside lists, the gate masks it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntryDraft } from '../../src/audit/index.ts';
import type { AreaCode, RecordDraft } from '../../src/model/index.ts';
import { createAccessGate, type AccessGate, type PageRead } from '../../src/node/access-gate.ts';
import { declaration, examplePolicies, NANAO, NOTO_NOW, participants } from '../../src/policy/test-fixtures.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { RecordQuery, Store } from '../../src/store/types.ts';
import { personsWithNeeds } from '../support/statistics-persons.ts';

let store: Store;
const entries: AuditEntryDraft[] = [];
const auditLog = {
  async append(drafts: readonly AuditEntryDraft[]) {
    entries.push(...drafts);
    return { ok: true as const, entries: [] };
  },
};

/** A gate over the example policies, with Nanao's emergency declaration in force or not. */
function gateWith(emergency: boolean): AccessGate {
  return createAccessGate({
    policies: examplePolicies,
    auditLog,
    declarations: () => (emergency ? [declaration('emergency', [NANAO])] : []),
    dataAreas: [NANAO],
    now: () => new Date(NOTO_NOW),
  });
}

const ishikawa = { requester: participants.ishikawaPref };
const holder = 'jp-172022-nanao-city';

/** Twelve persons of Nanao; one with a care note, which no grant here covers. */
function persons(): RecordDraft<'person'>[] {
  const drafts = personsWithNeeds(holder, NANAO, [['wheelchair', 7], ['dialysis', 5]], 'page-release');
  drafts[3]!.data = { ...drafts[3]!.data, care: { needs: ['wheelchair'], note: 'stairs' } };
  return drafts;
}

function readOf(fields: '*' | readonly string[], query: RecordQuery, source: PageRead['source']['store'] = store): PageRead {
  return {
    who: ishikawa,
    purpose: { purpose: 'life-saving', stated: true },
    dataset: 'persons',
    fields,
    areas: [NANAO],
    requestId: `req-${entries.length}`,
    source: { store: source, query },
  };
}

beforeAll(async () => {
  store = await openStore({ backend: 'pglite', dataDir: 'memory://' });
  await store.upsert(persons());
});
afterAll(async () => {
  await store?.close();
});

describe('a page released for the areas a read names', () => {
  it('decides before reading: a denied read touches no record, and is audited with no record', async () => {
    const untouchable = {
      query: () => Promise.reject(new Error('a denied read must not read records')),
      releasePage: () => Promise.reject(new Error('a denied read must not read records')),
    };
    entries.length = 0;
    // No declaration in force: life-saving is not permitted outside an emergency.
    const released = await gateWith(false).releasePage(readOf('*', { type: 'person', areas: [NANAO], limit: 5 }, untouchable));
    expect(released.outcome).toBe('denied');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: 'access-decision', decision: 'deny', dataset: 'persons', recordCount: 0 });
    expect(entries[0]!.recordIds).toBeUndefined();
  });

  it('answers what releasing the records read and masked in memory answers, page by page, each audited with its ids', async () => {
    const gate = gateWith(true);
    for (const fields of ['*', ['areaCode', 'safety.status', 'care.needs', 'name']] as const) {
      let after: string | undefined;
      let pages = 0;
      do {
        const query: RecordQuery = { type: 'person', areas: [NANAO as AreaCode], limit: 5, ...(after ? { after } : {}) };
        entries.length = 0;
        const released = await gate.releasePage(readOf(fields, query));
        if (released.outcome !== 'released') throw new Error(`expected a release, got ${released.outcome}`);
        const rows = await store.query({ ...query, limit: 6 });
        const before = await gate.release({ ...readOf(fields, query), records: rows.slice(0, 5) });
        if (before.outcome !== 'released') throw new Error(`expected a release, got ${before.outcome}`);
        expect(JSON.parse(released.page.json)).toEqual(JSON.parse(JSON.stringify(before.records)));
        expect(released.page.ids).toEqual(before.records.map((r) => r.id));
        // One entry for the page, one for the comparison read: the same decision and ids.
        expect(entries).toHaveLength(2);
        expect(entries[0]).toMatchObject({ decision: 'allow', recordCount: before.records.length, recordIds: released.page.ids });
        expect(entries[0]!.fields).toEqual(entries[1]!.fields);
        after = released.page.next;
        pages += 1;
      } while (after !== undefined);
      expect(pages).toBe(3);
    }
  });

  it('masks in memory, with the same answer, a page the database leaves to it', async () => {
    const gate = gateWith(true);
    const query: RecordQuery = { type: 'person', areas: [NANAO as AreaCode], limit: 20 };
    const inStore = await gate.releasePage(readOf(['care.needs', 'areaCode'], query));
    const leftToGate = await gate.releasePage(
      readOf(['care.needs', 'areaCode'], query, { query: (q) => store.query(q), releasePage: () => Promise.resolve({ kind: 'nested-arrays' }) }),
    );
    if (inStore.outcome !== 'released' || leftToGate.outcome !== 'released') throw new Error('expected releases');
    expect(JSON.parse(leftToGate.page.json)).toEqual(JSON.parse(inStore.page.json));
    expect(leftToGate.page.ids).toEqual(inStore.page.ids);
    // The example life-saving permit grants the care needs but not the record's own area code.
    expect(JSON.parse(inStore.page.json)[0].data).toEqual({ care: { needs: ['wheelchair'] } });
  });
});
