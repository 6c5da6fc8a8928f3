import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import canonicalize from 'canonicalize';
import { canonicalBytes, canonicalJson } from './canonical-json.ts';

function fromBits(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

describe('RFC 8785 canonical JSON', () => {
  it('serialises the numbers of RFC 8785 Appendix B as ECMAScript does', () => {
    // RFC 8785 Appendix B: IEEE 754 bit patterns and their required text (NaN and Infinity have none).
    const samples: [string, string][] = [
      ['0000000000000000', '0'],
      ['8000000000000000', '0'],
      ['0000000000000001', '5e-324'],
      ['8000000000000001', '-5e-324'],
      ['7fefffffffffffff', '1.7976931348623157e+308'],
      ['ffefffffffffffff', '-1.7976931348623157e+308'],
      ['4340000000000000', '9007199254740992'],
      ['c340000000000000', '-9007199254740992'],
      ['4430000000000000', '295147905179352830000'],
      ['44b52d02c7e14af5', '9.999999999999997e+22'],
      ['44b52d02c7e14af6', '1e+23'],
      ['44b52d02c7e14af7', '1.0000000000000001e+23'],
      ['444b1ae4d6e2ef4e', '999999999999999700000'],
      ['444b1ae4d6e2ef4f', '999999999999999900000'],
      ['444b1ae4d6e2ef50', '1e+21'],
      ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
      ['3eb0c6f7a0b5ed8d', '0.000001'],
      ['41b3de4355555553', '333333333.3333332'],
      ['41b3de4355555554', '333333333.33333325'],
      ['41b3de4355555555', '333333333.3333333'],
      ['41b3de4355555556', '333333333.3333334'],
      ['41b3de4355555557', '333333333.33333343'],
      ['becbf647612f3696', '-0.0000033333333333333333'],
      ['43143ff3c1cb0959', '1424953923781206.2'],
    ];
    for (const [bits, text] of samples) expect(canonicalJson(fromBits(bits)), bits).toBe(text);
  });

  it('serialises the short numbers of the RFC examples: 4.50, 2e-3, 1E30, 1e-7, 1e-27', () => {
    expect(canonicalJson([4.5, 2e-3, 1e30, 1e-7, 0.000000000000000000000000001])).toBe('[4.5,0.002,1e+30,1e-7,1e-27]');
  });

  it('reproduces the RFC 8785 §3.2.2 example, including its UTF-8 bytes', () => {
    // RFC 8785 §3.2.2 input, parsed from its JSON text so the escapes are the RFC's own.
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",' +
        ' "literals": [null, true, false]}',
    );
    const expected = '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}';
    expect(canonicalJson(input)).toBe(expected);
    // RFC 8785 §3.2.4 gives the UTF-8 form; its first bytes spell {"literals":[null,true,false],"numbers":[3
    const hex = Buffer.from(canonicalBytes(input)).toString('hex');
    expect(hex.startsWith('7b226c69746572616c73223a5b6e756c6c2c747275652c66616c73655d2c226e756d62657273223a5b33')).toBe(true);
    // The euro sign is three bytes (e2 82 ac), the control character stays a lower-case \u000f escape.
    expect(hex).toContain('22e282ac245c7530303066');
  });

  it('sorts properties by UTF-16 code units, as in the RFC 8785 §3.2.3 example', () => {
    const input = JSON.parse(
      '{"\\u20ac": "Euro Sign", "\\r": "Carriage Return", "\\ufb33": "Hebrew Letter Dalet With Dagesh", "1": "One",' +
        ' "\\ud83d\\ude00": "Emoji: Grinning Face", "\\u0080": "Control", "\\u00f6": "Latin Small Letter O With Diaeresis"}',
    );
    expect(canonicalJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","ö":"Latin Small Letter O With Diaeresis",' +
        '"€":"Euro Sign","😀":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('matches the JCS reference test data "weird.json" (keys beyond the BMP sort by their surrogates)', () => {
    // From the JCS reference implementation's testdata (cyberphone/json-canonicalization), input/output weird.json.
    const input = JSON.parse(
      '{"\\u20ac": "Euro Sign", "1": "One", "\\u0080": "Control\\u007f", "\\ud83d\\ude02": "Smiley",' +
        ' "\\u00f6": "Latin Small Letter O With Diaeresis", "\\ufb33": "Hebrew Letter Dalet With Dagesh", "</script>": "Browser Challenge"}',
    );
    expect(canonicalJson(input)).toBe(
      '{"1":"One","</script>":"Browser Challenge","\u0080":"Control\u007f","ö":"Latin Small Letter O With Diaeresis",' +
        '"€":"Euro Sign","😂":"Smiley","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('refuses values that JSON cannot carry: NaN, Infinity, lone surrogates', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow();
    expect(() => canonicalJson({ a: Number.POSITIVE_INFINITY })).toThrow();
    expect(() => canonicalJson('\ud800')).toThrow();
  });

  it('refuses lone surrogates anywhere (RFC 8785 §3.2.2.2): in values, keys, nested, high or low, but not pairs', () => {
    for (const bad of ['\udc00', 'a\ud83d', '\ude00b', '\ud83d\ud83d', ['x', '\udfff'], { k: { deeper: ['\ud800'] } }, { '\ud800': 1 }]) {
      expect(() => canonicalJson(bad), JSON.stringify(bad)).toThrow(TypeError);
    }
    expect(canonicalJson({ '\ud83d\ude00': '\ud83d\ude00' })).toBe('{"😀":"😀"}');
  });

  it('refuses functions, BigInts, top-level undefined and circular structures', () => {
    const circular: Record<string, unknown> = { a: 1 };
    circular.self = { again: circular };
    const refused: unknown[] = [undefined, () => 1, Symbol('s'), 1n, { a: () => 1 }, [() => 1], { n: 1n }, circular];
    for (const value of refused) expect(() => canonicalJson(value)).toThrow(TypeError);
  });

  it('leaves undefined and symbol properties out of objects and writes them as null in arrays, as JSON.stringify does', () => {
    expect(canonicalJson({ b: undefined, a: [undefined, Symbol('s'), 1], c: Symbol('s') })).toBe('{"a":[null,null,1]}');
  });

  it('writes what toJSON returns, e.g. a Date as its ISO text', () => {
    expect(canonicalJson({ at: new Date('2024-01-01T07:10:00Z'), n: { toJSON: () => ({ z: 1, a: 2 }) } })).toBe(
      '{"at":"2024-01-01T07:10:00.000Z","n":{"a":2,"z":1}}',
    );
  });

  it('sorts index-like keys as text, not as numbers, and keeps an own __proto__ key', () => {
    expect(canonicalJson({ 10: 'ten', 9: 'nine', b: 'b', '!': 'bang', 1: 'one' })).toBe('{"!":"bang","1":"one","10":"ten","9":"nine","b":"b"}');
    const own = JSON.parse('{"z":1,"__proto__":{"b":2,"a":1}}') as unknown;
    expect(canonicalJson(own)).toBe('{"__proto__":{"a":1,"b":2},"z":1}');
  });

  it('writes deeply nested values (beyond where the fast path hands over) like the canonicalize package', () => {
    let deep: unknown = { leaf: [1, 'x'] };
    for (let i = 0; i < 200; i++) deep = i % 2 === 0 ? { z: deep, a: i } : [deep, i];
    expect(canonicalJson(deep)).toBe(canonicalize(deep));
  });

  it('gives the same text for any property order, and parses back to the same value (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        const reversed = JSON.parse(JSON.stringify(value), (_k, v: unknown) =>
          v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
        );
        expect(canonicalJson(reversed)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});

/** JSON-like values with the awkward parts: any key order, index-like and astral keys, -0, undefined members. */
const awkwardKey = fc.oneof(
  fc.constantFrom('a', 'b', 'id', 'A', '1', '10', '9', '01', '-1', '', '__proto__', '\u20ac', '\ud83d\ude00', '\ufb33', '\r', 'é'),
  fc.string({ unit: 'binary', maxLength: 6 }),
);
const scalar = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.constantFrom(-0, 5e-324, 1e21, 1e-7, 0.1, 9007199254740993),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 12 }),
);
const { awkward } = fc.letrec<{ awkward: unknown }>((tie) => ({
  awkward: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(fc.oneof(tie('awkward'), fc.constant(undefined)), { maxLength: 5 }),
    fc.array(fc.tuple(awkwardKey, fc.oneof(tie('awkward'), fc.constant(undefined))), { maxLength: 6 }).map((entries) => {
      const o: Record<string, unknown> = {};
      // defineProperty, so that "__proto__" becomes an own property as JSON.parse makes it.
      for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
      return o;
    }),
  ),
}));

describe('canonicalJson against the canonicalize package (oracle)', () => {
  it('gives the same text for arbitrary JSON values (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary' }), (value) => {
        expect(canonicalJson(value)).toBe(canonicalize(value));
      }),
      { numRuns: 1000 },
    );
  });

  it('gives the same text for values with any key order, index-like keys, -0 and undefined members (property)', () => {
    fc.assert(
      fc.property(awkward, (value) => {
        fc.pre(value !== undefined);
        const text = canonicalJson(value);
        expect(text).toBe(canonicalize(value));
        // Parsed back, the keys come in canonical order (bar index-like ones): the verifier's usual input.
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses exactly the strings the oracle refuses: those with a lone surrogate (property)', () => {
    const unit = fc.oneof(fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff', '\ud83d\ude00', 'a', '"', '\\'), fc.string({ maxLength: 1 }));
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 8 }), fc.boolean(), (s, asKey) => {
        const value = asKey ? { [s]: 1 } : [s];
        let expected: string | undefined;
        try {
          expected = canonicalize(value);
        } catch {
          expected = undefined;
        }
        if (expected === undefined) expect(() => canonicalJson(value)).toThrow(TypeError);
        else expect(canonicalJson(value)).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });
});
