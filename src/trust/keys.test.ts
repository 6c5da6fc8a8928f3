import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createSigner, generateKeyPair, verifyEd25519 } from './keys.ts';

describe('Ed25519 keys', () => {
  it('verifies RFC 8032 test vector 2 (one-byte message)', () => {
    // RFC 8032 §7.1 TEST 2
    const seed = Buffer.from('4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb', 'hex').toString('base64url');
    const pub = Buffer.from('3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c', 'hex').toString('base64url');
    const sig = Buffer.from(
      '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
      'hex',
    );
    const signer = createSigner('test', { kid: 'k', publicKey: pub, privateSeed: seed });
    expect(Buffer.from(signer.sign(Buffer.from([0x72]))).equals(sig)).toBe(true);
    expect(verifyEd25519(pub, Buffer.from([0x72]), sig)).toBe(true);
  });

  it('refuses a key pair whose public key does not match its seed', () => {
    const a = generateKeyPair('a');
    const b = generateKeyPair('b');
    expect(() => createSigner('x', { ...a, publicKey: b.publicKey })).toThrow(/does not match/);
  });

  it('never verifies a signature after any single byte of the message changes (property)', () => {
    const keys = generateKeyPair('k');
    const signer = createSigner('p', keys);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (msg, pos, delta) => {
        const sig = signer.sign(msg);
        const tampered = Uint8Array.from(msg);
        const i = pos % tampered.length;
        tampered[i] = (tampered[i]! + delta) % 256;
        expect(verifyEd25519(keys.publicKey, msg, sig)).toBe(true);
        expect(verifyEd25519(keys.publicKey, tampered, sig)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('treats malformed keys and signatures as invalid instead of throwing', () => {
    expect(verifyEd25519('not-a-key', new Uint8Array([1]), new Uint8Array(64))).toBe(false);
    const keys = generateKeyPair('k');
    expect(verifyEd25519(keys.publicKey, new Uint8Array([1]), new Uint8Array(10))).toBe(false);
  });
});
