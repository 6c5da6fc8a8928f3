// The wire format against the RFCs' own examples: RFC 9421 Appendix B.2.6 (Ed25519 with the test key of B.1.4) for
// the signature base, Signature-Input and Signature, RFC 9421 §2.2.6–2.2.7 for @path and @query, and RFC 9530 /
// RFC 9421 B.2 for Content-Digest; then properties over any components Tsunagu might sign.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { serializeInnerList } from 'structured-headers';
import { describe, expect, it } from 'vitest';
import { createSigner, keyPairFromSeed } from '../keys.ts';
import { checkContentDigest, contentDigestOf } from './content-digest.ts';
import {
  componentId,
  parseSignature,
  readDictionary,
  signatureBase,
  signBase,
  targetOf,
  verifyBase,
  type CoveredComponent,
  type SignatureParams,
} from './message-signature.ts';

/** RFC 9421 Appendix B.1.4, test-key-ed25519, as JWK members (`d` the private seed, `x` the public key). */
const RFC_TEST_KEY = keyPairFromSeed('test-key-ed25519', 'n4Ni-HpISpVObnQMW0wOhCKROaIKqKtW_2ZYb2p9KcU');
const RFC_TEST_PUBLIC_KEY = 'JrQLj5P_89iXES9-vFgrIy29clF9CC_oPPsw3c5D0bs';

/** RFC 9421 Appendix B.2's test request: `POST /foo?param=Value&Pet=dog`, Host example.com, body {"hello": "world"}. */
const RFC_REQUEST_TARGET = '/foo?param=Value&Pet=dog';
const RFC_BODY = '{"hello": "world"}';

/** RFC 9421 Appendix B.2.6: the signature base, the Signature-Input and the Signature, as published. */
const B26_BASE = [
  '"date": Tue, 20 Apr 2021 02:07:55 GMT',
  '"@method": POST',
  '"@path": /foo',
  '"@authority": example.com',
  '"content-type": application/json',
  '"content-length": 18',
  '"@signature-params": ("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"',
].join('\n');
const B26_SIGNATURE_INPUT = 'sig-b26=("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"';
const B26_SIGNATURE = 'sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==:';

function b26Components(): CoveredComponent[] {
  const { path } = targetOf(RFC_REQUEST_TARGET);
  return [
    { id: componentId('date'), value: 'Tue, 20 Apr 2021 02:07:55 GMT' },
    { id: componentId('@method'), value: 'POST' },
    { id: componentId('@path'), value: path },
    { id: componentId('@authority'), value: 'example.com' },
    { id: componentId('content-type'), value: 'application/json' },
    { id: componentId('content-length'), value: String(new TextEncoder().encode(RFC_BODY).length) },
  ];
}

describe('RFC 9421 Appendix B.2.6 (ed25519)', () => {
  const components = b26Components();
  const params = serializeInnerList([components.map((c) => c.id), new Map<string, string | number>([['created', 1618884473], ['keyid', 'test-key-ed25519']])]);

  it('serialises the covered components and parameters as the published Signature-Input member', () => {
    expect(`sig-b26=${params}`).toBe(B26_SIGNATURE_INPUT);
    const parsed = readDictionary(B26_SIGNATURE_INPUT).get('sig-b26');
    expect(parsed).toBeDefined();
    expect(serializeInnerList(parsed as Parameters<typeof serializeInnerList>[0])).toBe(params);
  });

  it('builds the published signature base byte for byte', () => {
    expect(signatureBase(components, params)).toBe(B26_BASE);
  });

  it('signs that base with the test key to the published signature, and verifies it', () => {
    const signer = createSigner('rfc9421', RFC_TEST_KEY);
    expect(RFC_TEST_KEY.publicKey).toBe(RFC_TEST_PUBLIC_KEY);
    const signature = Buffer.from(signer.sign(new TextEncoder().encode(B26_BASE))).toString('base64');
    expect(`sig-b26=:${signature}:`).toBe(B26_SIGNATURE);
    const published = readDictionary(B26_SIGNATURE).get('sig-b26')![0] as ArrayBuffer;
    expect(verifyBase(components, params, new Uint8Array(published), RFC_TEST_PUBLIC_KEY)).toBe(true);
  });

  it('does not verify the published signature once any covered component differs', () => {
    const published = new Uint8Array(readDictionary(B26_SIGNATURE).get('sig-b26')![0] as ArrayBuffer);
    for (let i = 0; i < components.length; i++) {
      const changed = components.map((c, j) => (j === i ? { ...c, value: `${c.value}x` } : c));
      expect(verifyBase(changed, params, published, RFC_TEST_PUBLIC_KEY), components[i]!.id[0] as string).toBe(false);
    }
  });
});

describe('@path and @query (RFC 9421 §2.2.6, §2.2.7)', () => {
  it('splits the test request target as the RFC does, and gives ? for an absent query', () => {
    expect(targetOf(RFC_REQUEST_TARGET)).toEqual({ path: '/foo', query: '?param=Value&Pet=dog' });
    expect(targetOf('https://www.example.com/path?param=value')).toEqual({ path: '/path', query: '?param=value' });
    expect(targetOf('/path')).toEqual({ path: '/path', query: '?' });
  });
});

