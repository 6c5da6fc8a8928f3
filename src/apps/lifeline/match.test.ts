import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hanako, sourced, variant } from '../../../test/support/lifeline-records.ts';
import {
  bandOf,
  blockKeys,
  candidatePairs,
  compareFeatures,
  confidenceOf,
  createFeatureMemo,
  DEFAULT_MATCH_WEIGHTS,
  evidenceKinds,
  logistic,
  matchFeatures,
  matchPair,
  MERGE_THRESHOLD,
  REVIEW_THRESHOLD,
  scoreFeatures,
} from './match.ts';
import type { PairMatch, PersonView } from './types.ts';

const city = (p: PersonView = hanako) => sourced('jp-172022-nanao-city', 'nanao-support-0001', p);
const clinic = (p: PersonView) => sourced('jp-172022-nanao-dialysis-clinic', 'clinic-patient-001', p);
const kindOf = (m: PairMatch, prefix: string) => m.evidence.find((e) => e.kind.startsWith(prefix))?.kind;

describe('the bands', () => {
  it('are merge from 0.95, review from 0.6, distinct below', () => {
    expect(MERGE_THRESHOLD).toBe(0.95);
    expect(REVIEW_THRESHOLD).toBe(0.6);
    expect(bandOf(0.95)).toBe('merge');
    expect(bandOf(0.9499)).toBe('review');
    expect(bandOf(0.6)).toBe('review');
    expect(bandOf(0.5999)).toBe('distinct');
  });

  it('never give merge to two records of one register', () => {
    expect(bandOf(0.999, true)).toBe('review');
    const m = matchPair(city(), sourced('jp-172022-nanao-city', 'nanao-support-0002', hanako));
    expect(m.confidence).toBeGreaterThanOrEqual(MERGE_THRESHOLD);
    expect(m.band).toBe('review');
  });
});

describe('matchPair on the spelling variants of the demo registers', () => {
  it('joins the same record written identically on two registers, with every agreement as evidence', () => {
    const m = matchPair(city(), clinic(hanako));
    expect(m.band).toBe('merge');
    expect(evidenceKinds(m)).toEqual(['name-exact', 'birth-date-equal', 'address-equal', 'phone-equal']);
  });

  it('joins an old-kanji spelling as the same normalised name', () => {
    const m = matchPair(city(), clinic(variant(hanako, { name: { full: '高橋 花子', family: '高橋', given: '花子', kana: 'タカハシ ハナコ' } })));
    expect(kindOf(m, 'name')).toBe('name-normalised');
    expect(m.band).toBe('merge');
  });

  it('joins full-width digits and an ideographic space', () => {
    const m = matchPair(
      city(),
      clinic(
        variant(hanako, {
          name: { full: '髙橋\u3000花子', family: '髙橋', given: '花子', kana: 'タカハシ ハナコ' },
          address: { ...hanako.address!, text: '石川県七尾市千野町７０－２９' },
        }),
      ),
    );
    expect(evidenceKinds(m)).toEqual(['name-normalised', 'birth-date-equal', 'address-equal', 'phone-equal']);
    expect(m.band).toBe('merge');
  });

  it('joins a given name written in katakana by its reading', () => {
    const m = matchPair(city(), clinic(variant(hanako, { name: { full: '髙橋 ハナコ', family: '髙橋', given: 'ハナコ', kana: 'タカハシ ハナコ' } })));
    expect(kindOf(m, 'name')).toBe('name-mixed-script');
    expect(m.band).toBe('merge');
  });

  it('joins a record without a birth date on name, address and phone, and says the date was missing', () => {
    const m = matchPair(city(), clinic(variant(hanako, { birthDate: undefined })));
    expect(evidenceKinds(m)).toContain('birth-date-missing');
    expect(m.band).toBe('merge');
  });

  it.each(['0767531233', '(0767) 53-1233', '0767 53 1233', '+81 767-53-1233'])('reads the phone written %s as the same number', (phone) => {
    const m = matchPair(city(), clinic(variant(hanako, { contact: { phone } })));
    expect(kindOf(m, 'phone')).toBe('phone-equal');
  });
});

