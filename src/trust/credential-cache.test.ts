import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCredentialCache } from './credential-cache.ts';
import { credentialFor, signCredential, verifyCredential, type SignedCredential } from './credential.ts';
import { buildTestTrust, type TestTrust } from './test-fixtures.ts';
import { signTrustList, type TrustList, type TrustListEntry } from './trust-list.ts';
import { createTrustRegistry, type TrustRegistry } from './trust-registry.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = new Date('2026-03-01T00:00:00Z');
const trust = buildTestTrust(now);
const NANAO = trust.participants.nanao.id;
const iso = (ms: number) => new Date(now.getTime() + ms).toISOString();

/** The test registry with Nanao's listing changed (or removed with `undefined`) and the list re-signed as newer. */
function registryWith(change: (entry: TrustListEntry) => TrustListEntry | undefined, list: Partial<TrustList> = {}): TrustRegistry {
  const payload = trust.trustList.payload;
  const entries = payload.entries.flatMap((e) => (e.participant.id === NANAO ? [change(e)].filter((x): x is TrustListEntry => x !== undefined) : [e]));
  const signed = signTrustList({ ...payload, issuedAt: iso(-HOUR), entries, ...list }, trust.anchor.signer, new Date(now.getTime() - HOUR));
  const build = createTrustRegistry(trust.config, [signed], now);
  if (build.rejected.length > 0) throw new Error(JSON.stringify(build.rejected));
  return build.registry;
}

function credentialOf(t: TestTrust, period: { issuedAt: number; expiresAt: number }, id = 'cred-short'): SignedCredential {
  const c = credentialFor(t.participants.nanao, t.anchor.participant.id, { id, issuedAt: iso(period.issuedAt), expiresAt: iso(period.expiresAt) });
  return signCredential(c, t.anchor.signer, new Date(now.getTime() + period.issuedAt));
}

const at = (ms: number) => new Date(now.getTime() + ms);

describe('credential cache', () => {
  it('answers a repeated verification of the same credential from the cache', () => {
    const cache = createCredentialCache();
    const first = cache.verify(trust.credentials.nanao, trust.registry, now);
    expect(first.ok).toBe(true);
    expect(cache.verify(trust.credentials.nanao, trust.registry, at(60_000))).toBe(first);
    expect(cache.size).toBe(1);
  });

  it('does not serve a credential past its expiry', () => {
    const cache = createCredentialCache();
    const short = credentialOf(trust, { issuedAt: -HOUR, expiresAt: HOUR });
    expect(cache.verify(short, trust.registry, now).ok).toBe(true);
    const after = cache.verify(short, trust.registry, at(HOUR));
    expect(after).toMatchObject({ ok: false, problems: [{ code: 'CREDENTIAL_EXPIRED' }] });
  });

  it('does not serve a credential whose holder was revoked in a newer trust list', () => {
    const cache = createCredentialCache();
    expect(cache.verify(trust.credentials.nanao, trust.registry, now).ok).toBe(true);
    const revoked = registryWith((e) => ({ ...e, status: 'revoked', revokedAt: iso(-60_000) }));
    const r = cache.verify(trust.credentials.nanao, revoked, at(1000));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems.map((p) => p.code)).toContain('TRUST_PARTICIPANT_REVOKED');
  });

  it('does not serve a credential past a revocation its listing had scheduled', () => {
    const cache = createCredentialCache();
    const scheduled = registryWith((e) => ({ ...e, revokedAt: iso(2 * HOUR) }));
    expect(cache.verify(trust.credentials.nanao, scheduled, now).ok).toBe(true);
    expect(cache.verify(trust.credentials.nanao, scheduled, at(2 * HOUR - 1)).ok).toBe(true);
    expect(cache.verify(trust.credentials.nanao, scheduled, at(2 * HOUR)).ok).toBe(false);
  });

  it('never keeps a refusal, so a credential that failed is checked again', () => {
    const cache = createCredentialCache();
    const forged = { ...trust.credentials.nanao, payload: { ...trust.credentials.nanao.payload, expiresAt: iso(900 * DAY) } };
    expect(cache.verify(forged, trust.registry, now).ok).toBe(false);
    expect(cache.size).toBe(0);
  });

  it('keys by document, so a changed document under the same id is verified afresh', () => {
    const cache = createCredentialCache();
    expect(cache.verify(trust.credentials.nanao, trust.registry, now).ok).toBe(true);
    const forged = { ...trust.credentials.nanao, payload: { ...trust.credentials.nanao.payload, expiresAt: iso(900 * DAY) } };
    expect(cache.verify(forged, trust.registry, now)).toMatchObject({ ok: false, problems: [{ code: 'TRUST_SIGNATURE_INVALID' }] });
  });

  it('does not serve a cached answer to a clock that went back before the credential was issued', () => {
    const cache = createCredentialCache();
    const fresh = credentialOf(trust, { issuedAt: -60_000, expiresAt: DAY });
    expect(cache.verify(fresh, trust.registry, now).ok).toBe(true);
    expect(cache.verify(fresh, trust.registry, at(-HOUR)).ok).toBe(false);
  });

  it('holds at most maxEntries verifications, dropping the least recently used', () => {
    const cache = createCredentialCache({ maxEntries: 2 });
    for (const name of ['nanao', 'ishikawa', 'wajima'] as const) cache.verify(trust.credentials[name], trust.registry, now);
    expect(cache.size).toBe(2);
  });

  it('answers exactly as verifyCredential does, at any later time and across registry changes', () => {
    const registries = [
      trust.registry,
      registryWith((e) => ({ ...e, revokedAt: iso(3 * HOUR) })),
      registryWith((e) => ({ ...e, validUntil: iso(5 * HOUR) })),
      registryWith(() => undefined),
      registryWith((e) => ({ ...e, status: 'suspended' })),
      registryWith((e) => e, { nextUpdate: iso(4 * HOUR) }),
      registryWith((e) => ({
        ...e,
        participant: { ...e.participant, keys: e.participant.keys.map((k) => ({ ...k, validUntil: iso(6 * HOUR) })) },
      })),
    ];
    const docs = [trust.credentials.nanao, credentialOf(trust, { issuedAt: -HOUR, expiresAt: 2 * HOUR }), trust.credentials.ishikawa];
    const step = fc.record({
      advance: fc.integer({ min: 0, max: 2 * HOUR }),
      registry: fc.oneof({ weight: 3, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: registries.length - 1 }) }),
      doc: fc.integer({ min: 0, max: docs.length - 1 }),
    });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: registries.length - 1 }), fc.array(step, { minLength: 1, maxLength: 30 }), (start, steps) => {
        const cache = createCredentialCache({ maxAgeSeconds: 3 * 3600 });
        let t = now.getTime() - HOUR;
        let registry = registries[start]!;
        for (const s of steps) {
          t += s.advance;
          if (s.registry >= 0) registry = registries[s.registry]!;
          const doc = docs[s.doc]!;
          expect(cache.verify(doc, registry, new Date(t))).toEqual(verifyCredential(doc, registry, new Date(t)));
        }
      }),
      { numRuns: 200 },
    );
  });
});
