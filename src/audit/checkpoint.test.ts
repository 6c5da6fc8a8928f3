import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../trust/canonical-json.ts';
import { createSigner, generateKeyPair, verifyEd25519 } from '../trust/keys.ts';
import { CHECKPOINT_SIGNING_CONTEXT, checkpointSignatureProblem, checkpointSigningBytes, signCheckpoint } from './checkpoint.ts';

const signer = createSigner('jp-172022-nanao-city', generateKeyPair('k1'));
const keys = [{ kid: 'k1', publicKey: signer.publicKey }];
const head = { seq: 42, hash: 'b'.repeat(64) };

describe('signCheckpoint', () => {
  it('signs the canonical JSON of the checkpoint fields with a context that never appears in the stored checkpoint', () => {
    const cp = signCheckpoint(signer, head, '2025-01-01T00:00:00.000Z');
    expect(cp).toMatchObject({ seq: 42, hash: head.hash, node: 'jp-172022-nanao-city', kid: 'k1' });
    expect(cp).not.toHaveProperty('context');
    const text = canonicalJson({ context: CHECKPOINT_SIGNING_CONTEXT, hash: cp.hash, kid: 'k1', node: cp.node, seq: 42, time: cp.time });
    expect(new TextDecoder().decode(checkpointSigningBytes(cp))).toBe(text);
    expect(verifyEd25519(signer.publicKey, new TextEncoder().encode(text), Buffer.from(cp.signature, 'base64url'))).toBe(true);
    expect(checkpointSignatureProblem(cp, keys)).toBeUndefined();
  });

  it('is not valid without the context: a signature over the bare fields does not pass as a checkpoint', () => {
    const cp = signCheckpoint(signer, head, '2025-01-01T00:00:00.000Z');
    const bare = { seq: cp.seq, hash: cp.hash, time: cp.time, node: cp.node, kid: cp.kid };
    const signature = Buffer.from(signer.sign(new TextEncoder().encode(canonicalJson(bare)))).toString('base64url');
    expect(checkpointSignatureProblem({ ...bare, signature }, keys)).toMatchObject({ kind: 'checkpoint-signature-invalid' });
  });
});

describe('checkpointSignatureProblem', () => {
  const cp = signCheckpoint(signer, head, '2025-01-01T00:00:00.000Z');

  it('refuses a signature spelled differently in its unused last bits', () => {
    // 64 bytes in base64url: the last character carries 2 bits and 4 unused ones, so it is one of A, Q, g, w and
    // the next letter decodes to the same bytes.
    const last = cp.signature.at(-1)!;
    expect('AQgw').toContain(last);
    const respelled = cp.signature.slice(0, -1) + String.fromCharCode(last.charCodeAt(0) + 1);
    expect(Buffer.from(respelled, 'base64url').equals(Buffer.from(cp.signature, 'base64url'))).toBe(true);
    expect(checkpointSignatureProblem({ ...cp, signature: respelled }, keys)).toMatchObject({ kind: 'checkpoint-signature-invalid' });
  });

  it('names an unknown key, another node, and a key used outside its validity', () => {
    expect(checkpointSignatureProblem(cp, [])).toEqual({ kind: 'checkpoint-key-unknown', params: { kid: 'k1' } });
    expect(checkpointSignatureProblem(cp, keys, 'jp-172049-wajima-city')).toMatchObject({ kind: 'checkpoint-node-mismatch' });
    expect(checkpointSignatureProblem(cp, [{ ...keys[0]!, validFrom: '2025-06-01T00:00:00Z' }])).toMatchObject({ kind: 'checkpoint-key-not-valid' });
  });
});
