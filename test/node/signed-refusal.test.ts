// A node refusing a signed request because it does not know the requester, or the requester's credential is revoked or
// expired, signs its refusal: the asker verifies it with the node's listed key and reads the node's own reasons, instead
// of an unsigned answer. A refusal changed on the way, or signed for another request, does not verify.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFederationClient } from '../../src/federation/client.ts';
import { createMemoryReplayGuard } from '../../src/node/request-verification/replay-guard.ts';
import { credentialFor, signCredential } from '../../src/trust/credential.ts';
import { createSigner } from '../../src/trust/keys.ts';
import { buildTestTrust, testKeys, type TestParticipantName } from '../../src/trust/test-fixtures.ts';
import { openTestNode, type TestNode } from './support/test-node.ts';

const now = new Date();
const trust = buildTestTrust(now);
const NANAO = trust.participants.nanao;
let node: TestNode;
let url: string;

beforeAll(async () => {
  node = await openTestNode({ federation: { registry: trust.registry, replayGuard: createMemoryReplayGuard(), signer: trust.signers.nanao } });
  url = await node.app.listen({ host: '127.0.0.1', port: 0 });
}, 60_000);
afterAll(async () => node?.close());

function askAs(name: TestParticipantName, credential = trust.credentials[name], fetchImpl?: typeof fetch) {
  const client = createFederationClient({ signer: trust.signers[name], credential, registry: trust.registry, ...(fetchImpl ? { fetch: fetchImpl } : {}) });
  return client.query({ participantId: NANAO.id, url }, 'shelters', { purpose: 'evacuation-support', limit: 1, lang: 'en' });
}

const reasonsOf = (body: unknown) => (body as { reasons: { code: string; message: string }[] }).reasons.map((r) => r.code);

describe('signed refusals', () => {
  it("signs the refusal of a revoked participant, with the node's reasons in the asker's language", async () => {
    const r = await askAs('revoked');
    expect(r.ok && r.status).toBe(401);
    if (!r.ok) return;
    expect(r.verified.responder).toBe(NANAO.id);
    expect(reasonsOf(r.body)).toContain('TRUST_PARTICIPANT_REVOKED');
    expect((r.body as { reasons: { message: string }[] }).reasons.some((x) => /revoked/i.test(x.message))).toBe(true);
  });

  it('signs the refusal of an expired credential and of a participant no list names', async () => {
    const expiredCredential = signCredential(
      credentialFor(trust.participants.wajima, trust.anchor.participant.id, { id: 'cred-expired', issuedAt: new Date(now.getTime() - 10 * 86_400_000).toISOString(), expiresAt: new Date(now.getTime() - 86_400_000).toISOString() }),
      trust.anchor.signer,
      new Date(now.getTime() - 10 * 86_400_000),
    );
    const expired = await askAs('wajima', expiredCredential);
    expect(expired.ok && reasonsOf(expired.body)).toContain('CREDENTIAL_EXPIRED');

    const strangerKeys = testKeys('jp-174611-stranger');
    const stranger = { ...trust.participants.wajima, id: 'jp-174611-stranger', keys: [{ kid: strangerKeys.kid, alg: 'Ed25519' as const, publicKey: strangerKeys.publicKey }] };
    const credential = signCredential(credentialFor(stranger, trust.anchor.participant.id, { id: 'cred-stranger', issuedAt: now.toISOString(), expiresAt: new Date(now.getTime() + 86_400_000).toISOString() }), trust.anchor.signer, now);
    const client = createFederationClient({ signer: createSigner(stranger.id, strangerKeys), credential, registry: trust.registry });
    const unknown = await client.query({ participantId: NANAO.id, url }, 'shelters', { purpose: 'evacuation-support', lang: 'en' });
    expect(unknown.ok && unknown.status).toBe(401);
    expect(unknown.ok && reasonsOf(unknown.body)).toContain('TRUST_PARTICIPANT_UNKNOWN');
  });

  it('does not take a refusal whose body was changed on the way', async () => {
    const tampering: typeof fetch = async (input, init) => {
      const real = await fetch(input, init);
      const text = (await real.text()).replace('TRUST_PARTICIPANT_REVOKED', 'TRUST_PARTICIPANT_SUSPENDED');
      return new Response(text, { status: real.status, headers: real.headers });
    };
    const r = await askAs('revoked', trust.credentials.revoked, tampering);
    expect(r).toMatchObject({ ok: false, reason: 'unverified', problems: [{ code: 'FEDERATION_RESPONSE_DIGEST_MISMATCH' }] });
  });
});
