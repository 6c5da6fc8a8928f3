import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { message } from '../../i18n/index.ts';
import { signBatch, verifyBatch, type SignedBatch } from '../batch-signature.ts';
import { buildTestTrust } from '../test-fixtures.ts';
import type { Verification } from '../verified.ts';
import { requestSignatureOf, signRequest, type HttpBody, type SignedHeaders } from './request-signature.ts';
import { signResponse, verifyResponse, type VerifyResponseOptions } from './response-signature.ts';

const now = new Date('2026-01-15T03:00:00.000Z');
const trust = buildTestTrust(now);
const consumer = trust.parties.nanao;
const provider = trust.parties.wajima;
const providerId = provider.participant.id;

function sentRequest(): string {
  const headers = signRequest({
    method: 'GET',
    url: `https://${providerId}.node.example.jp/v1/shelters?area=172049`,
    credential: trust.credentials.nanao,
    signer: consumer.signer,
    audience: providerId,
    now,
  });
  return requestSignatureOf(headers)!;
}

const requestSignature = sentRequest();
const body = JSON.stringify({ shelters: [{ id: 'shelter-1', name: '輪島市立河井小学校' }] });

function answer(overrides: Partial<Parameters<typeof signResponse>[0]> = {}): SignedHeaders {
  return signResponse({ status: 200, body, requestSignature, signer: provider.signer, now, ...overrides });
}

function options(overrides: Partial<VerifyResponseOptions> = {}): VerifyResponseOptions {
  return { requestSignature, provider: providerId, registry: trust.registry, now, ...overrides };
}

function codes(v: Verification<unknown>): string[] {
  return v.ok ? [] : v.problems.map((p) => p.code);
}

describe('signResponse and verifyResponse', () => {
  it('proves which provider answered this request', () => {
    const headers = answer();
    expect(headers['tsunagu-responder']).toBe(providerId);
    expect(headers['signature-input']).toContain('"signature";req;key="tsunagu"');
    const v = verifyResponse({ status: 200, headers, body }, options());
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.value).toEqual({ responder: providerId, kid: provider.signer.kid, publicKey: provider.signer.publicKey, created: now.toISOString() });
  });

  it('accepts an empty answer body, given as nothing or as zero bytes', () => {
    const headers = answer({ status: 204, body: undefined });
    expect(verifyResponse({ status: 204, headers }, options()).ok).toBe(true);
    expect(verifyResponse({ status: 204, headers, body: new Uint8Array(0) }, options()).ok).toBe(true);
  });

  it('refuses an answer bound to another request', () => {
    const other = sentRequest();
    expect(other).not.toBe(requestSignature);
    const v = verifyResponse({ status: 200, headers: answer({ requestSignature: other }), body }, options());
    expect(codes(v)).toEqual(['FEDERATION_RESPONSE_SIGNATURE_INVALID']);
  });

  it('refuses an answer with another status, body, or body and digest than were signed', () => {
    expect(codes(verifyResponse({ status: 500, headers: answer(), body }, options()))).toEqual(['FEDERATION_RESPONSE_SIGNATURE_INVALID']);
    expect(codes(verifyResponse({ status: 200, headers: answer(), body: '{}' }, options()))).toEqual(['FEDERATION_RESPONSE_DIGEST_MISMATCH']);
    const forged = answer({ body: '{}' });
    const mixed = { ...answer(), 'content-digest': forged['content-digest']! };
    expect(codes(verifyResponse({ status: 200, headers: mixed, body: '{}' }, options()))).toEqual(['FEDERATION_RESPONSE_SIGNATURE_INVALID']);
  });

  it('refuses an answer from another participant than the one asked', () => {
    const headers = answer({ signer: trust.signers.hospital });
    const v = verifyResponse({ status: 200, headers, body }, options());
    expect(codes(v)).toEqual(['FEDERATION_RESPONDER_MISMATCH']);
    // Claiming to be the provider while signing with another participant's key.
    const claimed = { ...headers, 'tsunagu-responder': providerId };
    expect(codes(verifyResponse({ status: 200, headers: claimed, body }, options()))).toEqual(['TRUST_KEY_UNKNOWN']);
  });

  it('refuses an answer from a revoked provider', () => {
    const headers = answer({ signer: trust.signers.revoked });
    const v = verifyResponse({ status: 200, headers, body }, options({ provider: trust.participants.revoked.id }));
    expect(codes(v)).toEqual(['TRUST_PARTICIPANT_REVOKED']);
  });

  it('refuses an unsigned answer and a request signature presented as an answer', () => {
    expect(codes(verifyResponse({ status: 200, headers: { 'content-type': 'application/json' }, body }, options()))).toEqual(['FEDERATION_RESPONSE_UNSIGNED']);
    const request = signRequest({ method: 'GET', url: 'https://x.example/', credential: trust.credentials.wajima, signer: provider.signer, audience: consumer.participant.id, now });
    const v = verifyResponse({ status: 200, headers: { ...request, 'tsunagu-responder': providerId }, body: '' }, options());
    expect(codes(v)).toEqual(['FEDERATION_RESPONSE_MALFORMED']);
  });

  it('refuses an answer dated in the future beyond clock skew', () => {
    const headers = answer({ now: new Date(now.getTime() + 3_600_000) });
    expect(codes(verifyResponse({ status: 200, headers, body }, options()))).toEqual(['TRUST_PROOF_FROM_FUTURE']);
  });

  it('refuses an answer dated beyond any representable time', () => {
    const headers = answer();
    const far = { ...headers, 'signature-input': headers['signature-input']!.replace(/created=\d+/, 'created=999999999999999') };
    expect(codes(verifyResponse({ status: 200, headers: far, body }, options()))).toEqual(['TRUST_DOCUMENT_MALFORMED']);
  });

  it('refuses to bind an answer to something that is not a request signature', () => {
    expect(() => answer({ requestSignature: 'abc' })).toThrow(/64-byte/);
  });

  it('has problems that read in Japanese and English', () => {
    const v = verifyResponse({ status: 200, headers: answer({ signer: trust.signers.hospital }), body }, options());
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(message(v.problems[0]!.code, v.problems[0]!.params, 'ja')).toContain(providerId);
    expect(message(v.problems[0]!.code, v.problems[0]!.params, 'en')).toContain('the request went to');
  });

  it('carries a batch signature in the body, verified with the key that signed the answer', () => {
    const records = Array.from({ length: 50 }, (_, i) => ({ id: `person-${i}`, status: i % 3 === 0 ? 'safe' : 'unknown' }));
    const batch = signBatch(records, provider.signer, now);
    const text = JSON.stringify({ records, batch });
    const v = verifyResponse({ status: 200, headers: answer({ body: text }), body: text }, options());
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    const received = JSON.parse(text) as { records: unknown[]; batch: SignedBatch };
    expect(received.batch.proof.signer).toBe(v.value.responder);
    expect(verifyBatch(received.records, received.batch, v.value.publicKey).ok).toBe(true);
  });
});

