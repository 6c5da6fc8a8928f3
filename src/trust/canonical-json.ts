// RFC 8785 JSON Canonicalization Scheme: the exact bytes that signatures and hashes are computed over.
import canonicalize from 'canonicalize';

/** Canonical JSON text of a value. Throws on values JSON cannot represent (undefined, functions, NaN, Infinity). */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value has no JSON representation');
  return text;
}

const encoder = new TextEncoder();

/** UTF-8 bytes of the canonical JSON text. */
export function canonicalBytes(value: unknown): Uint8Array {
  return encoder.encode(canonicalJson(value));
}
