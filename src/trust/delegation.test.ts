import { describe, expect, it } from 'vitest';
import { delegationActivation, delegationActive, signDelegation, verifyDelegation } from './delegation.ts';
import { buildTestTrust, missingParams } from './test-fixtures.ts';
import type { Verification } from './verified.ts';

const now = new Date('2024-01-02T09:00:00+09:00');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const t = buildTestTrust(now);
const at = (hours: number) => new Date(now.getTime() + hours * HOUR).toISOString();

function codes<T>(v: Verification<T>): string[] {
  return v.ok ? [] : v.problems.map((p) => p.code);
}

describe('verifying delegations', () => {
  it('verifies Wajima City delegating to Nanao City for its own area', () => {
    const v = verifyDelegation(t.delegate('wajima', 'nanao'), t.registry, now);
    expect(v).toMatchObject({ ok: true, value: { delegation: { owner: 'jp-172049-wajima-city', delegate: 'jp-172022-nanao-city', areas: ['172049'] } } });
  });

  it('verifies a delegation made in advance that starts later', () => {
    expect(verifyDelegation(t.delegate('wajima', 'ishikawa', { validFrom: at(24 * 30) }), t.registry, now).ok).toBe(true);
  });

  it('refuses delegated areas outside the owner’s jurisdiction, naming the area', () => {
    const v = verifyDelegation(t.delegate('nanao', 'ishikawa', { areas: ['172022', '172049'] }), t.registry, now);
    expect(v).toMatchObject({
      ok: false,
      problems: [{ code: 'DELEGATION_AREA_OUTSIDE_JURISDICTION', params: { area: '172049', participant: 'jp-172022-nanao-city' }, field: 'payload.areas[1]' }],
    });
  });

  it('refuses delegates that are unlisted, revoked or suspended, and delegation to oneself', () => {
    expect(verifyDelegation(t.delegate('wajima', 'revoked'), t.registry, now)).toMatchObject({ ok: false, problems: [{ code: 'TRUST_PARTICIPANT_REVOKED', field: 'payload.delegate' }] });
    expect(codes(verifyDelegation(t.delegate('wajima', 'suspended'), t.registry, now))).toEqual(['TRUST_PARTICIPANT_SUSPENDED']);
    const alone = buildTestTrust(now, { recogniseForeign: false });
    expect(codes(verifyDelegation(alone.delegate('wajima', 'ocd'), alone.registry, now))).toEqual(['TRUST_PARTICIPANT_UNKNOWN']);
    expect(codes(verifyDelegation(t.delegate('wajima', 'wajima'), t.registry, now))).toEqual(['DELEGATION_TO_SELF']);
  });

  it('refuses a delegation whose owner is revoked or that the owner did not sign', () => {
    expect(codes(verifyDelegation(t.delegate('revoked', 'nanao'), t.registry, now))).toEqual(['TRUST_PARTICIPANT_REVOKED']);
    const forged = t.delegate('nanao', 'nanao', { owner: 'jp-172049-wajima-city' });
    expect(verifyDelegation(forged, t.registry, now)).toMatchObject({ ok: false, problems: [{ code: 'TRUST_KEY_UNKNOWN' }] });
  });

  it('refuses a delegation changed after signing', () => {
    const signed = t.delegate('wajima', 'nanao');
    const widened = { ...signed, payload: { ...signed.payload, actions: ['read', 'write'] } };
    expect(codes(verifyDelegation(widened, t.registry, now))).toEqual(['TRUST_SIGNATURE_INVALID']);
  });

  it('refuses an expired delegation and one that ends before it starts', () => {
    expect(codes(verifyDelegation(t.delegate('wajima', 'nanao', { validFrom: at(-48), validUntil: at(-1) }), t.registry, now))).toEqual(['DELEGATION_EXPIRED']);
    const backwards = verifyDelegation(t.delegate('wajima', 'nanao', { validFrom: at(10), validUntil: at(5) }), t.registry, now);
    expect(codes(backwards)).toEqual(['DELEGATION_INVALID_PERIOD']);
    if (!backwards.ok) expect(missingParams(backwards.problems[0]!)).toEqual([]);
  });

  it('refuses a malformed delegation naming the field', () => {
    const d = t.delegate('wajima', 'nanao');
    const v = verifyDelegation({ ...d, payload: { ...d.payload, purposes: ['curiosity'] } }, t.registry, now);
    expect(v).toMatchObject({ ok: false, problems: [{ code: 'TRUST_DOCUMENT_MALFORMED', field: 'payload.purposes[0]' }] });
  });

  it('refuses to sign a delegation for another owner', () => {
    expect(() => signDelegation(t.delegation('wajima', 'nanao'), t.signers.nanao, now)).toThrow(/owner/);
  });
});

