import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSigner } from './keys.ts';
import { signJoinRequest, verifyJoinRequest, type JoinRequest } from './join-request.ts';
import { signDocument } from './signed-document.ts';
import { buildTestTrust, testKeys } from './test-fixtures.ts';

const now = new Date('2024-01-02T09:00:00+09:00');
const DAY = 86_400_000;
const trust = buildTestTrust(now);
const list = trust.trustList.payload;
const keys = testKeys('jp-174611-anamizu-town');
const signer = createSigner('jp-174611-anamizu-town', keys);

function request(overrides: Partial<JoinRequest> = {}, participant: Partial<JoinRequest['participant']> = {}): JoinRequest {
  return {
    id: 'join-anamizu-1',
    anchor: list.anchor.id,
    participant: {
      id: 'jp-174611-anamizu-town',
      name: { ja: '穴水町', en: 'Anamizu Town' },
      role: 'municipality',
      jurisdiction: ['174611'] as JoinRequest['participant']['jurisdiction'],
      nodeUrl: 'http://127.0.0.1:8790/',
      keys: [{ kid: keys.kid, alg: 'Ed25519', publicKey: keys.publicKey }],
      ...participant,
    },
    requestedAt: new Date(now.getTime() - 60_000).toISOString(),
    expiresAt: new Date(now.getTime() + 14 * DAY).toISOString(),
    ...overrides,
  };
}

const codes = (v: { ok: boolean; problems?: { code: string; field?: string }[] }) => (v.ok ? [] : v.problems!.map((p) => `${p.code}@${p.field ?? ''}`));

describe('join requests', () => {
  it('accepts a request signed with the key it applies with, for a free id inside the anchor\'s areas', () => {
    const signed = signJoinRequest(request(), signer, now);
    const v = verifyJoinRequest(signed, { list, intent: 'add' }, now);
    expect(v.ok).toBe(true);
  });

  it('names the field of a malformed participant id before anything else', () => {
    const signed = signJoinRequest(request(), signer, now) as unknown as { payload: { participant: { id: string } } };
    signed.payload.participant.id = 'Anamizu_Town';
    expect(codes(verifyJoinRequest(signed, { list, intent: 'add' }, now))).toContain('TRUST_DOCUMENT_MALFORMED@payload.participant.id');
  });

  it('refuses a signature that does not match the key the request carries', () => {
    const signed = signJoinRequest(request(), signer, now);
    const other = testKeys('someone-else');
    const swapped = { ...signed, payload: { ...signed.payload, participant: { ...signed.payload.participant, keys: [{ kid: keys.kid, alg: 'Ed25519' as const, publicKey: other.publicKey }] } } };
    expect(codes(verifyJoinRequest(swapped, { list, intent: 'add' }, now))).toEqual(['TRUST_SIGNATURE_INVALID@proof.signature']);
  });

  it('refuses an expired request, an area the anchor does not cover, a taken id and another anchor, all at once', () => {
    const stale = signJoinRequest(request({ anchor: 'asean-aha-centre', expiresAt: new Date(now.getTime() - DAY).toISOString(), requestedAt: new Date(now.getTime() - 2 * DAY).toISOString() }, { id: 'jp-172022-nanao-city', jurisdiction: ['PH0403405'] as never }), createSigner('jp-172022-nanao-city', keys), now);
    expect(codes(verifyJoinRequest(stale, { list, intent: 'add' }, now)).sort()).toEqual(
      [
        'JOIN_REQUEST_EXPIRED@payload.expiresAt',
        'JOIN_REQUEST_OUTSIDE_JURISDICTION@payload.participant.jurisdiction',
        'JOIN_REQUEST_PARTICIPANT_TAKEN@payload.participant.id',
        'JOIN_REQUEST_WRONG_ANCHOR@payload.anchor',
      ].sort(),
    );
  });

  it('takes an update only for a listed participant', () => {
    const signed = signJoinRequest(request(), signer, now);
    expect(codes(verifyJoinRequest(signed, { list, intent: 'update' }, now))).toEqual(['TRUST_PARTICIPANT_UNKNOWN@payload.participant.id']);
  });

  it('takes a change of keys for a listed participant only when signed with a key listed for it now', () => {
    const nanao = trust.parties.nanao;
    const change = request({}, { id: nanao.participant.id, jurisdiction: ['172022'] as never, keys: [{ kid: keys.kid, alg: 'Ed25519', publicKey: keys.publicKey }] });
    const byNewKey = signJoinRequest(change, createSigner(nanao.participant.id, keys), now);
    expect(codes(verifyJoinRequest(byNewKey, { list, intent: 'update' }, now))).toEqual(['TRUST_KEY_UNKNOWN@proof.kid']);
    const byListedKey = signJoinRequest(change, nanao.signer, now);
    expect(verifyJoinRequest(byListedKey, { list, intent: 'update' }, now).ok).toBe(true);
  });

  it('refuses any change to a signed request (property)', () => {
    const signed = signJoinRequest(request(), signer, now);
    const paths: ((r: JoinRequest) => void)[] = [
      (r) => (r.participant.role = 'hospital'),
      (r) => (r.participant.jurisdiction = ['170003'] as never),
      (r) => (r.participant.nodeUrl = 'http://evil.example/'),
      (r) => (r.participant.name = { ja: '輪島市', en: 'Wajima' }),
      (r) => (r.expiresAt = new Date(now.getTime() + 90 * DAY).toISOString()),
    ];
    fc.assert(
      fc.property(fc.constantFrom(...paths), (change) => {
        const tampered = structuredClone(signed);
        change(tampered.payload);
        const v = verifyJoinRequest(tampered, { list, intent: 'add' }, now);
        return !v.ok;
      }),
    );
  });

  it('never accepts a document that is not a request signed by its applicant (property)', () => {
    fc.assert(
      fc.property(fc.anything(), (junk) => !verifyJoinRequest(junk, { list, intent: 'add' }, now).ok),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.string({ minLength: 3, maxLength: 20 }).filter((s) => /^[a-z0-9][a-z0-9-]*[a-z0-9]$/.test(s) && s !== signer.participantId), (other) => {
        // Signed by a valid key, but as someone else: the signer must be the applicant.
        const doc = signDocument(request(), createSigner(other, keys), now, 'tsunagu:join-request');
        return codes(verifyJoinRequest(doc, { list, intent: 'add' }, now))[0] === 'TRUST_SIGNER_MISMATCH@proof.signer';
      }),
    );
  });
});
