// RFC 9530 Content-Digest with SHA-256: what binds a message's body to its signature. Made and read as an RFC 8941
// dictionary through `structured-headers`; other algorithms a sender adds are ignored.
import { createHash } from 'node:crypto';
import { serializeDictionary } from 'structured-headers';
import { bytesOf, readDictionary, type HttpBody } from './message-signature.ts';

function bodyBytes(body: HttpBody | null | undefined): Uint8Array {
  if (body === undefined || body === null) return new Uint8Array(0);
  return typeof body === 'string' ? new TextEncoder().encode(body) : body;
}

function sha256(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(createHash('sha256').update(bytes).digest());
}

/** The Content-Digest field of a body (SHA-256), e.g. `sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:`. */
export function contentDigestOf(body: HttpBody | null | undefined): string {
  return serializeDictionary({ 'sha-256': [sha256(bodyBytes(body)), new Map()] });
}

export type DigestCheck = { ok: true } | { ok: false; reason: 'malformed' | 'mismatch'; detail: string };

/** Whether a Content-Digest field carries the body's SHA-256. */
export function checkContentDigest(field: string, body: HttpBody | null | undefined): DigestCheck {
  let digest: Uint8Array | undefined;
  try {
    digest = bytesOf(readDictionary(field).get('sha-256'));
  } catch (e) {
    return { ok: false, reason: 'malformed', detail: (e instanceof Error ? e.message : String(e)).slice(0, 200) };
  }
  if (digest === undefined || digest.length !== 32) return { ok: false, reason: 'malformed', detail: 'no sha-256 digest of 32 bytes' };
  return Buffer.from(digest).equals(Buffer.from(sha256(bodyBytes(body)))) ? { ok: true } : { ok: false, reason: 'mismatch', detail: 'sha-256 differs' };
}
