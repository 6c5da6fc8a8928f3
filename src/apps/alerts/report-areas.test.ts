import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jpLocalGovernmentCheckDigit } from '../../model/index.ts';
import { namedAreas } from '../../model/area-names.ts';
import { reportAreaChoices, reportAreaProblems } from './report-areas.ts';

const validCode = (five: string) => `${five}${jpLocalGovernmentCheckDigit(five)}`;

describe('the areas a situation report may be drafted for', () => {
  it("lists a prefecture's municipalities by name after the whole prefecture", () => {
    const choices = reportAreaChoices(['170003']);
    expect(choices[0]).toEqual({ code: '170003', name: { ja: '石川県', en: 'Ishikawa Prefecture' }, whole: true });
    expect(choices).toContainEqual({ code: '172022', name: { ja: '七尾市', en: 'Nanao City' } });
    expect(choices).toContainEqual({ code: '172049', name: { ja: '輪島市', en: 'Wajima City' } });
    expect(choices.every((c) => c.code === '170003' || c.code.startsWith('17'))).toBe(true);
  });

  it('lists a designated city with its wards, each ward after its city', () => {
    const choices = reportAreaChoices(['140003']);
    const yokohama = choices.findIndex((c) => c.code === '141003');
    const tsurumi = choices.findIndex((c) => c.code === '141011');
    expect(choices[yokohama]).toEqual({ code: '141003', name: { ja: '横浜市', en: 'Yokohama City' } });
    expect(choices[tsurumi]).toEqual({ code: '141011', name: { ja: '横浜市鶴見区', en: 'Tsurumi Ward, Yokohama City' }, city: '141003' });
    expect(tsurumi).toBeGreaterThan(yokohama);
    // A city's own jurisdiction: the city and its wards, nothing else.
    expect(reportAreaChoices(['141003']).every((c) => c.code === '141003' || c.city === '141003')).toBe(true);
  });

  it('lists a municipality alone, and the demo P-codes inside a P-code jurisdiction', () => {
    expect(reportAreaChoices(['172022'])).toEqual([{ code: '172022', name: { ja: '七尾市', en: 'Nanao City' }, whole: true }]);
    const ph = reportAreaChoices(['PH08']);
    expect(ph.length).toBeGreaterThan(1);
    expect(ph.every((c) => c.code.startsWith('PH08') && c.name.en !== undefined)).toBe(true);
  });
});

describe('the areas a report request names', () => {
  it('accepts the jurisdiction and what lies inside it', () => {
    expect(reportAreaProblems(['170003', '172022', '172049'], ['170003'])).toEqual([]);
    expect(reportAreaProblems(['141011'], ['141003'])).toEqual([]);
    expect(reportAreaProblems(['172022'], ['JP'])).toEqual([]);
  });

  it('names each area outside the jurisdiction and each code no table knows, by its place in the list', () => {
    const unknown = validCode('17299');
    expect(reportAreaProblems(['172022', '172049', unknown, '141011'], ['172022'])).toEqual([
      { index: 1, code: '172049', kind: 'outside' },
      { index: 2, code: unknown, kind: 'unknown' },
      { index: 3, code: '141011', kind: 'outside' },
    ]);
    // A wider area than the jurisdiction is outside it too.
    expect(reportAreaProblems(['170003'], ['172022'])).toEqual([{ index: 0, code: '170003', kind: 'outside' }]);
  });

  it('agrees with the choices it offers: every choice is accepted, and every named code outside them is not', () => {
    const known = [...namedAreas().keys()].filter((c) => /^\d{6}$/.test(c));
    const jurisdictions = ['170003', '172022', '141003', '130001', '011002'];
    fc.assert(
      fc.property(fc.constantFrom(...jurisdictions), fc.array(fc.constantFrom(...known), { maxLength: 20 }), (j, codes) => {
        const offered = new Set(reportAreaChoices([j]).map((c) => c.code));
        const problems = reportAreaProblems(codes, [j]);
        expect(problems.map((p) => p.index)).toEqual(codes.flatMap((c, i) => (offered.has(c) ? [] : [i])));
        expect(problems.every((p) => p.kind === 'outside')).toBe(true);
      }),
    );
  });
});
