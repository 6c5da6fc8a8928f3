import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { message } from '../../i18n/index.ts';
import { credentialFor, signCredential } from '../../trust/credential.ts';
import { createSigner } from '../../trust/keys.ts';
import { buildTestTrust, testKeys } from '../../trust/test-fixtures.ts';
import type { TrustProblem, Verification } from '../../trust/verified.ts';
import { createMemoryReplayGuard } from './replay-guard.ts';
import { contentDigestOf } from '../../trust/http-signatures/content-digest.ts';
import {
  encodeCredentialHeader,
  requestSignatureOf,
  signRequest,
  type HttpBody,
  type SignedHeaders,
} from '../../trust/http-signatures/request-signature.ts';
import { verifyRequest, type AuthenticatedRequest, type VerifyRequestOptions } from './verify-request.ts';

const now = new Date('2026-01-15T03:00:00.000Z');
const trust = buildTestTrust(now);
const requester = trust.parties.nanao;
const provider = trust.parties.wajima;
const providerId = provider.participant.id;
const target = '/v1/datasets/persons/query?purpose=life-saving&area=172049';
const url = `https://${providerId}.node.example.jp${target}`;
const body = JSON.stringify({ purpose: 'life-saving', fields: ['name', 'address'], note: '七尾市からの要請' });

function options(overrides: Partial<VerifyRequestOptions> = {}): VerifyRequestOptions {
  return { registry: trust.registry, replayGuard: createMemoryReplayGuard(), now, audience: providerId, ...overrides };
}

function signPost(overrides: Partial<Parameters<typeof signRequest>[0]> = {}): SignedHeaders {
  return signRequest({ method: 'POST', url, body, credential: trust.credentials.nanao, signer: requester.signer, audience: providerId, now, ...overrides });
}

function codes(v: Verification<unknown>): string[] {
  return v.ok ? [] : v.problems.map((p) => p.code);
}

function at(seconds: number): Date {
  return new Date(now.getTime() + seconds * 1000);
}

describe('signRequest and verifyRequest', () => {
  it('authenticates a signed GET as the requesting participant', async () => {
    const headers = signRequest({ method: 'GET', url, credential: trust.credentials.nanao, signer: requester.signer, audience: providerId, now });
    const v = await verifyRequest({ method: 'GET', url: target, headers }, options());
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.value.participant.id).toBe(requester.participant.id);
    expect(v.value.participant.role).toBe('municipality');
    expect(v.value.credentialId).toBe(trust.credentials.nanao.payload.id);
    expect(v.value.kid).toBe(requester.signer.kid);
    expect(v.value.created).toBe(now.toISOString());
    expect(v.value.signature).toBe(requestSignatureOf(headers));
    expect(headers['content-digest']).toBe(contentDigestOf(''));
  });

  it('authenticates a signed POST with a Japanese JSON body, given as text or as bytes', async () => {
    const headers = signPost();
    expect(headers['content-digest']).toMatch(/^sha-256=:[A-Za-z0-9+/]{43}=:$/);
    expect((await verifyRequest({ method: 'POST', url: target, headers, body }, options())).ok).toBe(true);
    const bytes = new TextEncoder().encode(body);
    expect((await verifyRequest({ method: 'POST', url, headers, body: bytes }, options())).ok).toBe(true);
  });

  it('uses the RFC 9530 Content-Digest of the body, matching the RFC example for {"hello": "world"}', () => {
    expect(contentDigestOf('{"hello": "world"}\n')).toBe('sha-256=:RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg=:');
  });

  it('gives each request a fresh nonce, so two identical requests are both accepted once', async () => {
    const guard = createMemoryReplayGuard();
    const a = signPost();
    const b = signPost();
    expect(a['signature-input']).not.toBe(b['signature-input']);
    expect((await verifyRequest({ method: 'POST', url: target, headers: a, body }, options({ replayGuard: guard }))).ok).toBe(true);
    expect((await verifyRequest({ method: 'POST', url: target, headers: b, body }, options({ replayGuard: guard }))).ok).toBe(true);
  });

  it('refuses to sign for a signer that is not the credential subject or whose key the credential does not name', () => {
    expect(() => signPost({ signer: provider.signer })).toThrow(/not for the signer/);
    const otherKey = createSigner(requester.participant.id, testKeys('nanao-second-key'));
    expect(() => signPost({ signer: otherKey })).toThrow(/not among the keys/);
  });
});

