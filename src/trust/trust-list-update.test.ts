import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anchorSigningKid, changeStatus, emptyTrustList, nextPublication, rollAnchorKey, rolledKeys } from './anchor-book.ts';
import { createSigner } from './keys.ts';
import { signTrustList, type TrustList } from './trust-list.ts';
import { applyFetchedTrustList, heldTrust } from './trust-list-update.ts';
import type { TrustConfig } from './trust-registry.ts';
import { buildTestTrust, testKeys } from './test-fixtures.ts';

const now = new Date('2024-01-02T09:00:00+09:00');
const DAY = 86_400_000;
const t = buildTestTrust(now, { recogniseForeign: false });
const anchorSigner = t.anchor.signer;
const config: TrustConfig = { anchors: [{ anchorId: t.anchor.participant.id, trustListId: t.trustList.payload.id, keys: t.anchor.participant.keys }] };
const base: TrustList = { ...t.trustList.payload, version: 5 };
const held = heldTrust(config, [signTrustList(base, anchorSigner, now)], now);

const publish = (list: TrustList, at = now) => signTrustList(list, anchorSigner, at);

describe('taking a fetched trust list', () => {
  it('takes the next version, sees the same version again as unchanged, and refuses the version it replaced', () => {
    const next = nextPublication(base, new Date(now.getTime() + 1000));
    const taken = applyFetchedTrustList(held, publish(next), now);
    expect(taken).toMatchObject({ kind: 'accepted', previousVersion: 5, list: { version: 6 } });
    if (taken.kind !== 'accepted') return;
    expect(applyFetchedTrustList(taken.held, publish(next), now).kind).toBe('unchanged');
    expect(applyFetchedTrustList(taken.held, publish(base), now)).toMatchObject({ kind: 'refused', problems: [{ code: 'TRUST_LIST_OLDER_THAN_HELD', field: 'payload.version' }] });
  });

  it('never takes a version at or below the one held, whatever its issue date (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: -30, max: 30 }), (version, days) => {
        const older = { ...base, version, issuedAt: new Date(now.getTime() + days * DAY - DAY).toISOString(), nextUpdate: new Date(now.getTime() + days * DAY + 30 * DAY).toISOString() };
        const r = applyFetchedTrustList(held, publish(older, new Date(Math.min(now.getTime(), Date.parse(older.issuedAt)))), now);
        if (version === 5 && older.issuedAt === base.issuedAt) return r.kind === 'unchanged';
        return r.kind === 'refused' && (r.problems[0]!.code === 'TRUST_LIST_OLDER_THAN_HELD' || r.problems[0]!.code === 'TRUST_PROOF_FROM_FUTURE');
      }),
    );
  });

  it('refuses a list signed by a key the node does not pin, and a list cut short, naming why', () => {
    const impostor = createSigner(t.anchor.participant.id, { ...testKeys('impostor'), kid: 'impostor-1' });
    expect(applyFetchedTrustList(held, signTrustList(nextPublication(base, now), impostor, now), now)).toMatchObject({ kind: 'refused', problems: [{ code: 'TRUST_KEY_UNKNOWN', field: 'proof.kid' }] });
    const signed = publish(nextPublication(base, now));
    const truncated = { ...signed, payload: { ...signed.payload, entries: signed.payload.entries.slice(0, 2) } };
    expect(applyFetchedTrustList(held, truncated, now)).toMatchObject({ kind: 'refused', problems: [{ code: 'TRUST_SIGNATURE_INVALID' }] });
    const { proof: _p, ...noProof } = signed;
    expect(applyFetchedTrustList(held, noProof, now)).toMatchObject({ kind: 'refused', problems: [{ code: 'TRUST_DOCUMENT_MALFORMED' }] });
  });

  it('refuses any list whose signed content was changed (property)', () => {
    const signed = publish(nextPublication(base, now));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: signed.payload.entries.length - 1 }), fc.constantFrom('active', 'suspended', 'revoked'), fc.integer({ min: 6, max: 100 }), (i, status, version) => {
        const tampered = structuredClone(signed);
        tampered.payload.version = version + 1;
        tampered.payload.entries[i]!.status = status as 'active';
        return applyFetchedTrustList(held, tampered, now).kind === 'refused';
      }),
    );
  });

  it("pins an anchor's new key announced in a list signed with the old one, then takes lists signed with the new key", () => {
    const newKeys = testKeys('anchor-next');
    const rolled = rollAnchorKey(base, { kid: newKeys.kid, alg: 'Ed25519', publicKey: newKeys.publicKey, validFrom: now.toISOString() }, now, new Date(now.getTime() + 7 * DAY));
    expect(rolled.ok).toBe(true);
    if (!rolled.ok) return;
    expect(anchorSigningKid(rolled.value.anchor.keys, now)).toBe(t.anchor.keys.kid);
    expect(anchorSigningKid(rolled.value.anchor.keys, new Date(now.getTime() + 8 * DAY))).toBe(newKeys.kid);
    const announced = applyFetchedTrustList(held, publish(nextPublication(rolled.value, now)), now);
    expect(announced).toMatchObject({ kind: 'accepted', learnedKeys: [{ kid: newKeys.kid }] });
    if (announced.kind !== 'accepted') return;
    const later = new Date(now.getTime() + 8 * DAY);
    const afterOverlap = signTrustList(nextPublication(announced.list, later), createSigner(t.anchor.participant.id, newKeys), later);
    expect(applyFetchedTrustList(announced.held, afterOverlap, later).kind).toBe('accepted');
    // A node that never saw the announcement does not take the new key's signature.
    expect(applyFetchedTrustList(held, afterOverlap, later)).toMatchObject({ kind: 'refused', problems: [{ code: 'TRUST_KEY_UNKNOWN' }] });
  });
});

