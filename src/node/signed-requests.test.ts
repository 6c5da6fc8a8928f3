// Reading JSON bodies: the plain parse taken when no `__proto__` key can be in the text gives what the guarded parse
// (a reviver refusing the key) gives, and every spelling of the key is still refused.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonBody } from './signed-requests.ts';

/** The body parser as it was: every key passed through a reviver. */
function guardedParse(bytes: Uint8Array): unknown {
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  return JSON.parse(text, (key, value: unknown) => {
    if (key === '__proto__') throw new Error('a __proto__ key is not accepted');
    return value;
  });
}

type Outcome = { ok: true; value: unknown } | { ok: false; message: string };

function outcome(parse: (bytes: Uint8Array) => unknown, bytes: Uint8Array): Outcome {
  try {
    return { ok: true, value: parse(bytes) };
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
}

const utf8 = (s: string) => new TextEncoder().encode(s);

/** Spellings of `__proto__` as a JSON string's contents: plain, and with any letter written as a \u escape in either case. */
const protoSpelling = fc.array(fc.constantFrom('plain', 'lower', 'upper'), { minLength: 9, maxLength: 9 }).map((spelling) =>
  [...'__proto__']
    .map((c, i) => {
      const hex = c.charCodeAt(0).toString(16).padStart(4, '0');
      return spelling[i] === 'plain' ? c : `\\u${spelling[i] === 'upper' ? hex.toUpperCase() : hex}`;
    })
    .join(''),
);

describe('parseJsonBody', () => {
  it('gives what the guarded parse gives for any JSON text', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        const bytes = utf8(text);
        expect(outcome(parseJsonBody, bytes)).toEqual(outcome(guardedParse, bytes));
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses a __proto__ key at any depth in any spelling, as the guarded parse does', () => {
    fc.assert(
      fc.property(fc.json(), protoSpelling, fc.nat({ max: 3 }), (inner, key, depth) => {
        let text = `{"${key}":${inner}}`;
        for (let i = 0; i < depth; i++) text = i % 2 === 0 ? `[1,${text}]` : `{"a":${text}}`;
        const bytes = utf8(text);
        const fast = outcome(parseJsonBody, bytes);
        expect(fast).toEqual({ ok: false, message: 'a __proto__ key is not accepted' });
        expect(fast).toEqual(outcome(guardedParse, bytes));
      }),
      { numRuns: 1000 },
    );
  });

  it('accepts __proto__ and escapes where they are values, not keys, as the guarded parse does', () => {
    const values = ['{"note":"__proto__"}', '["\\u005f_proto__"]', '{"a":"\\u3042"}', '{"\\u4e03\\u5c3e":"\\u00e9"}', '{"__proto":1,"proto__":2}', '"\\\\u00"'];
    for (const text of values) {
      const bytes = utf8(text);
      expect(outcome(parseJsonBody, bytes)).toEqual({ ok: true, value: JSON.parse(text) });
      expect(outcome(guardedParse, bytes)).toEqual({ ok: true, value: JSON.parse(text) });
    }
  });

  it('refuses bytes that are not UTF-8 and text that is not JSON, with the same messages', () => {
    const samples = [new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]), utf8('{"purpose":'), utf8('{"a":1}x'), utf8('')];
    for (const bytes of samples) {
      const fast = outcome(parseJsonBody, bytes);
      expect(fast.ok).toBe(false);
      expect(fast).toEqual(outcome(guardedParse, bytes));
    }
  });

  it('searches a body that is a view into a larger buffer at its own bytes', () => {
    const whole = Buffer.from(`${'x'.repeat(40)}{"__proto__":1}`);
    expect(() => parseJsonBody(whole.subarray(40))).toThrow('__proto__');
  });
});
