// RFC 8785 JSON Canonicalization Scheme: the exact bytes that signatures and hashes are computed over.
// Hand-written because it runs once per record of every signed batch: numbers and strings are serialised exactly
// as ECMAScript's JSON.stringify does (which is what RFC 8785 §3.2.2 prescribes), properties sorted by UTF-16 code
// units (the default sort of JS strings, RFC 8785 §3.2.3). The `canonicalize` package is the oracle in its tests.

// RFC 8785 §3.2.2.2 forbids lone surrogates, which JSON.stringify would escape as \udXXX rather than refuse.
const isWellFormed: (s: string) => boolean =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function'
    ? (s) => (s as string & { isWellFormed(): boolean }).isWellFormed()
    : (s) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

/** Below this nesting depth no cycle check is made: a cycle nests without end, so it is caught once deeper. */
const CYCLE_CHECK_DEPTH = 64;

function quote(s: string): string {
  if (!isWellFormed(s)) throw new TypeError('a string with a lone surrogate has no RFC 8785 form');
  return JSON.stringify(s);
}

/** Canonical text of `value`, or undefined for what JSON leaves out of objects (undefined, symbols). */
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
    const keys = Object.keys(record);
    // Records parsed from canonical text already have their keys in order; checking is cheaper than sorting.
    let sorted = true;
    for (let i = 1; i < keys.length; i++) {
      if (keys[i - 1]! > keys[i]!) {
        sorted = false;
        break;
      }
    }
    if (!sorted) keys.sort();
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
  const text = serialise(value, []);
  if (text === undefined) throw new TypeError('value has no JSON representation');
  return text;
}

const encoder = new TextEncoder();

/** UTF-8 bytes of the canonical JSON text. */
export function canonicalBytes(value: unknown): Uint8Array {
  return encoder.encode(canonicalJson(value));
}
