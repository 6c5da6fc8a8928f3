import { describe, expect, it } from 'vitest';
import { createSigner } from './keys.ts';
import { signDocument } from './signed-document.ts';
import { signTrustList, verifyTrustList, type TrustList } from './trust-list.ts';
import { signBatch, verifyBatch } from './batch-signature.ts';
import { createTrustRegistry, parseTrustConfig, signerKey, verifyParticipant, type TrustConfig } from './trust-registry.ts';
import { ASEAN_TRUST_LIST_ID, buildTestTrust, JP_TRUST_LIST_ID, missingParams, testKeys } from './test-fixtures.ts';

const now = new Date('2024-01-02T09:00:00+09:00');
const DAY = 86_400_000;

describe('trust lists', () => {
  it('verifies the anchor-signed list against the pinned anchor key', () => {
    const t = buildTestTrust(now);
    const v = verifyTrustList(t.trustList, { trustListId: JP_TRUST_LIST_ID, anchorId: t.anchor.participant.id, keys: t.anchor.participant.keys }, now);
    expect(v.ok).toBe(true);
  });

  it('refuses a list with a changed entry, signed by another key, or claiming another id', () => {
    const t = buildTestTrust(now);
    const expected = { trustListId: JP_TRUST_LIST_ID, anchorId: t.anchor.participant.id, keys: t.anchor.participant.keys };
    const tampered = structuredClone(t.trustList);
    tampered.payload.entries[7]!.status = 'active'; // un-revoke the revoked logistics firm
    expect(verifyTrustList(tampered, expected, now)).toMatchObject({ ok: false, problems: [{ code: 'TRUST_SIGNATURE_INVALID', field: 'proof.signature' }] });

    const impostor = createSigner(t.anchor.participant.id, { ...testKeys('impostor'), kid: t.anchor.keys.kid });
    const forged = signTrustList(t.trustList.payload, impostor, now);
    expect(verifyTrustList(forged, expected, now)).toMatchObject({ ok: false, problems: [{ code: 'TRUST_SIGNATURE_INVALID' }] });

    expect(verifyTrustList(t.trustList, { ...expected, trustListId: 'another-list' }, now)).toMatchObject({
      ok: false,
      problems: [{ code: 'TRUST_LIST_ID_MISMATCH', field: 'payload.id' }],
    });
  });

  it('refuses a malformed list naming the field, before looking at its signature', () => {
    const t = buildTestTrust(now);
    const broken = structuredClone(t.trustList) as unknown as { payload: { entries: { status: string; participant: { jurisdiction: string[] } }[] } };
    broken.payload.entries[2]!.status = 'maybe';
    broken.payload.entries[3]!.participant.jurisdiction = ['172041']; // wrong check digit
    const v = verifyTrustList(broken, { trustListId: JP_TRUST_LIST_ID, anchorId: t.anchor.participant.id, keys: t.anchor.participant.keys }, now);
    expect(v.ok).toBe(false);
    if (v.ok) return;
    const fields = v.problems.map((p) => p.field);
    expect(fields).toContain('payload.entries[2].status');
    expect(fields).toContain('payload.entries[3].participant.jurisdiction[0]');
    expect(v.problems.every((p) => p.code === 'TRUST_DOCUMENT_MALFORMED' && missingParams(p).length === 0)).toBe(true);
  });

  it('refuses a document of another kind presented as a trust list', () => {
    const t = buildTestTrust(now);
    const relabelled = signDocument(t.trustList.payload, t.anchor.signer, now, 'tsunagu:credential');
    const v = verifyTrustList(relabelled, { trustListId: JP_TRUST_LIST_ID, anchorId: t.anchor.participant.id, keys: t.anchor.participant.keys }, now);
    expect(v).toMatchObject({ ok: false, problems: [{ code: 'TRUST_DOCUMENT_TYPE', field: 'proof.type' }] });
  });
});

