import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { demoSources } from '../../../test/support/lifeline-demo.ts';
import { listHolders } from '../../demo/synthetic-persons.ts';
import { compareAddresses, kanjiNumeralValue, municipalityKey, normaliseAddress } from './address.ts';

const nanao = { prefecture: '石川県', municipality: '七尾市' };

describe('kanjiNumeralValue', () => {
  it.each([
    ['一', 1],
    ['十', 10],
    ['十一', 11],
    ['二十', 20],
    ['七十', 70],
    ['二十九', 29],
    ['百', 100],
    ['三百五', 305],
    ['千二百三十四', 1234],
    ['二〇二', 202],
    ['〇', 0],
    ['弐拾', 20],
  ])('reads %s as %d', (text, value) => {
    expect(kanjiNumeralValue(text)).toBe(value);
  });

  it('refuses what is not a numeral', () => {
    expect(kanjiNumeralValue('')).toBeUndefined();
    expect(kanjiNumeralValue('三島')).toBeUndefined();
    expect(kanjiNumeralValue('二三十')).toBeUndefined();
  });

  it('reads every number below ten thousand written with units back as itself', () => {
    const digits = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    const write = (n: number): string => {
      const parts: string[] = [];
      for (const [unit, size] of [['千', 1000], ['百', 100], ['十', 10]] as const) {
        const d = Math.floor(n / size) % 10;
        if (d > 0) parts.push((d === 1 ? '' : digits[d]!) + unit);
      }
      if (n % 10 > 0) parts.push(digits[n % 10]!);
      return parts.join('');
    };
    fc.assert(fc.property(fc.integer({ min: 1, max: 9999 }), (n) => kanjiNumeralValue(write(n)) === n));
  });
});

describe('normaliseAddress', () => {
  it.each([
    ['石川県七尾市千野町70-29', { locality: '千野町', numbers: '70-29' }],
    ['石川県七尾市千野町７０－２９', { locality: '千野町', numbers: '70-29' }],
    ['七尾市千野町七十番地の二十九', { locality: '千野町', numbers: '70-29' }],
    ['千野町 70番29号', { locality: '千野町', numbers: '70-29' }],
    ['石川県七尾市三島町5‐2', { locality: '三島町', numbers: '5-2' }],
    ['石川県七尾市一本杉町一丁目二番三号', { locality: '一本杉町', numbers: '1-2-3' }],
    ['石川県七尾市上野ヶ丘町31-10', { locality: '上野ケ丘町', numbers: '31-10' }],
    ['石川県七尾市上野が丘町31ー10', { locality: '上野ケ丘町', numbers: '31-10' }],
    ['石川県七尾市大字万行町字上野12', { locality: '万行町上野', numbers: '12' }],
    ['石川県七尾市一の宮町1-2', { locality: '一の宮町', numbers: '1-2' }],
    ['石川県七尾市千野町70-29 ハイツ千野2階', { locality: '千野町', numbers: '70-29' }],
    ['石川県七尾市千野町', { locality: '千野町', numbers: '' }],
    ['〒926-0811 石川県七尾市千野町70−029', { locality: '千野町', numbers: '70-29' }],
    ['石川県七尾市千野町センター前70ー29', { locality: '千野町センター前', numbers: '70-29' }],
  ])('reads %s', (text, expected) => {
    expect(normaliseAddress(text, nanao)).toEqual(expected);
  });

  it('removes a prefecture it is not told about, but a municipality only when told', () => {
    expect(normaliseAddress('石川県輪島市鳳至町44-23')).toEqual({ locality: '輪島市鳳至町', numbers: '44-23' });
    expect(normaliseAddress('石川県輪島市鳳至町44-23', { municipality: '輪島市' })).toEqual({ locality: '鳳至町', numbers: '44-23' });
  });

  it('reads an address with or without its 郡 the same, and leaves a 郡 inside a city name alone', () => {
    const anamizu = { locality: '大町', numbers: '1-2' };
    expect(normaliseAddress('石川県鳳珠郡穴水町字大町1-2', { municipality: '穴水町' })).toEqual(anamizu);
    expect(normaliseAddress('石川県穴水町大町1-2', { municipality: '鳳珠郡穴水町' })).toEqual(anamizu);
    expect(normaliseAddress('鳳珠郡穴水町大町1-2')).toEqual(normaliseAddress('穴水町大町1-2'));
    expect(municipalityKey('鳳珠郡穴水町')).toBe('穴水町');
    expect(normaliseAddress('奈良県大和郡山市北郡山町1')).toEqual({ locality: '大和郡山市北郡山町', numbers: '1' });
    expect(municipalityKey('大和郡山市')).toBe('大和郡山市');
  });

  it('folds old kanji in place names', () => {
    expect(normaliseAddress('石川県七尾市櫻町3-4', nanao)).toEqual(normaliseAddress('石川県七尾市桜町3-4', nanao));
  });

  it('is insensitive to spaces and to the width of digits and dashes', () => {
    const toFullWidth = (s: string) => s.replace(/[0-9-]/g, (c) => (c === '-' ? '－' : String.fromCharCode(c.charCodeAt(0) + 0xfee0)));
    fc.assert(
      fc.property(
        fc.constantFrom('千野町', '三島町', '上野ヶ丘町', '能登島向田町', '鳳至町'),
        fc.integer({ min: 1, max: 999 }),
        fc.integer({ min: 1, max: 99 }),
        fc.constantFrom('', ' ', '\u3000'),
        (locality, lot, sub, space) => {
          const plain = normaliseAddress(`石川県七尾市${locality}${lot}-${sub}`, nanao);
          const written = normaliseAddress(`石川県${space}七尾市${space}${locality}${space}${toFullWidth(`${lot}-${sub}`)}`, nanao);
          return plain.numbers === `${lot}-${sub}` && plain.locality === written.locality && plain.numbers === written.numbers;
        },
      ),
    );
  });

  it('reads kanji numbers as the arabic ones they stand for', () => {
    const kanji = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 99 }), (lot, sub) => {
        const positional = (n: number) => [...String(n)].map((d) => kanji[Number(d)]!).join('');
        return normaliseAddress(`千野町${positional(lot)}番地の${positional(sub)}`).numbers === `${lot}-${sub}`;
      }),
    );
  });

  it('is idempotent on the locality it returns', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'石川県七尾市千野町三島一二十ヶが 　番地の号-０１２３'), maxLength: 20 }), (text) => {
        const once = normaliseAddress(text);
        const twice = normaliseAddress(once.locality + once.numbers);
        return twice.locality === once.locality;
      }),
    );
  });
});

