import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { areaLabel, namedPlace, placeLabel, placeNames, textIn } from './place-labels.ts';

describe('area labels', () => {
  // As GET /operator/logistics/needs sends them (areaNames, from the bundled code tables).
  const names = { '172022': { ja: '七尾市' }, PH0803747: { en: 'City of Tacloban' } };

  it('names an area code, keeping the code', () => {
    expect(areaLabel('172022', names, 'ja')).toEqual({ text: '七尾市', id: '172022', named: true });
    expect(areaLabel('PH0803747', names, 'en')).toEqual({ text: 'City of Tacloban', id: 'PH0803747', named: true });
  });

  it('shows a name in the language the table carries when the reader’s is missing', () => {
    expect(areaLabel('172022', names, 'en').text).toBe('七尾市');
    expect(areaLabel('PH0803747', names, 'ja').text).toBe('City of Tacloban');
  });

  it('shows an unknown code as the code itself', () => {
    expect(areaLabel('179999', names, 'ja')).toEqual({ text: '179999', id: '179999', named: false });
    expect(areaLabel('toString', names, 'en')).toEqual({ text: 'toString', id: 'toString', named: false });
  });

  it('never gives an empty label, whatever the code (area codes are never blank: the schema refuses them)', () => {
    const code = fc.oneof(fc.constantFrom('172022', 'PH0803747'), fc.string({ minLength: 1, maxLength: 12 }).filter((c) => c.trim() !== ''));
    fc.assert(
      fc.property(code, fc.constantFrom('ja' as const, 'en' as const), (code, lang) => {
        const l = areaLabel(code, names, lang);
        expect(l.text.trim()).not.toBe('');
        expect(l.id).toBe(code);
        if (!l.named) expect(l.text).toBe(code);
      }),
    );
  });
});

describe('place labels', () => {
  const places = [
    { node: 'jp-170003-ishikawa-pref', place: { type: 'facility' as const, id: 'depot-kanazawa' }, name: { ja: '石川県 防災備蓄倉庫（金沢）', en: 'Ishikawa Prefecture disaster stockpile (Kanazawa)' } },
    { node: 'jp-172022-nanao', place: { type: 'shelter' as const, id: '172022-CC0000000537' }, name: { ja: '七尾市立東湊小学校' } },
    { node: 'jp-172022-nanao', place: { type: 'shelter' as const, id: 'machino-test-shelter' } },
  ];
  const names = placeNames(places);

  it('labels a depot by its name in the reader’s language, the id kept beside it', () => {
    expect(placeLabel(names, 'jp-170003-ishikawa-pref', places[0]!.place, 'ja')).toEqual({ text: '石川県 防災備蓄倉庫（金沢）', id: 'depot-kanazawa', named: true });
    expect(placeLabel(names, 'jp-170003-ishikawa-pref', places[0]!.place, 'en').text).toBe('Ishikawa Prefecture disaster stockpile (Kanazawa)');
  });

  it('falls back to the language the record carries when the reader’s is missing', () => {
    expect(placeLabel(names, 'jp-172022-nanao', places[1]!.place, 'en').text).toBe('七尾市立東湊小学校');
  });

  it('shows the id of a place without a known name, never an empty label', () => {
    expect(placeLabel(names, 'jp-172022-nanao', places[2]!.place, 'ja')).toEqual({ text: 'machino-test-shelter', id: 'machino-test-shelter', named: false });
    expect(namedPlace({ type: 'shelter', id: 's-1' }, { ja: '   ' }, 'ja')).toEqual({ text: 's-1', id: 's-1', named: false });
  });

  it('tells apart the same id held by two nodes', () => {
    expect(placeLabel(names, 'jp-172049-wajima', places[1]!.place, 'ja').named).toBe(false);
  });

  it('keeps a name that is only the id as unnamed, so the id is not said twice', () => {
    expect(namedPlace({ type: 'facility', id: 'depot-1' }, { en: 'depot-1' }, 'en')).toEqual({ text: 'depot-1', id: 'depot-1', named: false });
    expect(namedPlace({ type: 'facility', id: 'depot-1' }, { en: 'Depot one' }, 'en')).toEqual({ text: 'Depot one', id: 'depot-1', named: true });
  });

  it('reads a name in the reader’s language, then Japanese, then English', () => {
    expect(textIn({ ja: '七尾', en: 'Nanao' }, 'en')).toBe('Nanao');
    expect(textIn({ en: 'Nanao' }, 'ja')).toBe('Nanao');
    expect(textIn(undefined, 'ja')).toBeUndefined();
  });
});
