import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { message } from '../i18n/index.ts';
import { activeDeclarations, signDeclaration, verifyDeclaration } from './declaration.ts';
import { signDocument } from './signed-document.ts';
import { signTrustList, type TrustList } from './trust-list.ts';
import { createTrustRegistry } from './trust-registry.ts';
import { buildTestTrust, missingParams } from './test-fixtures.ts';
import type { Verification } from './verified.ts';

const now = new Date('2024-01-02T09:00:00+09:00');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const t = buildTestTrust(now);

function codes<T>(v: Verification<T>): string[] {
  return v.ok ? [] : v.problems.map((p) => p.code);
}

describe('verifying declarations', () => {
  it('verifies a municipality declaring for its own area, and a prefecture and the nation for a city inside them', () => {
    const nanao = verifyDeclaration(t.declare('nanao'), t.registry, now);
    expect(nanao).toMatchObject({ ok: true, value: { issuerRole: 'municipality', declaration: { issuer: 'jp-172022-nanao-city', areas: ['172022'] } } });
    expect(verifyDeclaration(t.declare('ishikawa', { areas: ['172049', '172022'] }), t.registry, now).ok).toBe(true);
    expect(verifyDeclaration(t.declare('national', { areas: ['172049'] }), t.registry, now).ok).toBe(true);
  });

  it('refuses a declaration by a role without authority to declare, such as a hospital', () => {
    const v = verifyDeclaration(t.declare('hospital'), t.registry, now);
    expect(v).toMatchObject({ ok: false, problems: [{ code: 'DECLARATION_NOT_AUTHORISED', params: { participant: 'jp-172022-nanao-hospital', role: 'hospital' }, field: 'payload.issuer' }] });
    expect(codes(verifyDeclaration(t.declare('dialysis'), t.registry, now))).toEqual(['DECLARATION_NOT_AUTHORISED']);
  });

  it('refuses Nanao City declaring for Wajima City (172049), naming the area', () => {
    const v = verifyDeclaration(t.declare('nanao', { areas: ['172022', '172049'] }), t.registry, now);
    expect(v).toMatchObject({
      ok: false,
      problems: [{ code: 'DECLARATION_AREA_OUTSIDE_JURISDICTION', params: { area: '172049', participant: 'jp-172022-nanao-city' }, field: 'payload.areas[1]' }],
    });
    expect(codes(verifyDeclaration(t.declare('nanao', { areas: ['170003'] }), t.registry, now))).toEqual(['DECLARATION_AREA_OUTSIDE_JURISDICTION']);
    expect(codes(verifyDeclaration(t.declare('ishikawa', { areas: ['JP'] }), t.registry, now))).toEqual(['DECLARATION_AREA_OUTSIDE_JURISDICTION']);
  });

  it('refuses an expired declaration, one not yet in force, and one that ends before it starts', () => {
    const expired = t.declare('nanao', { issuedAt: new Date(now.getTime() - 10 * DAY).toISOString(), expiresAt: new Date(now.getTime() - DAY).toISOString() });
    expect(verifyDeclaration(expired, t.registry, now)).toMatchObject({ ok: false, problems: [{ code: 'DECLARATION_EXPIRED', field: 'payload.expiresAt' }] });
    const early = t.declare('nanao', { issuedAt: new Date(now.getTime() + HOUR).toISOString() });
    expect(codes(verifyDeclaration(early, t.registry, now))).toEqual(['DECLARATION_NOT_YET_VALID']);
    const backwards = t.declare('nanao', { expiresAt: new Date(now.getTime() - 2 * HOUR).toISOString() });
    expect(codes(verifyDeclaration(backwards, t.registry, now))).toEqual(['DECLARATION_INVALID_PERIOD']);
  });

  it('tolerates a few minutes of clock difference for the start, never for the end', () => {
    const soon = t.declare('nanao', { issuedAt: new Date(now.getTime() + 60_000).toISOString() });
    expect(verifyDeclaration(soon, t.registry, now).ok).toBe(true);
    const justEnded = t.declare('nanao', { issuedAt: new Date(now.getTime() - DAY).toISOString(), expiresAt: new Date(now.getTime() - 1).toISOString() });
    expect(codes(verifyDeclaration(justEnded, t.registry, now))).toEqual(['DECLARATION_EXPIRED']);
  });

  it('refuses a declaration changed after signing (property: any area, phase, hazard or time)', () => {
    const signed = t.declare('ishikawa');
    fc.assert(
      fc.property(
        fc.oneof(
          fc.record({ areas: fc.constantFrom(['172022'], ['172049'], ['170003', '172022']) }),
          fc.record({ phase: fc.constantFrom('alert' as const, 'recovery' as const, 'closed' as const) }),
          fc.record({ hazard: fc.constantFrom('tsunami' as const, 'flood' as const) }),
          fc.record({ expiresAt: fc.constantFrom('2024-12-31T00:00:00Z', '2030-01-01T00:00:00+09:00') }),
        ),
        (change) => {
          const tampered = { ...signed, payload: { ...signed.payload, ...change } };
          expect(codes(verifyDeclaration(tampered, t.registry, now))).toEqual(['TRUST_SIGNATURE_INVALID']);
        },
      ),
    );
  });

  it('refuses a hospital impersonating Nanao City, and a declaration signed by someone other than its issuer', () => {
    const impersonation = t.declare('hospital', { issuer: 'jp-172022-nanao-city' });
    expect(verifyDeclaration(impersonation, t.registry, now)).toMatchObject({ ok: false, problems: [{ code: 'TRUST_KEY_UNKNOWN', field: 'proof.kid' }] });
    const d = t.declaration('nanao');
    const byPrefecture = signDocument(d, t.signers.ishikawa, now, 'tsunagu:declaration');
    expect(verifyDeclaration(byPrefecture, t.registry, now)).toMatchObject({ ok: false, problems: [{ code: 'TRUST_SIGNER_MISMATCH', field: 'proof.signer' }] });
  });

  it('refuses declarations from revoked, suspended or unlisted issuers', () => {
    const list: TrustList = structuredClone(t.trustList.payload);
    list.entries[2]!.status = 'revoked';
    list.issuedAt = now.toISOString();
    const registry = createTrustRegistry(t.config, [signTrustList(list, t.anchor.signer, now)], now).registry;
    expect(codes(verifyDeclaration(t.declare('nanao'), registry, now))).toEqual(['TRUST_PARTICIPANT_REVOKED']);
    const alone = buildTestTrust(now, { recogniseForeign: false });
    expect(codes(verifyDeclaration(alone.declare('ocd'), alone.registry, now))).toEqual(['TRUST_PARTICIPANT_UNKNOWN']);
  });

  it('lets a listing grant or withdraw declaration authority regardless of role', () => {
    const list: TrustList = structuredClone(t.trustList.payload);
    list.entries[6]!.declarationAuthority = true; // the hospital
    list.entries[3]!.declarationAuthority = false; // Wajima City
    const registry = createTrustRegistry(t.config, [signTrustList(list, t.anchor.signer, now)], now).registry;
    expect(verifyDeclaration(t.declare('hospital'), registry, now).ok).toBe(true);
    expect(codes(verifyDeclaration(t.declare('wajima'), registry, now))).toEqual(['DECLARATION_NOT_AUTHORISED']);
  });

  it('verifies a foreign national disaster agency declaring for its own country, not for Japan', () => {
    expect(verifyDeclaration(t.declare('ocd', { hazard: 'typhoon', areas: ['PH0403405'] }), t.registry, now).ok).toBe(true);
    expect(codes(verifyDeclaration(t.declare('ocd', { areas: ['172022'] }), t.registry, now))).toEqual(['DECLARATION_AREA_OUTSIDE_JURISDICTION']);
  });

  it('verifies a closed declaration', () => {
    expect(verifyDeclaration(t.declare('nanao', { phase: 'closed' }), t.registry, now).ok).toBe(true);
  });

  it('refuses a malformed declaration naming the field, including an area code with a wrong check digit', () => {
    const d = t.declare('nanao');
    const broken = { ...d, payload: { ...d.payload, areas: ['172021'], phase: 'panic' } };
    const v = verifyDeclaration(broken, t.registry, now);
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.problems.map((p) => p.field)).toEqual(expect.arrayContaining(['payload.areas[0]', 'payload.phase']));
    for (const p of v.problems) {
      expect(p.code).toBe('TRUST_DOCUMENT_MALFORMED');
      expect(missingParams(p)).toEqual([]);
      expect(message(p.code, p.params, 'en')).toContain(p.field!);
    }
  });

  it('refuses to sign a declaration for another issuer or one that is malformed', () => {
    expect(() => signDeclaration(t.declaration('nanao'), t.signers.wajima, now)).toThrow(/issuer/);
    expect(() => signDeclaration({ ...t.declaration('nanao'), areas: [] }, t.signers.nanao, now)).toThrow(/invalid declaration/);
  });
});

