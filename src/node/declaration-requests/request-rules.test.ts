import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildTestTrust } from '../../trust/test-fixtures.ts';
import { checkRequest, recipientsOf } from './request-rules.ts';

const now = new Date('2024-01-01T07:10:00Z');
const trust = buildTestTrust(now);
const p = trust.participants;
const asker = { registry: trust.registry, requester: p.dialysis.id, now, lang: 'en' as const };

/** Municipalities of Ishikawa listed in the test trust list, and codes elsewhere in Japan. */
const inIshikawa = ['170003', '172022', '172049'];
const elsewhere = ['130001', '131016', '271004', '011002'];

describe('recipientsOf', () => {
  it('offers only participants that may declare now, nearest first, never the requester nor one without a node', () => {
    const ids = recipientsOf(trust.registry, p.nanao.id, now, (id) => id !== p.wajima.id).map((r) => r.participantId);
    expect(ids).not.toContain(p.nanao.id);
    expect(ids).not.toContain(p.wajima.id);
    expect(ids).not.toContain(p.hospital.id);
    expect(ids).not.toContain(p.suspended.id);
    expect(ids.indexOf(p.ishikawa.id)).toBeLessThan(ids.indexOf(p.national.id));
  });
});

describe('checkRequest', () => {
  it('accepts any areas the recipient may name, de-duplicated, with the reason trimmed', () => {
    fc.assert(
      fc.property(fc.subarray(inIshikawa, { minLength: 1 }), fc.string({ minLength: 1, maxLength: 50 }).filter((s) => s.trim() !== ''), (areas, reason) => {
        const r = checkRequest({ recipient: p.ishikawa.id, areas: [...areas, ...areas], reason: ` ${reason} ` }, asker);
        expect(r).toEqual({ ok: true, areas, reason: reason.trim() });
      }),
    );
  });

  it('refuses every set of areas with one outside the recipient\'s jurisdiction, naming exactly those outside', () => {
    fc.assert(
      fc.property(fc.subarray(inIshikawa), fc.subarray(elsewhere, { minLength: 1 }), (inside, outside) => {
        const r = checkRequest({ recipient: p.ishikawa.id, areas: [...inside, ...outside], reason: 'r' }, asker);
        expect(r).toMatchObject({ ok: false, status: 403, code: 'DECLARATION_REQUEST_AREA_OUTSIDE_JURISDICTION', params: { areas: outside.join(', ') } });
      }),
    );
  });

  it('refuses whatever is asked of a participant that may not declare, saying why in the reader\'s language', () => {
    for (const recipient of [p.hospital.id, p.care.id, p.suspended.id, 'jp-nobody']) {
      const r = checkRequest({ recipient, areas: ['172022'], reason: 'r' }, asker);
      expect(r).toMatchObject({ ok: false, status: 403, code: 'DECLARATION_REQUEST_RECIPIENT_MAY_NOT_DECLARE', field: 'recipient' });
    }
    const ja = checkRequest({ recipient: p.hospital.id, areas: ['172022'], reason: 'r' }, { ...asker, lang: 'ja' });
    expect(ja.ok === false && ja.params.detail).toContain('災害宣言を発出できません');
  });

  it('refuses the requester itself and an empty reason', () => {
    expect(checkRequest({ recipient: p.dialysis.id, areas: ['172022'], reason: 'r' }, asker)).toMatchObject({ ok: false, code: 'DECLARATION_REQUEST_TO_SELF' });
    expect(checkRequest({ recipient: p.nanao.id, areas: ['172022'], reason: ' \n ' }, asker)).toMatchObject({ ok: false, code: 'DECLARATION_REQUEST_REASON_REQUIRED' });
  });
});