describe('trust registry', () => {
  it('lists the participants of the configured anchor and of the foreign anchor its list recognises', () => {
    const t = buildTestTrust(now);
    expect(t.build.rejected).toEqual([]);
    expect(t.registry.anchors.get('asean-aha-centre')).toMatchObject({ via: 'recognition', recognisedBy: JP_TRUST_LIST_ID });
    expect(t.registry.participants.get('ph-ocd')?.trustList.list.id).toBe(ASEAN_TRUST_LIST_ID);
    expect(t.registry.participants.get('jp-172022-nanao-city')?.trustList.list.id).toBe(JP_TRUST_LIST_ID);
  });

  it('ignores the entries a foreign anchor makes outside the areas it is recognised for', () => {
    const t = buildTestTrust(now);
    expect(t.registry.participants.has('ph-rogue-claims-japan')).toBe(false);
    expect(t.build.ignoredEntries).toEqual([
      expect.objectContaining({ code: 'TRUST_LIST_ENTRY_OUTSIDE_SCOPE', params: expect.objectContaining({ participant: 'ph-rogue-claims-japan', area: 'JP' }) }),
    ]);
  });

  it('refuses a foreign list that neither configuration nor a trusted list recognises', () => {
    const t = buildTestTrust(now, { recogniseForeign: false });
    expect(t.registry.anchors.has('asean-aha-centre')).toBe(false);
    expect(t.registry.participants.has('ph-ocd')).toBe(false);
    expect(t.build.rejected).toEqual([
      { index: 1, trustListId: ASEAN_TRUST_LIST_ID, anchorId: 'asean-aha-centre', problems: [expect.objectContaining({ code: 'TRUST_LIST_NOT_RECOGNISED' })] },
    ]);
  });

  it('does not follow recognitions when configuration turns them off, but honours a directly configured foreign anchor', () => {
    const t = buildTestTrust(now);
    const off = createTrustRegistry({ ...t.config, followRecognitions: false }, [t.trustList, t.foreignTrustList], now);
    expect(off.registry.participants.has('ph-ocd')).toBe(false);
    const direct: TrustConfig = {
      followRecognitions: false,
      anchors: [...t.config.anchors, { anchorId: 'asean-aha-centre', trustListId: ASEAN_TRUST_LIST_ID, keys: t.foreignAnchor.participant.keys }],
    };
    const on = createTrustRegistry(direct, [t.trustList, t.foreignTrustList], now);
    expect(on.registry.anchors.get('asean-aha-centre')?.via).toBe('configuration');
    // Directly configured without a limit, the foreign anchor's Japanese entry is not filtered by scope...
    expect(on.registry.participants.has('ph-rogue-claims-japan')).toBe(true);
    // ...which is why configuration can limit it too.
    const limited = createTrustRegistry(
      { ...direct, anchors: [direct.anchors[0]!, { ...direct.anchors[1]!, jurisdictions: ['PH'] }] } as TrustConfig,
      [t.trustList, t.foreignTrustList],
      now,
    );
    expect(limited.registry.participants.has('ph-rogue-claims-japan')).toBe(false);
    expect(limited.registry.participants.has('ph-ocd')).toBe(true);
  });

  it('goes no further than one hop: what a recognised foreign list recognises is not trusted', () => {
    const t = buildTestTrust(now);
    const third = createSigner('third-anchor', testKeys('third-anchor'));
    const thirdParticipant = { ...t.participants.ocd, id: 'third-anchor', keys: [{ kid: third.kid, alg: 'Ed25519' as const, publicKey: third.publicKey }] };
    const thirdList = signTrustList(
      { id: 'third-list', anchor: thirdParticipant, issuedAt: t.trustList.payload.issuedAt, nextUpdate: t.trustList.payload.nextUpdate, entries: [] },
      third,
      now,
    );
    const foreign: TrustList = {
      ...t.foreignTrustList.payload,
      recognises: [{ trustListId: 'third-list', anchorId: 'third-anchor', anchorKeys: thirdParticipant.keys, jurisdictions: ['PH'] }],
    };
    const foreignSigned = signTrustList(foreign, t.foreignAnchor.signer, now);
    const b = createTrustRegistry(t.config, [t.trustList, foreignSigned, thirdList], now);
    expect(b.registry.anchors.has('third-anchor')).toBe(false);
    expect(b.rejected.map((r) => [r.anchorId, r.problems[0]?.code])).toEqual([['third-anchor', 'TRUST_LIST_NOT_RECOGNISED']]);
  });

  it('keeps the newest version of a list, so an older cached copy cannot undo a revocation', () => {
    const t = buildTestTrust(now);
    const older: TrustList = {
      ...t.trustList.payload,
      issuedAt: new Date(now.getTime() - 40 * DAY).toISOString(),
      entries: t.trustList.payload.entries.map((e) => ({ ...e, status: 'active' as const, revokedAt: undefined })),
    };
    const olderSigned = signTrustList(JSON.parse(JSON.stringify(older)), t.anchor.signer, new Date(now.getTime() - 40 * DAY));
    for (const order of [[olderSigned, t.trustList], [t.trustList, olderSigned]]) {
      const b = createTrustRegistry(t.config, order, now);
      expect(b.registry.participants.get('jp-170003-revoked-logistics')?.entry.status).toBe('revoked');
      expect(b.rejected).toEqual([expect.objectContaining({ index: order.indexOf(olderSigned), problems: [expect.objectContaining({ code: 'TRUST_LIST_SUPERSEDED' })] })]);
    }
  });

  it('still verifies from a cached list past its nextUpdate, and says the list is stale', () => {
    const t = buildTestTrust(now);
    const later = new Date(now.getTime() + 31 * DAY);
    const b = createTrustRegistry(t.config, [t.trustList], later);
    const v = verifyParticipant('jp-172022-nanao-city', b.registry, later);
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.warnings).toEqual([expect.objectContaining({ code: 'TRUST_LIST_STALE', params: { trustList: JP_TRUST_LIST_ID, nextUpdate: t.trustList.payload.nextUpdate } })]);
    expect(v.value.trustListStaleSince).toBe(t.trustList.payload.nextUpdate);
    expect(verifyParticipant('jp-172022-nanao-city', t.registry, now)).not.toHaveProperty('warnings');
  });

  it('verifies listed participants in good standing and refuses revoked, suspended, lapsed and unknown ones', () => {
    const t = buildTestTrust(now);
    const nanao = verifyParticipant('jp-172022-nanao-city', t.registry, now);
    expect(nanao).toMatchObject({ ok: true, value: { id: 'jp-172022-nanao-city', role: 'municipality', jurisdiction: ['172022'], trustListId: JP_TRUST_LIST_ID } });
    const codes = (id: string) => {
      const v = verifyParticipant(id, t.registry, now);
      return v.ok ? [] : v.problems.map((p) => p.code);
    };
    expect(codes(t.participants.revoked.id)).toEqual(['TRUST_PARTICIPANT_REVOKED']);
    expect(codes(t.participants.suspended.id)).toEqual(['TRUST_PARTICIPANT_SUSPENDED']);
    expect(codes(t.participants.lapsed.id)).toEqual(['TRUST_PARTICIPANT_EXPIRED']);
    expect(codes('jp-999999-nobody')).toEqual(['TRUST_PARTICIPANT_UNKNOWN']);
  });

  it('treats a scheduled revocation as revoked from its time on', () => {
    const t = buildTestTrust(now);
    const list: TrustList = structuredClone(t.trustList.payload);
    list.entries[2]!.revokedAt = new Date(now.getTime() + DAY).toISOString();
    const b = createTrustRegistry(t.config, [signTrustList(list, t.anchor.signer, now)], now);
    const before = verifyParticipant('jp-172022-nanao-city', b.registry, now);
    expect(before.ok && before.value.credentialExpiresAt).toBe(list.entries[2]!.revokedAt);
    const after = verifyParticipant('jp-172022-nanao-city', b.registry, new Date(now.getTime() + 2 * DAY));
    expect(after).toMatchObject({ ok: false, problems: [{ code: 'TRUST_PARTICIPANT_REVOKED' }] });
  });

  it('finds the listed key a batch was signed with, and refuses signers not in good standing', () => {
    const t = buildTestTrust(now);
    const records = [{ id: 'p-1' }, { id: 'p-2' }];
    const batch = signBatch(records, t.signers.dialysis, now);
    const key = signerKey(batch.proof, t.registry, now);
    expect(key).toEqual({ ok: true, value: t.parties.dialysis.keys.publicKey });
    expect(key.ok && verifyBatch(records, batch, key.value).ok).toBe(true);
    expect(signerKey(signBatch(records, t.signers.revoked, now).proof, t.registry, now)).toMatchObject({ ok: false, problems: [{ code: 'TRUST_PARTICIPANT_REVOKED' }] });
    expect(signerKey({ ...batch.proof, kid: 'other' }, t.registry, now)).toMatchObject({ ok: false, problems: [{ code: 'TRUST_KEY_UNKNOWN' }] });
    expect(signerKey({ ...batch.proof, created: new Date(now.getTime() + DAY).toISOString() }, t.registry, now)).toMatchObject({ ok: false, problems: [{ code: 'TRUST_PROOF_FROM_FUTURE' }] });
  });

  it('validates trust configuration naming the field', () => {
    expect(parseTrustConfig({ anchors: [] })).toMatchObject({ ok: false, problems: [{ code: 'TRUST_CONFIG_MALFORMED', field: 'anchors' }] });
    const t = buildTestTrust(now);
    expect(parseTrustConfig(t.config).ok).toBe(true);
  });
});