describe('the example in docs/federation-auth.md', () => {
  it('is a request that verifies, so the documented wire format is the implemented one', async () => {
    const headers = {
      'Content-Digest': 'sha-256=:3HwSUMxE+iQmXq9yCnaUXJgJ6QQUjSoMkpTkNTuGdqM=:',
      'Tsunagu-Requester': 'jp-172022-nanao-city',
      'Tsunagu-Audience': 'jp-172049-wajima-city',
      'Tsunagu-Credential-Id': 'cred-jp-172022-nanao-city',
      'Tsunagu-Credential': encodeCredentialHeader(trust.credentials.nanao),
      'Signature-Input':
        'tsunagu=("@method" "@path" "@query" "content-digest" "tsunagu-requester" "tsunagu-audience" "tsunagu-credential-id");created=1768446000;keyid="jp-172022-nanao-city-key-1";nonce="N4c_ulA52G4jLekyDdLTsA";alg="ed25519";tag="tsunagu-request-v1"',
      Signature: 'tsunagu=:rhHFcgV5YSoQUvzPY6JH9+D1ZgWtGztabkDK+M2xijGpC4LFN5gd8jxdvGv3nCXzmEDs+bE20kYEOeBIshYUAQ==:',
    };
    const example = { method: 'POST', url: '/v1/datasets/persons/query?lang=ja', headers, body: '{"purpose":"life-saving","areas":["172049"]}' };
    expect((await verifyRequest(example, options())).ok).toBe(true);
    expect(codes(await verifyRequest({ ...example, url: '/v1/datasets/persons/query?lang=en' }, options()))).toEqual(['FEDERATION_SIGNATURE_INVALID']);
  });
});

