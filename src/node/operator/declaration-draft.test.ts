import { describe, expect, it } from 'vitest';
import { buildTestTrust } from '../../trust/test-fixtures.ts';
import { declaringAuthorityOf, draftDeclaration, type DeclarationOrder } from './declaration-draft.ts';

const now = new Date('2024-01-01T07:10:00Z');
const trust = buildTestTrust(now);
const order: DeclarationOrder = { hazard: 'earthquake', phase: 'emergency', areas: ['172022'], validHours: 72, title: { ja: '地震', en: 'Earthquake' } };

describe('declaringAuthorityOf', () => {
  it('gives a municipality its own area, named after itself', () => {
    expect(declaringAuthorityOf(trust.registry, trust.participants.nanao.id, now)).toEqual({
      kind: 'may-declare',
      jurisdiction: ['172022'],
      areas: [{ code: '172022', name: { ja: '七尾市', en: 'Nanao City' } }],
    });
  });

  it('refuses a role that may not declare, a suspended participant and an unknown one, each with its own code', () => {
    expect(declaringAuthorityOf(trust.registry, trust.participants.hospital.id, now)).toMatchObject({ kind: 'may-not-declare', code: 'OPERATOR_MAY_NOT_DECLARE' });
    expect(declaringAuthorityOf(trust.registry, trust.participants.suspended.id, now)).toMatchObject({ kind: 'may-not-declare', code: 'OPERATOR_DECLARE_NOT_IN_GOOD_STANDING' });
    expect(declaringAuthorityOf(trust.registry, 'jp-nobody', now)).toMatchObject({ kind: 'may-not-declare', code: 'OPERATOR_DECLARE_NOT_LISTED' });
  });
});

describe('draftDeclaration', () => {
  const nanao = declaringAuthorityOf(trust.registry, trust.participants.nanao.id, now);

  it('comes to a declaration in force from now for the hours asked, areas de-duplicated', () => {
    const r = draftDeclaration({ ...order, areas: ['172022', ' 172022'] }, nanao, trust.participants.nanao.id, 'decl-1', now);
    expect(r).toEqual({
      ok: true,
      declaration: {
        id: 'decl-1',
        issuer: trust.participants.nanao.id,
        hazard: 'earthquake',
        phase: 'emergency',
        areas: ['172022'],
        title: { ja: '地震', en: 'Earthquake' },
        issuedAt: '2024-01-01T07:10:00.000Z',
        expiresAt: '2024-01-04T07:10:00.000Z',
      },
    });
  });

  it('refuses an area outside the jurisdiction, naming it and the jurisdiction', () => {
    expect(draftDeclaration({ ...order, areas: ['172022', '172049'] }, nanao, trust.participants.nanao.id, 'decl-1', now)).toEqual({
      ok: false,
      status: 403,
      code: 'OPERATOR_DECLARATION_AREA_OUTSIDE_JURISDICTION',
      params: { areas: '172049', jurisdiction: '172022' },
      field: 'areas',
    });
  });

  it('refuses an unreadable area code (wrong check digit) and a title missing in one language', () => {
    expect(draftDeclaration({ ...order, areas: ['172021'] }, nanao, 'x', 'decl-1', now)).toMatchObject({ ok: false, code: 'OPERATOR_DECLARATION_AREA_INVALID', field: 'areas[0]' });
    expect(draftDeclaration({ ...order, title: { ja: '地震', en: '  ' } }, nanao, 'x', 'decl-1', now)).toMatchObject({ ok: false, code: 'OPERATOR_DECLARATION_TITLE_REQUIRED' });
  });

  it('passes on why a participant may not declare', () => {
    const hospital = declaringAuthorityOf(trust.registry, trust.participants.hospital.id, now);
    expect(draftDeclaration(order, hospital, trust.participants.hospital.id, 'decl-1', now)).toMatchObject({ ok: false, status: 403, code: 'OPERATOR_MAY_NOT_DECLARE' });
  });
});