describe('matchPair on different people', () => {
  it('keeps a spouse at the same address and phone apart', () => {
    const husband = variant(hanako, {
      name: { full: '髙橋 太郎', family: '髙橋', given: '太郎', kana: 'タカハシ タロウ' },
      birthDate: '1935-11-02',
      sex: 'male',
    });
    const m = matchPair(city(), clinic(husband));
    expect(m.band).toBe('distinct');
    expect(evidenceKinds(m)).toEqual(['name-different', 'birth-date-different', 'address-equal', 'phone-equal', 'sex-different']);
  });

  it('keeps namesakes in the same town apart', () => {
    const namesake = variant(hanako, {
      birthDate: '1941-06-30',
      address: { ...hanako.address!, text: '石川県七尾市千野町12-3' },
      contact: { phone: '0767-53-9999' },
    });
    const m = matchPair(city(), clinic(namesake));
    expect(m.band).toBe('distinct');
    expect(kindOf(m, 'address')).toBe('address-same-locality');
  });

  it('sends a kana given name it cannot check against a reading to review, not to merge', () => {
    const noReading = variant(hanako, { name: { full: '髙橋 花子', family: '髙橋', given: '花子' } });
    const kanaGiven = variant(hanako, { name: { full: '髙橋 ハナコ', family: '髙橋', given: 'ハナコ' }, birthDate: undefined });
    const m = matchPair(city(noReading), clinic(kanaGiven));
    expect(kindOf(m, 'name')).toBe('name-mixed-script');
    expect(m.band).toBe('review');
  });

  it('gives an equal reading with different kanji less weight than an equal written name', () => {
    const saito = variant(hanako, { name: { full: '斉藤 花子', family: '斉藤', given: '花子', kana: 'サイトウ ハナコ' } });
    const saitoOther = variant(hanako, { name: { full: '斎藤 花子', family: '斎藤', given: '花子', kana: 'サイトー ハナコ' } });
    const m = matchPair(city(saito), clinic(saitoOther));
    const name = m.evidence.find((e) => e.kind === 'name-kana');
    expect(name?.weight).toBe(DEFAULT_MATCH_WEIGHTS.nameKana);
    expect(DEFAULT_MATCH_WEIGHTS.nameKana).toBeLessThan(DEFAULT_MATCH_WEIGHTS.nameNormalised);
  });
});

describe('the score', () => {
  const personArb: fc.Arbitrary<PersonView> = fc.record({
    name: fc.constantFrom(hanako.name!, { full: '高橋 ハナコ', family: '高橋', given: 'ハナコ' }, { full: '渡辺 一郎', kana: 'ワタナベ イチロウ' }),
    birthDate: fc.option(fc.constantFrom('1938-03-07', '1940-01-01'), { nil: undefined, freq: 2 }),
    sex: fc.constantFrom('female' as const, 'male' as const, 'unknown' as const),
    address: fc.constantFrom(hanako.address!, { text: '石川県七尾市千野町12-3' }, { text: '七尾市三島町1' }),
    contact: fc.option(fc.constantFrom({ phone: '0767-53-1233' }, { phone: '090-1111-2222' }), { nil: undefined, freq: 2 }),
  });

  it('is the logistic of the prior plus the evidence weights', () => {
    fc.assert(
      fc.property(personArb, personArb, (a, b) => {
        const m = matchPair(city(a), clinic(b));
        const sum = m.evidence.reduce((s, e) => s + e.weight, DEFAULT_MATCH_WEIGHTS.prior);
        return Math.abs(m.confidence - logistic(sum)) <= 5e-7;
      }),
    );
  });

  it('does not depend on the order the two records are given in', () => {
    fc.assert(fc.property(personArb, personArb, (a, b) => JSON.stringify(matchPair(city(a), clinic(b))) === JSON.stringify(matchPair(clinic(b), city(a)))));
  });
});

