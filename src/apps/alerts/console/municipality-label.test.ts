import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { municipalityNames } from './municipality-label.ts';

const nanao = { ja: '七尾市', en: 'Nanao City' };

describe('a municipality’s names in the alerts views', () => {
  it('shows in Japanese the names the alert gave, and the code table’s name when it gave none', () => {
    expect(municipalityNames({ names: ['七尾市', '石川県能登'], name: nanao }, 'ja')).toEqual(['七尾市', '石川県能登']);
    expect(municipalityNames({ names: [], name: nanao }, 'ja')).toEqual(['七尾市']);
  });

  it('shows in English the English name first, then only the sender’s names that say more than the Japanese one', () => {
    expect(municipalityNames({ names: ['七尾市', '石川県能登'], name: nanao }, 'en')).toEqual(['Nanao City', '石川県能登']);
    expect(municipalityNames({ names: [], name: nanao }, 'en')).toEqual(['Nanao City']);
  });

  it('falls back to the sender’s names when the tables know no English name, and shows nothing rather than a blank', () => {
    expect(municipalityNames({ names: ['泊村'], name: { ja: '泊村' } }, 'en')).toEqual(['泊村']);
    expect(municipalityNames({ names: [] }, 'en')).toEqual([]);
    expect(municipalityNames({ names: [] }, 'ja')).toEqual([]);
  });

  it('never loses a name the sender gave, in either language, except the municipality’s own Japanese name in English', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('七尾市', '石川県能登', '能登半島', '輪島市')), fc.constantFrom('ja' as const, 'en' as const), (names, lang) => {
        const shown = municipalityNames({ names, name: nanao }, lang);
        for (const n of names) if (!(lang === 'en' && n === '七尾市')) expect(shown).toContain(n);
        expect(shown.length).toBeGreaterThan(0);
      }),
    );
  });
});