describe('compareAddresses', () => {
  it('tells equal, same locality and different apart', () => {
    const a = normaliseAddress('石川県七尾市千野町70-29', nanao);
    expect(compareAddresses(a, normaliseAddress('七尾市千野町七十番地二十九', nanao))).toBe('equal');
    expect(compareAddresses(a, normaliseAddress('石川県七尾市千野町12-3', nanao))).toBe('same-locality');
    expect(compareAddresses(a, normaliseAddress('石川県七尾市千野町', nanao))).toBe('same-locality');
    expect(compareAddresses(a, normaliseAddress('石川県七尾市三島町70-29', nanao))).toBe('different');
  });

  it('is symmetric', () => {
    const addresses = ['千野町70-29', '千野町70-30', '千野町', '三島町1', '三島町１'].map((t) => normaliseAddress(t));
    for (const a of addresses) for (const b of addresses) expect(compareAddresses(a, b)).toBe(compareAddresses(b, a));
  });
});

describe('normaliseAddress on the demo registers', () => {
  it('reads every record of one person to the same locality and numbers, however the register wrote them', async () => {
    const { population, sources } = await demoSources();
    const byKey = new Map(sources.map((s) => [s.key, s]));
    const read = (key: string) => {
      const a = byKey.get(key)!.person.address!;
      return normaliseAddress(a.text, { prefecture: a.prefecture!, municipality: a.municipality! });
    };
    let fullWidth = 0;
    for (const o of population.overlaps) {
      const keys = o.records.map((r) => `${listHolders[r.list]}/${r.recordId}`);
      const [first, ...rest] = keys.map(read);
      expect(first!.numbers).toMatch(/^[0-9]+-[0-9]+$/);
      for (const other of rest) expect(other).toEqual(first);
      if (o.variants.includes('full-width')) fullWidth++;
    }
    expect(fullWidth).toBeGreaterThan(0);
  });

  it('keeps the kanji numerals of the demo localities (三島町, 一本杉町, 千野町) as names', async () => {
    const { sources } = await demoSources();
    for (const s of sources) {
      const a = s.person.address!;
      expect(normaliseAddress(a.text, { prefecture: a.prefecture!, municipality: a.municipality! }).locality).toBe(
        a.locality!.replace(/(?<=\p{Script=Han})[ヶヵがガ](?=\p{Script=Han})/gu, 'ケ'),
      );
    }
  });
});