describe('blocking', () => {
  it('puts the variants of one person in a shared block', () => {
    const keys = (p: PersonView) => new Set(blockKeys(matchFeatures(city(p))));
    const reference = keys(hanako);
    const variants: PersonView[] = [
      variant(hanako, { name: { full: '高橋 ハナコ', family: '高橋', given: 'ハナコ', kana: 'タカハシ ハナコ' }, birthDate: undefined }),
      variant(hanako, { contact: undefined, birthDate: undefined }),
      variant(hanako, { name: { full: '高橋　花子' }, contact: { phone: '(0767) 53-1233' } }),
    ];
    for (const v of variants) expect([...keys(v)].some((k) => reference.has(k))).toBe(true);
  });

  it('compares only pairs that share a block, far fewer than all pairs', () => {
    const families = ['山田', '北村', '坂本', '池田', '西田', '大森', '中島', '谷内'];
    const localities = ['千野町', '三島町', '府中町', '藤野町', '石崎町', '和倉町', '小島町', '桜町', '殿町', '庵町'];
    const people = Array.from({ length: 400 }, (_, i) =>
      matchFeatures(
        sourced(`node-${i % 3}`, `r${i}`, {
          name: { full: `${families[i % families.length]} 花子${i}` },
          birthDate: `${1920 + (i % 60)}-01-01`,
          address: { text: `石川県七尾市${localities[i % localities.length]}${i}-1` },
          contact: { phone: `0767-50-${String(i).padStart(4, '0')}` },
        }),
      ),
    );
    const { pairs } = candidatePairs(people);
    expect(pairs.length).toBeLessThan((400 * 399) / 2 / 20);
    for (const [i, j] of pairs) {
      const a = new Set(blockKeys(people[i]!));
      expect(blockKeys(people[j]!).some((k) => a.has(k))).toBe(true);
      expect(i).toBeLessThan(j);
    }
  });

  it('compares a block larger than the cap only between neighbours in sorted order, and says so', () => {
    // A care home's phone: twelve residents, two of them the same person written on two registers.
    const residents = Array.from({ length: 12 }, (_, i) =>
      matchFeatures(sourced(`n${i % 2}`, `r${String(i).padStart(2, '0')}`, { name: { full: `名${i}`, kana: `ナ${'イ'.repeat(i)}` }, birthDate: `19${30 + i}-01-01`, contact: { phone: '0767-00-0000' } })),
    );
    const twin = matchFeatures(sourced('n9', 'r99', { name: { full: '名5', kana: `ナ${'イ'.repeat(5)}` }, birthDate: '1935-01-01', contact: { phone: '0767-00-0000' } }));
    const shared = [...residents, twin];
    const capped = candidatePairs(shared, 4, 2);
    expect(capped.oversizedBlocks).toEqual(['ph:0767000000']);
    // Two orders, each record with its next two: at most 2·2·13 pairs instead of 78.
    expect(capped.pairs.length).toBeLessThanOrEqual(2 * 2 * shared.length);
    expect(capped.pairs.length).toBeGreaterThan(0);
    expect(capped.pairs).toContainEqual([5, 12]);
    expect(candidatePairs(shared, 13).pairs).toHaveLength((13 * 12) / 2);
    expect(candidatePairs(shared, 13).oversizedBlocks).toEqual([]);
  });

  it('lists each pair once, in ascending order, however many blocks it shares', () => {
    const a = matchFeatures(city());
    const b = matchFeatures(clinic(hanako));
    const { pairs, blocks } = candidatePairs([a, b]);
    expect(pairs).toEqual([[0, 1]]);
    expect(blocks).toBe(new Set([...blockKeys(a), ...blockKeys(b)]).size);
  });
});

