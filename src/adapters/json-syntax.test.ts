import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstSyntaxError, lineAndColumn, parseJsonLocated } from './json-syntax.ts';

describe('parseJsonLocated', () => {
  it('returns the value of valid JSON', () => {
    expect(parseJsonLocated('{"type":"FeatureCollection","features":[]}')).toEqual({ ok: true, value: { type: 'FeatureCollection', features: [] } });
  });

  it('points at a trailing comma by line and column', () => {
    const text = '{\n  "type": "FeatureCollection",\n  "features": [1, 2,]\n}';
    expect(parseJsonLocated(text)).toEqual({ ok: false, position: text.indexOf(']'), line: 3, column: 21, found: ']' });
  });

  it('points at a misspelt literal, an unquoted key and a bad escape', () => {
    expect(parseJsonLocated('{"a": tru}')).toMatchObject({ ok: false, position: 6, found: 't' });
    expect(parseJsonLocated('{a: 1}')).toMatchObject({ ok: false, position: 1, found: 'a' });
    expect(parseJsonLocated('["\\x"]')).toMatchObject({ ok: false, position: 3, found: 'x' });
  });

  it('reports the end of the text when a file is cut short', () => {
    const text = '{"type": "FeatureCollection", "features": [';
    expect(parseJsonLocated(text)).toMatchObject({ ok: false, position: text.length, found: undefined });
  });

  it('does not overflow the stack on deeply nested input', () => {
    const text = '['.repeat(200_000);
    expect(parseJsonLocated(text)).toMatchObject({ ok: false, position: 200_000 });
  });
});

describe('firstSyntaxError', () => {
  it('finds no error in anything JSON.stringify writes', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.boolean(), (v, pretty) => {
      expect(firstSyntaxError(JSON.stringify(v, null, pretty ? 2 : undefined))).toBe(-1);
    }));
  });

  it('agrees with JSON.parse on whether arbitrary text is JSON', () => {
    const jsonish = fc.array(fc.constantFrom('{', '}', '[', ']', ',', ':', '"', '\\', 'a', '1', '-', '.', 'e', ' ', '\n', 'true', 'null', '"k"', 'u0041'), { maxLength: 20 }).map((p) => p.join(''));
    fc.assert(
      fc.property(fc.oneof(jsonish, fc.string()), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        expect(firstSyntaxError(text) === -1, text).toBe(valid);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('lineAndColumn', () => {
  it('counts lines after each line feed and columns from 1', () => {
    expect(lineAndColumn('ab\r\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn('ab\r\ncd', 5)).toEqual({ line: 2, column: 2 });
  });
});
