import { describe, expect, it } from 'vitest';
import { lifelineMessages } from './messages.ts';
import { evidenceMessageCode, factorMessageCode } from './explain.ts';
import { PRIORITY_FACTOR_CODES } from './priority.ts';
import type { MatchEvidenceKind } from './types.ts';

const evidenceKinds: readonly MatchEvidenceKind[] = [
  'name-exact',
  'name-normalised',
  'name-kana',
  'name-mixed-script',
  'name-different',
  'birth-date-equal',
  'birth-date-different',
  'birth-date-missing',
  'address-equal',
  'address-same-locality',
  'address-different',
  'phone-equal',
  'phone-different',
  'sex-different',
  'area-different',
];

describe('the lifeline message catalog', () => {
  it('gives every priority factor its own sentence, filled from the factor’s parameters', () => {
    const codes = PRIORITY_FACTOR_CODES.map(factorMessageCode);
    expect(new Set(codes).size).toBe(PRIORITY_FACTOR_CODES.length);
    const params = { hours: 12, age: 90, basis: 'declaration', since: '2024-01-01T16:10:00+09:00' };
    for (const code of codes) {
      for (const lang of ['ja', 'en'] as const) {
        const text = lifelineMessages.text(code, params, lang);
        expect(text).not.toBe(code);
        expect(text).not.toContain('{{');
      }
    }
    expect(lifelineMessages.text(factorMessageCode('dialysis-overdue'), { hours: 12 }, 'en')).toContain('12 hours');
  });

  it('gives every kind of match evidence its own sentence, filled from the two values', () => {
    const codes = evidenceKinds.map(evidenceMessageCode);
    expect(new Set(codes).size).toBe(evidenceKinds.length);
    for (const code of codes) {
      const text = lifelineMessages.text(code, { a: 'A', b: 'B', weight: 1 }, 'ja');
      expect(text).not.toBe(code);
      expect(text).not.toContain('{{');
    }
  });
});