describe('active declarations', () => {
  const at = (hours: number) => new Date(now.getTime() + hours * HOUR).toISOString();

  it('keeps declarations in force and drops expired and future ones, oldest first', () => {
    const week = t.verifiedDeclaration('nanao');
    const threeDays = t.verifiedDeclaration('wajima', { issuedAt: at(-48), expiresAt: at(72) });
    expect(activeDeclarations([week, threeDays], now).map((v) => v.declaration.id)).toEqual([threeDays.declaration.id, week.declaration.id]);
    expect(activeDeclarations([week, threeDays], new Date(now.getTime() + 100 * HOUR)).map((v) => v.declaration.id)).toEqual([week.declaration.id]);
    const future = { ...week, declaration: { ...week.declaration, id: 'later', issuedAt: at(5) } };
    expect(activeDeclarations([future], now)).toEqual([]);
  });

  it('follows a supersedes chain to the latest declaration of the same issuer', () => {
    const alert = t.verifiedDeclaration('nanao', { id: 'noto-1', phase: 'alert', issuedAt: at(-5) });
    const emergency = t.verifiedDeclaration('nanao', { id: 'noto-2', phase: 'emergency', issuedAt: at(-3), supersedes: 'noto-1' });
    const recovery = t.verifiedDeclaration('nanao', { id: 'noto-3', phase: 'recovery', issuedAt: at(-1), supersedes: 'noto-2' });
    expect(activeDeclarations([recovery, alert, emergency], now).map((v) => v.declaration.id)).toEqual(['noto-3']);
    expect(activeDeclarations([alert, emergency], now).map((v) => v.declaration.id)).toEqual(['noto-2']);
  });

  it('ends a chain with a closed declaration, and does not revive what an expired successor superseded', () => {
    const first = t.verifiedDeclaration('nanao', { id: 'noto-1', issuedAt: at(-5) });
    const closed = t.verifiedDeclaration('nanao', { id: 'noto-2', phase: 'closed', issuedAt: at(-1), supersedes: 'noto-1' });
    expect(activeDeclarations([first, closed], now)).toEqual([]);
    const shortLived = t.verifiedDeclaration('nanao', { id: 'noto-3', issuedAt: at(-4), expiresAt: at(2), supersedes: 'noto-1' });
    expect(activeDeclarations([first, shortLived], new Date(now.getTime() + 3 * HOUR))).toEqual([]);
  });

  it('does not let one issuer supersede another issuer’s declaration', () => {
    const wajima = t.verifiedDeclaration('wajima', { id: 'noto-1' });
    const ishikawa = t.verifiedDeclaration('ishikawa', { id: 'noto-2', phase: 'closed', supersedes: 'noto-1', areas: ['172049'] });
    expect(activeDeclarations([wajima, ishikawa], now).map((v) => v.declaration.issuer)).toEqual(['jp-172049-wajima-city']);
  });
});
