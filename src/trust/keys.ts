// Ed25519 key pairs for nodes and trust anchors (RFC 8032), with raw public keys in base64url as in the trust list.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

/** SPKI DER prefix of an Ed25519 public key; the raw 32-byte key follows it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
/** PKCS#8 DER prefix of an Ed25519 private key; the raw 32-byte seed follows it. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface NodeSigner {
  /** The participant this key belongs to. */
  readonly participantId: string;
  readonly kid: string;
  /** Raw 32-byte public key, base64url (no padding). */
  readonly publicKey: string;
  sign(bytes: Uint8Array): Uint8Array;
}

export interface KeyPairExport {
  kid: string;
  publicKey: string;
  /** Raw 32-byte private seed, base64url. Keep secret. */
  privateSeed: string;
}

export function publicKeyObject(publicKeyB64url: string): KeyObject {
  const raw = Buffer.from(publicKeyB64url, 'base64url');
  if (raw.length !== 32) throw new RangeError('an Ed25519 public key has 32 bytes');
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

function privateKeyObject(seedB64url: string): KeyObject {
  const raw = Buffer.from(seedB64url, 'base64url');
  if (raw.length !== 32) throw new RangeError('an Ed25519 private seed has 32 bytes');
  return createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, raw]), format: 'der', type: 'pkcs8' });
}

function rawPublicKey(key: KeyObject): string {
  const der = key.export({ format: 'der', type: 'spki' });
  return Buffer.from(der.subarray(ED25519_SPKI_PREFIX.length)).toString('base64url');
}

export function generateKeyPair(kid: string): KeyPairExport {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
  return { kid, publicKey: rawPublicKey(publicKey), privateSeed: Buffer.from(pkcs8.subarray(ED25519_PKCS8_PREFIX.length)).toString('base64url') };
}

/** The key pair of a known 32-byte seed (base64url): for restoring a key file and for reproducible test keys. */
export function keyPairFromSeed(kid: string, privateSeed: string): KeyPairExport {
  return { kid, publicKey: rawPublicKey(createPublicKey(privateKeyObject(privateSeed))), privateSeed };
}

/** A signer for one participant's key. The key object is created once; signing is then a single call. */
export function createSigner(participantId: string, keys: KeyPairExport): NodeSigner {
  const privateKey = privateKeyObject(keys.privateSeed);
  const derived = rawPublicKey(createPublicKey(privateKey));
  if (derived !== keys.publicKey) throw new Error(`key ${keys.kid}: public key does not match the private seed`);
  return {
    participantId,
    kid: keys.kid,
    publicKey: keys.publicKey,
    sign: (bytes) => new Uint8Array(sign(null, bytes, privateKey)),
  };
}

const keyCache = new Map<string, KeyObject>();

/** Verify an Ed25519 signature. Never throws: a malformed key or signature is simply not valid. */
export function verifyEd25519(publicKeyB64url: string, bytes: Uint8Array, signature: Uint8Array): boolean {
  try {
    let key = keyCache.get(publicKeyB64url);
    if (!key) {
      key = publicKeyObject(publicKeyB64url);
      if (keyCache.size > 10_000) keyCache.clear();
      keyCache.set(publicKeyB64url, key);
    }
    return signature.length === 64 && verify(null, bytes, key, signature);
  } catch {
    return false;
  }
}