describe('blocking against the score', () => {
  const families = [
    { kanji: '高橋', old: '髙橋', kana: 'タカハシ' },
    { kanji: '斎藤', old: '齋藤', kana: 'サイトウ' },
    { kanji: '斉藤', old: '齊藤', kana: 'サイトウ' },
  ];
  const givens = [
    { kanji: '花子', kana: 'ハナコ' },
    { kanji: '華子', kana: 'ハナコ' },
    { kanji: '太郎', kana: 'タロウ' },
  ];
  const person = fc.record({
    family: fc.constantFrom(...families),
    given: fc.constantFrom(...givens),
    script: fc.constantFrom('kanji', 'old', 'given-kana', 'all-kana', 'no-space', 'none'),
    withKana: fc.boolean(),
    birthDate: fc.option(fc.constantFrom('1938-04-12', '1938-04-13'), { nil: undefined, freq: 2 }),
    sex: fc.constantFrom('female', 'male', 'unknown', undefined),
    address: fc.option(fc.constantFrom('石川県七尾市千野町70-29', '石川県七尾市千野町', '石川県七尾市千野町70-30', '石川県七尾市府中町1-1', '七尾市'), { nil: undefined, freq: 2 }),
    phone: fc.option(fc.constantFrom('0767-53-1233', '0767-53-9999'), { nil: undefined, freq: 2 }),
    areaCode: fc.option(fc.constantFrom('172022', '172031'), { nil: undefined, freq: 2 }),
    node: fc.constantFrom('a', 'b'),
  });
  const viewOf = (g: typeof person extends fc.Arbitrary<infer T> ? T : never): PersonView => {
    const family = g.script === 'old' ? g.family.old : g.script === 'all-kana' ? g.family.kana : g.family.kanji;
    const given = g.script === 'given-kana' || g.script === 'all-kana' ? g.given.kana : g.given.kanji;
    const name =
      g.script === 'none'
        ? undefined
        : g.script === 'no-space'
          ? { full: `${family}${given}` }
          : { full: `${family} ${given}`, ...(g.withKana ? { kana: `${g.family.kana} ${g.given.kana}` } : {}) };
    return {
      ...(name !== undefined ? { name } : {}),
      ...(g.birthDate !== undefined ? { birthDate: g.birthDate } : {}),
      ...(g.sex !== undefined ? { sex: g.sex as PersonView['sex'] } : {}),
      ...(g.address !== undefined ? { address: { text: g.address } } : {}),
      ...(g.phone !== undefined ? { contact: { phone: g.phone } } : {}),
      ...(g.areaCode !== undefined ? { areaCode: g.areaCode as PersonView['areaCode'] } : {}),
    };
  };

  it('puts every pair the default weights would not call distinct into a shared block', () => {
    fc.assert(
      fc.property(person, person, (x, y) => {
        const a = matchFeatures(sourced(`node-${x.node}`, 'r1', viewOf(x)));
        const b = matchFeatures(sourced(`node-${y.node}`, 'r2', viewOf(y)));
        const m = compareFeatures(a, b);
        if (m.band === 'distinct') return true;
        const keys = new Set(blockKeys(a));
        return blockKeys(b).some((k) => keys.has(k));
      }),
      { numRuns: 3000 },
    );
  });

  it('scores a pair without its evidence to the same number compareFeatures gives', () => {
    fc.assert(
      fc.property(person, person, (x, y) => {
        const a = matchFeatures(sourced(`node-${x.node}`, 'r1', viewOf(x)));
        const b = matchFeatures(sourced(`node-${y.node}`, 'r2', viewOf(y)));
        const m = compareFeatures(a, b);
        expect(confidenceOf(scoreFeatures(a, b))).toBe(m.confidence);
        expect(scoreFeatures(b, a)).toBe(m.evidence.reduce((sum, e) => sum + e.weight, DEFAULT_MATCH_WEIGHTS.prior));
      }),
      { numRuns: 1000 },
    );
  });

  it('computes the same features through the memo as without it', () => {
    const memo = createFeatureMemo();
    fc.assert(
      fc.property(person, (x) => {
        const record = sourced(`node-${x.node}`, 'r1', viewOf(x));
        expect(matchFeatures(record, memo)).toEqual(matchFeatures(record));
      }),
      { numRuns: 300 },
    );
  });
});