describe('the anchor book', () => {
  const list = emptyTrustList('l', t.anchor.participant, now);
  const withNanao: TrustList = { ...list, entries: [t.trustList.payload.entries.find((e) => e.participant.id === 'jp-172022-nanao-city')!] };

  it('suspends and reinstates, revokes for good, and refuses a change to the status already held', () => {
    const suspended = changeStatus(withNanao, 'jp-172022-nanao-city', 'suspend', now);
    expect(suspended.ok && suspended.value.entries[0]!.status).toBe('suspended');
    if (!suspended.ok) return;
    const back = changeStatus(suspended.value, 'jp-172022-nanao-city', 'reinstate', now);
    expect(back.ok && back.value.entries[0]!.status).toBe('active');
    expect(changeStatus(withNanao, 'jp-172022-nanao-city', 'reinstate', now)).toMatchObject({ ok: false, problems: [{ code: 'ANCHOR_STATUS_UNCHANGED' }] });
    const revoked = changeStatus(withNanao, 'jp-172022-nanao-city', 'revoke', now);
    expect(revoked.ok && revoked.value.entries[0]).toMatchObject({ status: 'revoked', revokedAt: now.toISOString() });
    if (!revoked.ok) return;
    expect(changeStatus(revoked.value, 'jp-172022-nanao-city', 'reinstate', now)).toMatchObject({ ok: false, problems: [{ code: 'ANCHOR_PARTICIPANT_REVOKED_FINAL' }] });
    expect(changeStatus(withNanao, 'jp-000000-nobody', 'revoke', now)).toMatchObject({ ok: false, problems: [{ code: 'TRUST_PARTICIPANT_UNKNOWN' }] });
  });

  it('raises the version by one on every publication, even with a clock set back (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -10 * DAY, max: 10 * DAY }), { minLength: 1, maxLength: 20 }), (offsets) => {
        let l: TrustList = list;
        for (const o of offsets) {
          const n = nextPublication(l, new Date(now.getTime() + o));
          if (n.version !== (l.version ?? 0) + 1 || Date.parse(n.issuedAt) <= Date.parse(l.issuedAt)) return false;
          l = n;
        }
        return true;
      }),
    );
  });

  it('keeps a replaced key valid only until the overlap ends', () => {
    const old = [{ kid: 'a', alg: 'Ed25519' as const, publicKey: testKeys('a').publicKey }];
    const wanted = [{ kid: 'b', alg: 'Ed25519' as const, publicKey: testKeys('b').publicKey }];
    const until = new Date(now.getTime() + 7 * DAY);
    expect(rolledKeys(old, wanted, now, until)).toEqual([
      { ...old[0], validUntil: until.toISOString() },
      { ...wanted[0], validFrom: now.toISOString() },
    ]);
  });
});
