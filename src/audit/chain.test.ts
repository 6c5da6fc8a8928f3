import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { auditDraftProblems, GENESIS_PREV_HASH, type AuditEntryDraft } from './entry.ts';
import { readChainFields, sealEntries, EMPTY_CHAIN } from './chain.ts';

const NODE = 'jp-172022-nanao-city';
const draft: AuditEntryDraft = {
  kind: 'access-decision',
  requester: 'jp-170001-ishikawa-pref',
  purpose: 'evacuation-support',
  action: 'query',
  dataset: 'persons-requiring-assistance',
  fields: ['id', 'location'],
  recordCount: 2,
  decision: 'allow',
  reasons: [{ code: 'POLICY_PERMITTED', params: { permit: 'p1' } }],
  requestId: 'req-1',
  policy: { id: 'evacuation-list', version: 2 },
};

describe('sealEntries', () => {
  it('hashes the canonical JSON of the entry without its hash, prevHash included (vector computed independently)', () => {
    const { sealed } = sealEntries(EMPTY_CHAIN, NODE, [draft], '2025-01-01T00:00:00.000Z');
    const s = sealed[0]!;
    // Python: json.dumps(entry, sort_keys=True, separators=(',', ':')) then hashlib.sha256 — equal to RFC 8785 here.
    expect(s.body).toBe(
      '{"action":"query","dataset":"persons-requiring-assistance","decision":"allow","fields":["id","location"],' +
        '"kind":"access-decision","node":"jp-172022-nanao-city","policy":{"id":"evacuation-list","version":2},' +
        `"prevHash":"${GENESIS_PREV_HASH}","purpose":"evacuation-support",` +
        '"reasons":[{"code":"POLICY_PERMITTED","params":{"permit":"p1"}}],"recordCount":2,"requestId":"req-1",' +
        '"requester":"jp-170001-ishikawa-pref","seq":1,"time":"2025-01-01T00:00:00.000Z"}',
    );
    expect(s.entry.hash).toBe('ca0157b043cc613d4794b584cc1651ad5156ceb5e42f3b1450b2e81678fde4b5');
  });

  it('chains each entry to the one before and continues from a given head', () => {
    const a = sealEntries(EMPTY_CHAIN, NODE, [draft, draft], '2025-01-01T00:00:00.000Z');
    expect(a.sealed.map((s) => s.entry.seq)).toEqual([1, 2]);
    expect(a.sealed[1]!.entry.prevHash).toBe(a.sealed[0]!.entry.hash);
    const b = sealEntries(a.head, NODE, [draft], '2025-01-01T00:00:01.000Z');
    expect(b.sealed[0]!.entry).toMatchObject({ seq: 3, prevHash: a.head.hash });
  });

  it('leaves absent optional fields out of the hashed text instead of writing them as undefined', () => {
    const { sealed } = sealEntries(EMPTY_CHAIN, NODE, [{ ...draft, policy: undefined, reasons: [{ code: 'X', params: { a: undefined, b: 1 } as never }] }], '2025-01-01T00:00:00.000Z');
    expect(sealed[0]!.body).not.toContain('policy');
    expect(sealed[0]!.body).toContain('"params":{"b":1}');
    expect('policy' in sealed[0]!.entry).toBe(false);
  });
});

describe('readChainFields', () => {
  it('reads seq and prevHash of any sealed entry without parsing, whatever its strings contain', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.nat({ max: 1e9 }), (s, seq) => {
        const d = { ...draft, reasons: [{ code: 'X', params: { seq: s, note: `"seq":${s},"prevHash":"` } }] };
        const { sealed } = sealEntries({ seq, hash: 'a'.repeat(64) }, NODE, [d], '2025-01-01T00:00:00.000Z');
        expect(readChainFields(sealed[0]!.body)).toEqual({ seq: seq + 1, prevHash: 'a'.repeat(64) });
      }),
    );
  });

  it('gives up on text that is not an entry', () => {
    expect(readChainFields('{}')).toBeUndefined();
    expect(readChainFields(`{"prevHash":"${'a'.repeat(64)}","seq":x,"time":""}`)).toBeUndefined();
    expect(readChainFields(`{"prevHash":"${'A'.repeat(64)}","seq":1,"time":""}`)).toBeUndefined();
    expect(readChainFields(`{"prevHash":"${'a'.repeat(64)}","seq":01,"time":""}`)).toBeUndefined();
  });
});

describe('auditDraftProblems', () => {
  it('accepts a valid draft and names the field of an invalid one with its index', () => {
    expect(auditDraftProblems([draft])).toEqual([]);
    const problems = auditDraftProblems([draft, { ...draft, recordCount: -1 }, { ...draft, name: '山田太郎' }]);
    expect(problems.map((p) => p.path)).toEqual(expect.arrayContaining(['/1/recordCount', '/2/name']));
  });

  it('refuses strings that canonical JSON or jsonb cannot hold, which would fail a whole group commit', () => {
    const params = { a: 'ok 🙂', b: 'nul\u0000', c: 'lone \uD800 surrogate' };
    const problems = auditDraftProblems([{ ...draft, reasons: [{ code: 'X', params }] }]);
    expect(problems.map((p) => p.path)).toEqual(['/0/reasons/0/params/b', '/0/reasons/0/params/c']);
  });

  it('accepts a purpose outside the vocabulary, so a denied request is recorded as asked', () => {
    expect(auditDraftProblems([{ ...draft, purpose: 'marketing', decision: 'deny' }])).toEqual([]);
  });
});