describe('Content-Digest (RFC 9530)', () => {
  const sha256 = 'sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:';
  const sha512 = 'sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:';

  it('writes the RFC 9530 example digest of {"hello": "world"}', () => {
    expect(contentDigestOf(RFC_BODY)).toBe(sha256);
  });

  it('accepts the RFC 9421 B.2 field with SHA-512 beside SHA-256, and refuses one with SHA-512 alone', () => {
    expect(`sha-512=:${createHash('sha512').update(RFC_BODY).digest('base64')}:`).toBe(sha512);
    expect(checkContentDigest(`${sha256}, ${sha512}`, RFC_BODY)).toEqual({ ok: true });
    expect(checkContentDigest(sha512, RFC_BODY)).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('refuses a digest of another body, and a field that names sha-256 twice', () => {
    expect(checkContentDigest(sha256, '{"hello": "world!"}')).toMatchObject({ ok: false, reason: 'mismatch' });
    expect(checkContentDigest(`${contentDigestOf('other')}, ${sha256}`, RFC_BODY)).toMatchObject({ ok: false, reason: 'malformed' });
  });
});

describe('structured fields read by Tsunagu', () => {
  it('accepts a dictionary in its canonical form, other members included', () => {
    expect([...readDictionary('tsunagu=:AAAA:, other=("@method");created=1').keys()]).toEqual(['tsunagu', 'other']);
  });

  it('refuses a member given twice, and any spelling other than the canonical one', () => {
    for (const field of ['tsunagu=:AAAA:, tsunagu=:AQID:', 'a=1,  b=2', 'a=1.0', 'a=("x"  "y")', 'a=:AAB=:']) {
      expect(() => readDictionary(field), field).toThrow();
    }
  });
});

// --- properties ---------------------------------------------------------------------------------------------------

const signer = createSigner('jp-000000-test', RFC_TEST_KEY);
const headerName = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/);
const componentName = fc.oneof(headerName, fc.constantFrom('@method', '@path', '@query', '@authority', '@status'));
/** A field value as a signature base may hold it: visible ASCII and Japanese, no line breaks. */
const fieldValue = fc.string({ unit: fc.oneof(fc.constantFrom(...' abcAZ09/:;,=?&%"'.split('')), fc.constantFrom('七', '尾', '市')), maxLength: 40 });
const printable = fc.stringMatching(/^[\x20-\x7e]{1,40}$/);
const covered = fc.uniqueArray(fc.record({ name: componentName, value: fieldValue }), { minLength: 1, maxLength: 8, selector: (c) => c.name });
const signatureParams: fc.Arbitrary<SignatureParams> = fc.record({
  created: fc.integer({ min: 0, max: 2 ** 40 }),
  keyid: printable,
  nonce: fc.stringMatching(/^[A-Za-z0-9_-]{22,40}$/),
  tag: printable,
});

describe('properties of the signature fields', () => {
  it('parses every Signature-Input and Signature it writes back to the same components and parameters', () => {
    fc.assert(
      fc.property(covered, signatureParams, (cs, p) => {
        const components = cs.map((c) => ({ id: componentId(c.name), value: c.value }));
        const signed = signBase(components, p, signer);
        expect(readDictionary(signed.signatureInput).size).toBe(1);
        const headers = { 'signature-input': signed.signatureInput, signature: signed.signature };
        const parsed = parseSignature(headers, [...components.map((c) => c.id)].reverse(), p.tag, true);
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        expect(parsed.value.params).toEqual(p);
        expect(parsed.value.components).toEqual(components.map((c) => c.id));
        expect(`tsunagu=${parsed.value.signatureParams}`).toBe(signed.signatureInput);
        expect(parsed.value.signatureB64).toBe(signed.signatureB64);
        expect(verifyBase(components, parsed.value.signatureParams, parsed.value.signature, signer.publicKey)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('fails verification when any covered component value changes', () => {
    fc.assert(
      fc.property(covered, signatureParams, fc.nat(), fieldValue, (cs, p, pick, replacement) => {
        const components = cs.map((c) => ({ id: componentId(c.name), value: c.value }));
        const i = pick % components.length;
        fc.pre(replacement !== components[i]!.value);
        const signed = signBase(components, p, signer);
        const parsed = parseSignature({ 'signature-input': signed.signatureInput, signature: signed.signature }, components.map((c) => c.id), p.tag, true);
        if (!parsed.ok) throw new Error('own signature did not parse');
        const changed = components.map((c, j) => (j === i ? { ...c, value: replacement } : c));
        expect(verifyBase(changed, parsed.value.signatureParams, parsed.value.signature, signer.publicKey)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('fails verification when the components are covered in another order or a parameter changes', () => {
    fc.assert(
      fc.property(covered, signatureParams, fc.integer({ min: 1, max: 1000 }), (cs, p, shift) => {
        const components = cs.map((c) => ({ id: componentId(c.name), value: c.value }));
        const signed = signBase(components, p, signer);
        const signature = Buffer.from(signed.signatureB64, 'base64');
        const laterParams = signBase(components, { ...p, created: p.created + shift }, signer).signatureInput.slice('tsunagu='.length);
        expect(verifyBase(components, laterParams, signature, signer.publicKey)).toBe(false);
        if (components.length > 1) {
          const reordered = [...components.slice(1), components[0]!];
          const params = signed.signatureInput.slice('tsunagu='.length);
          expect(verifyBase(reordered, params, signature, signer.publicKey)).toBe(false);
        }
      }),
      { numRuns: 100 },
    );
  });
});
