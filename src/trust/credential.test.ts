import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { message } from '../i18n/index.ts';
import { credentialFor, signCredential, verifyCredential, type Credential, type SignedCredential } from './credential.ts';
import { signDocument } from './signed-document.ts';
import { createTrustRegistry } from './trust-registry.ts';
import { buildTestTrust, JP_TRUST_LIST_ID, missingParams, testKeys } from './test-fixtures.ts';
import type { TrustProblem, Verification } from './verified.ts';

const now = new Date('2024-01-02T09:00:00+09:00');
const DAY = 86_400_000;
const t = buildTestTrust(now);

function codes<T>(v: Verification<T>): string[] {
  return v.ok ? [] : v.problems.map((p) => p.code);
}

function reissue(change: (c: Credential) => Credential, signer = t.anchor.signer): SignedCredential {
  const base = structuredClone(t.credentials.nanao.payload);
  return signDocument(change(base), signer, new Date(now.getTime() - DAY), 'tsunagu:credential');
}

function expectRenderable(problems: readonly TrustProblem[]) {
  for (const p of problems) {
    expect(missingParams(p), p.code).toEqual([]);
    expect(message(p.code, p.params, 'ja')).not.toMatch(/{{/);
  }
}

describe('participant credentials', () => {
  it('verifies a credential into a participant with role, jurisdiction, keys and trust list', () => {
    const v = verifyCredential(t.credentials.nanao, t.registry, now);
    expect(v).toMatchObject({
      ok: true,
      value: {
        id: 'jp-172022-nanao-city',
        role: 'municipality',
        jurisdiction: ['172022'],
        trustListId: JP_TRUST_LIST_ID,
        publicKeys: [{ kid: t.parties.nanao.keys.kid, publicKey: t.parties.nanao.keys.publicKey }],
        credentialExpiresAt: t.credentials.nanao.payload.expiresAt,
      },
    });
    expect(v).not.toHaveProperty('warnings');
  });

  it('refuses a credential whose payload was changed after signing', () => {
    const tampered = structuredClone(t.credentials.hospital);
    tampered.payload.subject.role = 'municipality';
    expect(codes(verifyCredential(tampered, t.registry, now))).toEqual(['TRUST_SIGNATURE_INVALID']);
  });

  it('never accepts a credential with any field of its payload replaced (property)', () => {
    const fields = ['id', 'issuer', 'issuedAt', 'expiresAt', 'subject.id', 'subject.role', 'subject.jurisdiction'] as const;
    fc.assert(
      fc.property(fc.constantFrom(...fields), fc.constantFrom('jp-172049-wajima-city', 'prefecture', '2024-01-01T00:00:00Z', 'x'), (field, value) => {
        const doc = structuredClone(t.credentials.nanao) as unknown as { payload: Record<string, unknown> & { subject: Record<string, unknown> } };
        const [head, tail] = field.split('.') as [string, string | undefined];
        const target = tail ? doc.payload.subject : doc.payload;
        const key = tail ?? head;
        const replacement = key === 'jurisdiction' ? [value] : value;
        fc.pre(JSON.stringify(target[key]) !== JSON.stringify(replacement));
        target[key] = replacement;
        expect(verifyCredential(doc, t.registry, now).ok).toBe(false);
      }),
    );
  });

  it('refuses a credential issued by a participant that is not a trust anchor', () => {
    const byCity = reissue((c) => ({ ...c, issuer: 'jp-170003-ishikawa-pref' }), t.signers.ishikawa);
    expect(codes(verifyCredential(byCity, t.registry, now))).toEqual(['TRUST_ANCHOR_UNKNOWN']);
    const unknown = reissue((c) => ({ ...c, issuer: 'some-anchor' }), { ...t.anchor.signer, participantId: 'some-anchor' });
    expect(verifyCredential(unknown, t.registry, now)).toMatchObject({ ok: false, problems: [{ code: 'TRUST_ANCHOR_UNKNOWN', field: 'payload.issuer' }] });
  });

  it('refuses a credential whose proof names a signer other than its issuer', () => {
    const v = verifyCredential(reissue((c) => c, t.signers.ishikawa), t.registry, now);
    expect(v).toMatchObject({ ok: false, problems: [{ code: 'TRUST_SIGNER_MISMATCH', field: 'proof.signer' }] });
  });

  it('refuses a credential signed with a key the anchor does not have', () => {
    const rogue = { ...t.anchor.signer, kid: 'rogue-key' };
    expect(codes(verifyCredential(reissue((c) => c, rogue), t.registry, now))).toEqual(['TRUST_KEY_UNKNOWN']);
  });

  it('refuses an expired credential and one not yet valid', () => {
    const expired = reissue((c) => ({ ...c, issuedAt: '2023-01-01T00:00:00Z', expiresAt: '2023-12-31T00:00:00Z' }));
    expect(verifyCredential(expired, t.registry, now)).toMatchObject({ ok: false, problems: [{ code: 'CREDENTIAL_EXPIRED', field: 'payload.expiresAt' }] });
    const early = reissue((c) => ({ ...c, issuedAt: new Date(now.getTime() + DAY).toISOString() }));
    expect(codes(verifyCredential(early, t.registry, now))).toEqual(['CREDENTIAL_NOT_YET_VALID']);
    const backwards = reissue((c) => ({ ...c, expiresAt: c.issuedAt }));
    expect(codes(verifyCredential(backwards, t.registry, now))).toContain('CREDENTIAL_INVALID_PERIOD');
  });

  it('refuses the valid credentials of revoked, suspended and lapsed participants', () => {
    expect(codes(verifyCredential(t.credentials.revoked, t.registry, now))).toEqual(['TRUST_PARTICIPANT_REVOKED']);
    expect(codes(verifyCredential(t.credentials.suspended, t.registry, now))).toEqual(['TRUST_PARTICIPANT_SUSPENDED']);
    expect(codes(verifyCredential(t.credentials.lapsed, t.registry, now))).toEqual(['TRUST_PARTICIPANT_EXPIRED']);
  });

  it('refuses a credential whose subject disagrees with the trust list on role, jurisdiction or keys', () => {
    const role = reissue((c) => ({ ...c, subject: { ...c.subject, role: 'prefecture' } }));
    expect(verifyCredential(role, t.registry, now)).toMatchObject({ ok: false, problems: [{ code: 'CREDENTIAL_SUBJECT_MISMATCH', field: 'payload.subject.role' }] });
    const area = reissue((c) => ({ ...c, subject: { ...c.subject, jurisdiction: ['172022', '172049'] } }));
    expect(verifyCredential(area, t.registry, now)).toMatchObject({ ok: false, problems: [{ field: 'payload.subject.jurisdiction' }] });
    const other = testKeys('not-nanao');
    const keys = reissue((c) => ({ ...c, subject: { ...c.subject, keys: [{ kid: other.kid, alg: 'Ed25519', publicKey: other.publicKey }] } }));
    expect(verifyCredential(keys, t.registry, now)).toMatchObject({ ok: false, problems: [{ field: 'payload.subject.keys' }] });
  });

  it('refuses a credential for a participant the issuing anchor does not list', () => {
    const stranger = { ...t.participants.nanao, id: 'jp-172022-stranger' };
    const doc = signCredential(credentialFor(stranger, t.anchor.participant.id, { id: 'c1', issuedAt: now.toISOString(), expiresAt: '2025-01-01T00:00:00Z' }), t.anchor.signer, now);
    expect(verifyCredential(doc, t.registry, now)).toMatchObject({ ok: false, problems: [{ code: 'TRUST_PARTICIPANT_UNKNOWN', field: 'payload.subject.id' }] });
    // An anchor can only vouch for its own list's participants, not for another anchor's.
    const crossed = signCredential(credentialFor(t.participants.ocd, t.anchor.participant.id, { id: 'c2', issuedAt: now.toISOString(), expiresAt: '2025-01-01T00:00:00Z' }), t.anchor.signer, now);
    expect(codes(verifyCredential(crossed, t.registry, now))).toEqual(['TRUST_PARTICIPANT_UNKNOWN']);
  });

  it('accepts a foreign credential when the foreign list is recognised, and refuses it when not', () => {
    expect(verifyCredential(t.credentials.ocd, t.registry, now)).toMatchObject({ ok: true, value: { id: 'ph-ocd', role: 'national-disaster-agency', jurisdiction: ['PH'] } });
    const alone = buildTestTrust(now, { recogniseForeign: false });
    expect(codes(verifyCredential(alone.credentials.ocd, alone.registry, now))).toEqual(['TRUST_ANCHOR_UNKNOWN']);
  });

  it('refuses a credential when the issuing anchor\'s list is not at hand, since revocation cannot be checked', () => {
    const withoutForeignList = createTrustRegistry(t.config, [t.trustList], now).registry;
    expect(withoutForeignList.anchors.has('asean-aha-centre')).toBe(true);
    expect(codes(verifyCredential(t.credentials.ocd, withoutForeignList, now))).toEqual(['TRUST_LIST_MISSING']);
  });

  it('refuses a malformed credential naming the field', () => {
    const doc = structuredClone(t.credentials.nanao) as unknown as { payload: Record<string, unknown> };
    doc.payload.expiresAt = 'next week';
    delete doc.payload.subject;
    const v = verifyCredential(doc, t.registry, now);
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.problems.map((p) => p.field)).toEqual(expect.arrayContaining(['payload.expiresAt', 'payload.subject']));
    expect(v.problems.every((p) => p.code === 'TRUST_DOCUMENT_MALFORMED')).toBe(true);
    expect(codes(verifyCredential('not a document', t.registry, now))).toEqual(['TRUST_DOCUMENT_MALFORMED']);
  });

  it('refuses a declaration presented as a credential', () => {
    const asCredential = codes(verifyCredential(t.declare('nanao'), t.registry, now));
    expect(asCredential.length).toBeGreaterThan(0);
    expect(new Set(asCredential)).toEqual(new Set(['TRUST_DOCUMENT_MALFORMED']));
    const relabelled = signDocument(t.credentials.nanao.payload, t.anchor.signer, now, 'tsunagu:declaration');
    expect(codes(verifyCredential(relabelled, t.registry, now))).toEqual(['TRUST_DOCUMENT_TYPE']);
  });

  it('renders every refusal in Japanese and English with all its parameters', () => {
    const docs: unknown[] = [
      t.credentials.revoked,
      t.credentials.suspended,
      t.credentials.lapsed,
      reissue((c) => ({ ...c, subject: { ...c.subject, role: 'prefecture' } })),
      reissue((c) => ({ ...c, issuedAt: '2023-01-01T00:00:00Z', expiresAt: '2023-12-31T00:00:00Z' })),
      reissue((c) => c, t.signers.ishikawa),
      { payload: {}, proof: {} },
    ];
    for (const d of docs) {
      const v = verifyCredential(d, t.registry, now);
      expect(v.ok).toBe(false);
      if (!v.ok) expectRenderable(v.problems);
    }
  });
});
