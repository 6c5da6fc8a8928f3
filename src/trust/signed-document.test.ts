import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { canonicalJson } from './canonical-json.ts';
import { createSigner } from './keys.ts';
import { decodeBase64url, signDocument, signingBytes, verifyDocumentSignature, type Signed } from './signed-document.ts';
import { testKeys } from './test-fixtures.ts';

const keys = testKeys('signed-document-test');
const signer = createSigner('jp-172022-nanao-city', keys);
const other = testKeys('someone-else');
const now = new Date('2024-01-01T16:10:00+09:00');

describe('signed documents', () => {
  it('signs a payload with a proof naming signer, key, algorithm and time, and verifies it', () => {
    const doc = signDocument({ hello: 'こんにちは', n: 1 }, signer, now, 'tsunagu:declaration');
    expect(doc.proof).toMatchObject({ type: 'tsunagu:declaration', signer: 'jp-172022-nanao-city', kid: keys.kid, alg: 'Ed25519', created: '2024-01-01T07:10:00.000Z' });
    expect(doc.proof.signature).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(verifyDocumentSignature(doc, keys.publicKey)).toBe(true);
    expect(verifyDocumentSignature(doc, other.publicKey)).toBe(false);
  });

  it('signs the canonical form, so property order and JSON round trips do not matter', () => {
    const doc = signDocument({ b: 2, a: [1, 'x'] }, signer, now);
    const reordered: Signed<unknown> = JSON.parse(JSON.stringify({ proof: doc.proof, payload: { a: [1, 'x'], b: 2 } }));
    expect(verifyDocumentSignature(reordered, keys.publicKey)).toBe(true);
  });

  it('covers the proof fields too: changing the signer, key id, time or kind breaks the signature', () => {
    const doc = signDocument({ x: 1 }, signer, now, 'tsunagu:delegation');
    for (const change of [{ signer: 'jp-172049-wajima-city' }, { kid: 'other' }, { created: '2024-01-02T00:00:00.000Z' }, { type: 'tsunagu:declaration' }]) {
      expect(verifyDocumentSignature({ ...doc, proof: { ...doc.proof, ...change } }, keys.publicKey), JSON.stringify(change)).toBe(false);
    }
    const { type: _dropped, ...untyped } = doc.proof;
    expect(verifyDocumentSignature({ ...doc, proof: untyped }, keys.publicKey)).toBe(false);
  });

  it('signs exactly the canonical JSON of the payload and the proof without its signature', () => {
    const doc = signDocument({ z: 1, a: 2 }, signer, now);
    const expected = canonicalJson({ payload: { a: 2, z: 1 }, proof: { signer: signer.participantId, kid: keys.kid, alg: 'Ed25519', created: doc.proof.created } });
    expect(Buffer.from(signingBytes(doc.payload, doc.proof)).toString()).toBe(expected);
  });

  it('refuses fields the signature does not cover, in the document or in the proof', () => {
    const doc = signDocument({ x: 1 }, signer, now);
    expect(verifyDocumentSignature({ ...doc, extra: 1 } as Signed<unknown>, keys.publicKey)).toBe(false);
    expect(verifyDocumentSignature({ ...doc, proof: { ...doc.proof, note: 'x' } } as Signed<unknown>, keys.publicKey)).toBe(false);
  });

  it('accepts only the canonical base64url of a signature, so no two strings carry the same one', () => {
    const doc = signDocument({ x: 1 }, signer, now);
    const sig = doc.proof.signature;
    // The last character of 64 bytes in base64url holds 2 data bits and 4 unused bits.
    const last = sig[sig.length - 1]!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sibling = alphabet[alphabet.indexOf(last) ^ 1]!;
    const variant = sig.slice(0, -1) + sibling;
    expect(Buffer.from(variant, 'base64url').equals(Buffer.from(sig, 'base64url'))).toBe(true);
    expect(verifyDocumentSignature({ ...doc, proof: { ...doc.proof, signature: variant } }, keys.publicKey)).toBe(false);
    expect(decodeBase64url(`${sig}=`)).toBeUndefined();
    expect(decodeBase64url('ab+c')).toBeUndefined();
  });

  it('treats a payload with no JSON form, or a missing proof, as unsigned instead of throwing', () => {
    const doc = signDocument({ x: 1 }, signer, now);
    expect(verifyDocumentSignature({ payload: { x: Number.NaN }, proof: doc.proof }, keys.publicKey)).toBe(false);
    expect(verifyDocumentSignature({ payload: { x: 1 } } as unknown as Signed<unknown>, keys.publicKey)).toBe(false);
    expect(verifyDocumentSignature(null as unknown as Signed<unknown>, keys.publicKey)).toBe(false);
  });

  it('never verifies after any byte of the serialised document changes its value (property)', () => {
    let effective = 0;
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 3 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (payload, pos, delta) => {
          const doc = signDocument(payload, signer, now, 'tsunagu:declaration');
          const bytes = Buffer.from(JSON.stringify(doc));
          const i = pos % bytes.length;
          bytes[i] = (bytes[i]! + delta) % 256;
          let changed: unknown;
          try {
            changed = JSON.parse(new TextDecoder().decode(bytes));
          } catch {
            return; // no longer JSON: nothing to verify
          }
          // A byte change that leaves the value equal (e.g. \u001f → \u001F) is not a change of the document.
          if (isDeepStrictEqual(changed, JSON.parse(JSON.stringify(doc)))) return;
          effective++;
          expect(verifyDocumentSignature(changed as Signed<unknown>, keys.publicKey)).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
    expect(effective).toBeGreaterThan(100);
  });

  it('never verifies after any value in the payload or proof is replaced (property)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1, maxKeys: 6 }),
        fc.nat(),
        fc.jsonValue({ maxDepth: 1 }),
        fc.boolean(),
        (payload, pick, replacement, inProof) => {
          const doc = signDocument(payload, signer, now, 'tsunagu:credential');
          const target: Record<string, unknown> = inProof ? { ...doc.proof } : { ...payload };
          const keysOf = Object.keys(target);
          const key = keysOf[pick % keysOf.length]!;
          fc.pre(!isDeepStrictEqual(JSON.parse(JSON.stringify(target[key] ?? null)), JSON.parse(JSON.stringify(replacement))));
          target[key] = replacement;
          const changed = inProof ? { payload: doc.payload, proof: target } : { payload: target, proof: doc.proof };
          expect(verifyDocumentSignature(changed as Signed<unknown>, keys.publicKey)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});