describe('delegation activation', () => {
  const delegation = t.verifiedDelegation('wajima', 'nanao');

  it('is inactive without a declaration, and active while an emergency declaration covers the delegated area', () => {
    expect(delegationActivation(delegation, [], now)).toEqual({ active: false, reason: 'no-covering-declaration', uncovered: ['172049'] });
    const wajima = t.verifiedDeclaration('wajima');
    expect(delegationActivation(delegation, [wajima], now)).toEqual({ active: true, declarations: [wajima] });
    expect(delegationActive(delegation, [t.verifiedDeclaration('ishikawa')], now)).toBe(true);
    expect(delegationActive(delegation, [t.verifiedDeclaration('wajima', { phase: 'alert' })], now)).toBe(true);
  });

  it('is inactive under a declaration for another area or in recovery, and once the declaration is closed', () => {
    expect(delegationActive(delegation, [t.verifiedDeclaration('nanao')], now)).toBe(false);
    expect(delegationActive(delegation, [t.verifiedDeclaration('wajima', { phase: 'recovery' })], now)).toBe(false);
    const open = t.verifiedDeclaration('wajima', { id: 'w-1', issuedAt: at(-5) });
    const closed = t.verifiedDeclaration('wajima', { id: 'w-2', phase: 'closed', issuedAt: at(-1), supersedes: 'w-1' });
    expect(delegationActive(delegation, [open, closed], now)).toBe(false);
  });

  it('is active only for the hazards it names', () => {
    const tsunamiOnly = t.verifiedDelegation('wajima', 'nanao', { hazards: ['tsunami'] });
    expect(delegationActive(tsunamiOnly, [t.verifiedDeclaration('wajima')], now)).toBe(false);
    expect(delegationActive(tsunamiOnly, [t.verifiedDeclaration('wajima', { hazard: 'tsunami' })], now)).toBe(true);
  });

  it('is inactive before it starts and after it ends, even under a declaration', () => {
    const declaration = t.verifiedDeclaration('national', { issuedAt: at(-1), expiresAt: at(24 * 400) });
    const later = t.verifiedDelegation('wajima', 'nanao', { validFrom: at(2), validUntil: at(24 * 40) });
    expect(delegationActivation(later, [declaration], now)).toEqual({ active: false, reason: 'not-yet-valid' });
    expect(delegationActive(later, [declaration], new Date(now.getTime() + 3 * HOUR))).toBe(true);
    expect(delegationActivation(later, [declaration], new Date(now.getTime() + 41 * DAY))).toEqual({ active: false, reason: 'expired' });
  });

  it('for a prefecture-wide delegation, needs every area covered, or only the area of the records concerned', () => {
    const prefecture = t.verifiedDelegation('ishikawa', 'national');
    const wajimaOnly = [t.verifiedDeclaration('wajima')];
    expect(delegationActivation(prefecture, wajimaOnly, now)).toEqual({ active: false, reason: 'no-covering-declaration', uncovered: ['170003'] });
    expect(delegationActive(prefecture, wajimaOnly, now, '172049')).toBe(true);
    expect(delegationActive(prefecture, wajimaOnly, now, '172022')).toBe(false);
    expect(delegationActivation(delegation, wajimaOnly, now, '172022')).toEqual({ active: false, reason: 'area-not-delegated', area: '172022' });
  });
});
