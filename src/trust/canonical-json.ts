// RFC 8785 JSON Canonicalization Scheme: the exact bytes that signatures and hashes are computed over.
// Hand-written because it runs once per record of every signed batch. Numbers and strings are serialised exactly
// as ECMAScript's JSON.stringify does, which is what RFC 8785 §3.2.2 prescribes; properties are sorted by UTF-16
// code units (RFC 8785 §3.2.3), the default order of JS strings. The `canonicalize` package is the tests' oracle.
//
// Fast path: check the value (finite numbers, well-formed strings, nothing JSON cannot carry) and give objects
// whose keys are out of order a sorted copy, then let the native JSON.stringify write the text. Values received as
// canonical JSON and parsed are already in order, so verifying them copies nothing. Whatever the fast path cannot
// vouch for (toJSON, index-like keys out of order, deep nesting) is written by the slower serialiser below it.

/**
 * Whether a string has no lone surrogate, i.e. is valid Unicode. RFC 8785 §3.2.2.2 forbids lone surrogates, which
 * JSON.stringify would escape as \udXXX rather than refuse, and UTF-8 would silently turn into U+FFFD.
 */
export const isWellFormed: (s: string) => boolean =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function'
    ? (s) => (s as string & { isWellFormed(): boolean }).isWellFormed()
    : (s) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

/** Thrown inside the fast path for a value it leaves to the full serialiser; never escapes this module. */
const FULL_SERIALISER = Symbol('full serialiser');

/** Below this depth the fast path needs no cycle check; anything deeper goes to the full serialiser. */
const FAST_PATH_DEPTH = 64;

function isIndexLike(key: string): boolean {
  const c = key.charCodeAt(0);
  return c >= 48 && c <= 57;
}

/** `value` itself when JSON.stringify writes it canonically, else a copy with sorted keys; throws what JSON refuses. */
function ready(value: unknown, depth: number): unknown {
  switch (typeof value) {
    case 'string':
      if (!isWellFormed(value)) throw new TypeError('a string with a lone surrogate has no RFC 8785 form');
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${value} has no JSON representation`);
      return value;
    case 'boolean':
    case 'undefined':
    case 'symbol':
      return value;
    case 'object':
      if (value === null) return null;
      if (depth >= FAST_PATH_DEPTH || typeof (value as { toJSON?: unknown }).toJSON === 'function') throw FULL_SERIALISER;
      return Array.isArray(value) ? readyArray(value, depth + 1) : readyObject(value as Record<string, unknown>, depth + 1);
    default:
      throw new TypeError(`a ${typeof value} has no JSON representation`);
  }
}

function readyArray(array: readonly unknown[], depth: number): readonly unknown[] {
  let copy: unknown[] | undefined;
  for (let i = 0; i < array.length; i++) {
    const item = array[i];
    const r = ready(item, depth);
    if (r !== item) (copy ??= array.slice())[i] = r;
  }
  return copy ?? array;
}

function readyObject(record: Record<string, unknown>, depth: number): Record<string, unknown> {
  const keys = Object.keys(record);
  let sorted = true;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (!isWellFormed(key)) throw new TypeError('a string with a lone surrogate has no RFC 8785 form');
    if (i > 0 && keys[i - 1]! > key) sorted = false;
    // Assigning it to a copy would set the copy's prototype instead of a property.
    if (key === '__proto__') throw FULL_SERIALISER;
  }
  let copy: Record<string, unknown> | undefined;
  if (!sorted) {
    // A copy enumerates array-index keys first whatever the insertion order, so it cannot fix those.
    for (const key of keys) if (isIndexLike(key)) throw FULL_SERIALISER;
    keys.sort();
    copy = {};
  }
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const item = record[key];
    const r = ready(item, depth);
    if (copy) copy[key] = r;
    else if (r !== item) {
      copy = {};
      for (let j = 0; j < i; j++) copy[keys[j]!] = record[keys[j]!];
      copy[key] = r;
    }
  }
  return copy ?? record;
}

/** Below this nesting depth no cycle check is made: a cycle nests without end, so it is caught once deeper. */
const CYCLE_CHECK_DEPTH = 64;

function quote(s: string): string {
  if (!isWellFormed(s)) throw new TypeError('a string with a lone surrogate has no RFC 8785 form');
  return JSON.stringify(s);
}

/** The full serialiser: canonical text of `value`, or undefined for what JSON leaves out of objects. */
function serialise(value: unknown, ancestors: object[]): string | undefined {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${value} has no JSON representation`);
      // ECMAScript Number::toString, as RFC 8785 §3.2.2.3 requires; -0 becomes "0" as it should.
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
    case 'symbol':
      return undefined;
    case 'object':
      if (value === null) return 'null';
      return serialiseObject(value, ancestors);
    default:
      // Functions and BigInts: JSON has no form for them, and silently dropping one would sign something else.
      throw new TypeError(`a ${typeof value} has no JSON representation`);
  }
}

function serialiseObject(value: object, ancestors: object[]): string {
  if (ancestors.length >= CYCLE_CHECK_DEPTH && ancestors.includes(value)) throw new TypeError('a circular structure has no JSON representation');
  ancestors.push(value);
  let out: string;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    const replaced = serialise(toJSON.call(value), ancestors);
    if (replaced === undefined) throw new TypeError('toJSON returned a value with no JSON representation');
    out = replaced;
  } else if (Array.isArray(value)) {
    out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += serialise(value[i], ancestors) ?? 'null';
    }
    out += ']';
  } else {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    out = '{';
    let first = true;
    for (const key of keys) {
      const text = serialise(record[key], ancestors);
      if (text === undefined) continue;
      out += first ? `${quote(key)}:${text}` : `,${quote(key)}:${text}`;
      first = false;
    }
    out += '}';
  }
  ancestors.pop();
  return out;
}

/**
 * Canonical JSON text of a value. Throws a TypeError for values JSON cannot represent: undefined, functions,
 * symbols and BigInts (at the top, or anywhere for functions and BigInts), NaN, Infinity, strings with a lone
 * surrogate, circular structures. Inside objects, undefined and symbol properties are left out; inside arrays they
 * become null, as with JSON.stringify.
 */
export function canonicalJson(value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(ready(value, 0));
  } catch (e) {
    if (e !== FULL_SERIALISER) throw e;
    text = serialise(value, []);
  }
  if (text === undefined) throw new TypeError('value has no JSON representation');
  return text;
}

const encoder = new TextEncoder();

/** UTF-8 bytes of the canonical JSON text. */
export function canonicalBytes(value: unknown): Uint8Array {
  return encoder.encode(canonicalJson(value));
}