describe('verifyRequest refuses', () => {
  const verifyWith = (headers: Record<string, string>, over: { method?: string; url?: string; body?: HttpBody } = {}, opts: Partial<VerifyRequestOptions> = {}) =>
    verifyRequest({ method: over.method ?? 'POST', url: over.url ?? target, headers, body: 'body' in over ? over.body : body }, options(opts));
  const without = (headers: SignedHeaders, name: string) => Object.fromEntries(Object.entries(headers).filter(([k]) => k !== name));

  it('an unsigned request, naming the missing header', async () => {
    const v = await verifyWith(without(signPost(), 'signature'));
    expect(codes(v)).toEqual(['FEDERATION_REQUEST_UNSIGNED']);
    expect(!v.ok && v.problems[0]!.params.header).toBe('Signature');
    expect(codes(await verifyWith(without(signPost(), 'signature-input')))).toEqual(['FEDERATION_REQUEST_UNSIGNED']);
    expect(codes(await verifyWith({}))).toEqual(['FEDERATION_REQUEST_UNSIGNED']);
  });

  it.each([
    ['signature-input', 'tsunagu=("@method" "@path"'],
    ['signature-input', 'other=("@method");created=1'],
    ['signature', 'tsunagu=:AAAA:'],
    ['signature', 'tsunagu="not bytes"'],
  ])('a malformed %s header', async (name, value) => {
    const v = await verifyWith({ ...signPost(), [name]: value });
    expect(codes(v)).toEqual(['FEDERATION_REQUEST_MALFORMED']);
  });

  it('a signature that leaves a required component uncovered, or uses another tag or algorithm', async () => {
    const headers = signPost();
    const input = headers['signature-input']!;
    for (const changed of [
      input.replace(' "tsunagu-audience"', ''),
      input.replace('tag="tsunagu-request-v1"', 'tag="tsunagu-response-v1"'),
      input.replace('alg="ed25519"', 'alg="rsa-pss-sha512"'),
      input.replace(/;nonce="[^"]*"/, ''),
      input.replace(/;nonce="[^"]*"/, ';nonce="short"'),
      `${input};expires=9999999999`,
    ]) {
      expect(codes(await verifyWith({ ...headers, 'signature-input': changed }))).toEqual(['FEDERATION_REQUEST_MALFORMED']);
    }
  });

  it.each(['content-digest', 'tsunagu-requester', 'tsunagu-audience', 'tsunagu-credential-id'])('a request without its %s header', async (name) => {
    expect(codes(await verifyWith(without(signPost(), name)))).toEqual(['FEDERATION_REQUEST_MALFORMED']);
  });

  it('a body that does not match its digest', async () => {
    const v = await verifyWith(signPost(), { body: body.replace('七尾市', '輪島市') });
    expect(codes(v)).toEqual(['FEDERATION_DIGEST_MISMATCH']);
    expect(codes(await verifyWith(signPost(), { body: undefined }))).toEqual(['FEDERATION_DIGEST_MISMATCH']);
  });

  it('a request whose body and digest were both replaced', async () => {
    const forged = '{"purpose":"statistics"}';
    const v = await verifyWith({ ...signPost(), 'content-digest': contentDigestOf(forged) }, { body: forged });
    expect(codes(v)).toEqual(['FEDERATION_SIGNATURE_INVALID']);
  });

  it.each([
    ['method', { method: 'PUT' }],
    ['path', { url: target.replace('/persons/', '/shelters/') }],
    ['query', { url: target.replace('life-saving', 'statistics') }],
    ['query dropped', { url: '/v1/datasets/persons/query' }],
  ] as const)('a request whose %s changed after signing', async (_, over) => {
    expect(codes(await verifyWith(signPost(), over))).toEqual(['FEDERATION_SIGNATURE_INVALID']);
  });

  it('a request whose audience header was changed to the verifying node', async () => {
    const headers = signPost({ audience: trust.parties.ishikawa.participant.id });
    expect(codes(await verifyWith(headers))).toEqual(['FEDERATION_AUDIENCE_MISMATCH']);
    expect(codes(await verifyWith({ ...headers, 'tsunagu-audience': providerId }))).toEqual(['FEDERATION_SIGNATURE_INVALID']);
  });

  it('a signature made with another private key under the credential key id', async () => {
    const rogue = createSigner(requester.participant.id, testKeys('rogue'));
    const impostor = { ...requester.signer, sign: rogue.sign };
    expect(codes(await verifyWith(signPost({ signer: impostor })))).toEqual(['FEDERATION_SIGNATURE_INVALID']);
  });

  it('a key id that is not among the keys of the credential subject and its trust list entry', async () => {
    const headers = signPost();
    const input = headers['signature-input']!.replace(`keyid="${requester.signer.kid}"`, `keyid="${provider.signer.kid}"`);
    const v = await verifyWith({ ...headers, 'signature-input': input });
    expect(codes(v)).toEqual(['FEDERATION_KEY_NOT_ALLOWED']);
  });

  it('a credential that claims a key the trust list does not have', async () => {
    const extra = testKeys('nanao-unlisted');
    const participant = { ...requester.participant, keys: [{ kid: extra.kid, alg: 'Ed25519' as const, publicKey: extra.publicKey }] };
    const credential = signCredential(
      credentialFor(participant, trust.anchor.participant.id, { id: 'cred-nanao-unlisted', issuedAt: now.toISOString(), expiresAt: at(86_400).toISOString() }),
      trust.anchor.signer,
      now,
    );
    const headers = signPost({ credential, signer: createSigner(requester.participant.id, extra) });
    expect(codes(await verifyWith(headers))).toEqual(['FEDERATION_CREDENTIAL_INVALID', 'CREDENTIAL_SUBJECT_MISMATCH']);
  });

  it('a revoked or suspended participant, with the trust problems of its credential', async () => {
    const revoked = signPost({ credential: trust.credentials.revoked, signer: trust.signers.revoked });
    expect(codes(await verifyWith(revoked))).toEqual(['FEDERATION_CREDENTIAL_INVALID', 'TRUST_PARTICIPANT_REVOKED']);
    const suspended = signPost({ credential: trust.credentials.suspended, signer: trust.signers.suspended });
    expect(codes(await verifyWith(suspended))).toEqual(['FEDERATION_CREDENTIAL_INVALID', 'TRUST_PARTICIPANT_SUSPENDED']);
  });

  it('an expired credential', async () => {
    const later = at(181 * 86_400);
    const headers = signPost({ now: later });
    expect(codes(await verifyWith(headers, {}, { now: later }))).toEqual(['FEDERATION_CREDENTIAL_INVALID', 'CREDENTIAL_EXPIRED']);
  });

  it('a credential from an issuer this node does not trust', async () => {
    const rogueAnchor = createSigner('rogue-anchor', testKeys('rogue-anchor'));
    const credential = signCredential(
      credentialFor(requester.participant, 'rogue-anchor', { id: 'cred-rogue', issuedAt: now.toISOString(), expiresAt: at(86_400).toISOString() }),
      rogueAnchor,
      now,
    );
    expect(codes(await verifyWith(signPost({ credential })))).toEqual(['FEDERATION_CREDENTIAL_INVALID', 'TRUST_ANCHOR_UNKNOWN']);
  });

  it('another participant’s credential, or one with another id than was signed', async () => {
    const headers = signPost();
    const v = await verifyWith({ ...headers, 'tsunagu-credential': encodeCredentialHeader(trust.credentials.wajima) });
    expect(codes(v)).toEqual(['FEDERATION_CREDENTIAL_MISMATCH']);
    const t = await verifyWith({ ...headers, 'tsunagu-credential-id': trust.credentials.wajima.payload.id });
    expect(codes(t)).toEqual(['FEDERATION_CREDENTIAL_MISMATCH']);
    expect(codes(await verifyWith({ ...headers, 'tsunagu-credential': 'bm90IGpzb24' }))).toEqual(['FEDERATION_REQUEST_MALFORMED']);
  });

  it('a request without a credential unless this node keeps it by id', async () => {
    const headers = signPost({ includeCredential: false });
    expect(headers['tsunagu-credential']).toBeUndefined();
    expect(codes(await verifyWith(headers))).toEqual(['FEDERATION_CREDENTIAL_MISSING']);
    const cache = new Map([[trust.credentials.nanao.payload.id, trust.credentials.nanao]]);
    expect((await verifyWith(headers, {}, { credentialById: (id) => cache.get(id) })).ok).toBe(true);
  });

  it('a request signed more than the allowed skew before or after now, and accepts one exactly at the limit', async () => {
    for (const skew of [-301, 301, -3600, 86_400]) {
      const v = await verifyWith(signPost({ now: at(skew) }));
      expect(codes(v)).toEqual(['FEDERATION_CLOCK_SKEW']);
    }
    for (const skew of [-300, 300]) expect((await verifyWith(signPost({ now: at(skew) }))).ok).toBe(true);
    expect(codes(await verifyWith(signPost({ now: at(-61) }), {}, { maxSkewSeconds: 60 }))).toEqual(['FEDERATION_CLOCK_SKEW']);
    const headers = signPost();
    const farFuture = { ...headers, 'signature-input': headers['signature-input']!.replace(/created=\d+/, 'created=999999999999999') };
    expect(codes(await verifyWith(farFuture))).toEqual(['FEDERATION_CLOCK_SKEW']);
  });

  it('a request replayed within the window, and the same request after the window for clock skew', async () => {
    const guard = createMemoryReplayGuard();
    const headers = signPost();
    const once = await verifyWith(headers, {}, { replayGuard: guard });
    expect(once.ok).toBe(true);
    for (const t of [0, 1, 299, 300]) expect(codes(await verifyWith(headers, {}, { replayGuard: guard, now: at(t) }))).toEqual(['FEDERATION_REPLAYED']);
    expect(codes(await verifyWith(headers, {}, { replayGuard: guard, now: at(301) }))).toEqual(['FEDERATION_CLOCK_SKEW']);
  });

  it('requests when the replay guard is full, rather than forgetting nonces', async () => {
    const guard = createMemoryReplayGuard({ maxEntries: 1 });
    expect((await verifyWith(signPost(), {}, { replayGuard: guard })).ok).toBe(true);
    expect(codes(await verifyWith(signPost(), {}, { replayGuard: guard }))).toEqual(['FEDERATION_REPLAY_GUARD_FULL']);
  });

  it('with problems that read in Japanese and English', async () => {
    const problems: TrustProblem[] = [];
    const collect = (v: Verification<AuthenticatedRequest>) => {
      if (!v.ok) problems.push(...v.problems);
    };
    collect(await verifyWith(without(signPost(), 'signature')));
    collect(await verifyWith(signPost(), { body: 'x' }));
    collect(await verifyWith(signPost(), { method: 'GET' }));
    collect(await verifyWith(signPost({ now: at(900) })));
    collect(await verifyWith(signPost({ credential: trust.credentials.revoked, signer: trust.signers.revoked })));
    expect(problems.length).toBeGreaterThanOrEqual(6);
    for (const p of problems) {
      for (const lang of ['ja', 'en'] as const) {
        const text = message(p.code, p.params, lang);
        expect(text).not.toBe(p.code);
        expect(text).not.toMatch(/\{\{/);
      }
    }
    expect(message('FEDERATION_CLOCK_SKEW', problems.find((p) => p.code === 'FEDERATION_CLOCK_SKEW')!.params, 'ja')).toContain('900 秒');
  });
});

describe('verifyRequest on hostile input', () => {
  it('reads headers from a fetch Headers object and from node:http objects in any letter case', async () => {
    const headers = signPost();
    const upper = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toUpperCase(), v]));
    expect((await verifyRequest({ method: 'POST', url: target, headers: new Headers(headers), body }, options())).ok).toBe(true);
    expect((await verifyRequest({ method: 'POST', url: target, headers: upper, body }, options())).ok).toBe(true);
  });

  it('refuses a second signature under the same label sent in another field', async () => {
    const a = signPost();
    const b = signPost();
    const doubled = { ...a, 'signature-input': [a['signature-input']!, b['signature-input']!], signature: [a.signature!, b.signature!] };
    expect(codes(await verifyRequest({ method: 'POST', url: target, headers: doubled, body }, options()))).toEqual(['FEDERATION_REQUEST_MALFORMED']);
  });

  it('answers every garbled signature field with a problem, never an exception', async () => {
    const headers = signPost();
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), fc.string({ maxLength: 300 }), async (input, signature) => {
        const v = await verifyRequest({ method: 'POST', url: target, headers: { ...headers, 'signature-input': input, signature }, body }, options());
        expect(v.ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('a signed request, changed in any single byte', () => {
  it('never verifies', async () => {
    const headers = signPost();
    const bodyBytes = new TextEncoder().encode(body);
    const parts: Record<string, string> = { method: 'POST', url: target, ...headers };
    const names = Object.keys(parts);
    // The untouched request verifies; otherwise the property below would prove nothing.
    expect((await verifyRequest({ method: 'POST', url: target, headers, body: bodyBytes }, options())).ok).toBe(true);

    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({ part: fc.constantFrom(...names), position: fc.nat(), char: fc.integer({ min: 0x20, max: 0x7e }) }),
          fc.record({ part: fc.constant('body'), position: fc.nat(), char: fc.integer({ min: 1, max: 255 }) }),
        ),
        async ({ part, position, char }) => {
          let changedBody = bodyBytes;
          const changed = { ...parts };
          if (part === 'body') {
            changedBody = bodyBytes.slice();
            const i = position % changedBody.length;
            changedBody[i] = changedBody[i]! ^ char;
          } else {
            const text = parts[part]!;
            const i = position % text.length;
            fc.pre(text.charCodeAt(i) !== char);
            changed[part] = text.slice(0, i) + String.fromCharCode(char) + text.slice(i + 1);
          }
          const { method, url: changedUrl, ...changedHeaders } = changed;
          const v = await verifyRequest({ method: method!, url: changedUrl!, headers: changedHeaders, body: changedBody }, options());
          expect(v.ok).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});