describe('the example in docs/federation-auth.md', () => {
  it('is an answer that verifies for the documented request and no other', () => {
    const headers = {
      'Content-Digest': 'sha-256=:G4tMC29q0dMlZZUnILwATusfGI9iBF5NVSWuKvjHhDI=:',
      'Tsunagu-Responder': 'jp-172049-wajima-city',
      'Signature-Input':
        'tsunagu=("@status" "content-digest" "tsunagu-responder" "signature";req;key="tsunagu");created=1768446000;keyid="jp-172049-wajima-city-key-1";alg="ed25519";tag="tsunagu-response-v1"',
      Signature: 'tsunagu=:oGJpFs6z5xjH88tqbeSlDbb9gnB2BA0rqRX4SFKMRKmc1bm38DvJJna3JE42KLxZjK/jwnC3QZCHUiZKkoicAw==:',
    };
    const documentedRequest = 'rhHFcgV5YSoQUvzPY6JH9+D1ZgWtGztabkDK+M2xijGpC4LFN5gd8jxdvGv3nCXzmEDs+bE20kYEOeBIshYUAQ==';
    const received = { status: 200, headers, body: '{"records":[]}' };
    expect(verifyResponse(received, options({ requestSignature: documentedRequest })).ok).toBe(true);
    expect(codes(verifyResponse(received, options()))).toEqual(['FEDERATION_RESPONSE_SIGNATURE_INVALID']);
  });
});

describe('verifyResponse on hostile input', () => {
  it('answers every garbled signature field or request signature with a problem, never an exception', () => {
    const headers = answer();
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 300 }), fc.string({ maxLength: 100 }), (input, signature, bound) => {
        const v = verifyResponse({ status: 200, headers: { ...headers, 'signature-input': input, signature }, body }, options());
        expect(v.ok).toBe(false);
        expect(verifyResponse({ status: 200, headers, body }, options({ requestSignature: bound })).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('a signed answer, changed in any single byte', () => {
  it('never verifies', () => {
    const headers = answer();
    const parts: Record<string, string> = { status: '200', requestSignature, ...headers };
    const bodyBytes = new TextEncoder().encode(body);
    expect(verifyResponse({ status: 200, headers, body: bodyBytes }, options()).ok).toBe(true);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.record({ part: fc.constantFrom(...Object.keys(parts)), position: fc.nat(), char: fc.integer({ min: 0x20, max: 0x7e }) }),
          fc.record({ part: fc.constant('body'), position: fc.nat(), char: fc.integer({ min: 1, max: 255 }) }),
        ),
        ({ part, position, char }) => {
          let changedBody: HttpBody = bodyBytes;
          const changed = { ...parts };
          if (part === 'body') {
            const copy = bodyBytes.slice();
            const i = position % copy.length;
            copy[i] = copy[i]! ^ char;
            changedBody = copy;
          } else {
            const text = parts[part]!;
            const i = position % text.length;
            fc.pre(text.charCodeAt(i) !== char);
            changed[part] = text.slice(0, i) + String.fromCharCode(char) + text.slice(i + 1);
          }
          const { status, requestSignature: boundTo, ...changedHeaders } = changed;
          const v = verifyResponse({ status: Number(status), headers: changedHeaders, body: changedBody }, options({ requestSignature: boundTo! }));
          expect(v.ok).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});
