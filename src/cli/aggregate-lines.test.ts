import { describe, expect, it } from 'vitest';
import { aggregateLines } from './aggregate-lines.ts';

describe('aggregateLines', () => {
  const table = {
    groupBy: ['areaCode', 'care.needs'],
    sum: [],
    minimumCellSize: 5,
    cells: [
      { values: ['172022', 'dialysis'], status: 'published' as const, count: 9 },
      { values: ['172022', null], status: 'withheld' as const },
    ],
    withheldCells: 1,
  };

  it('prints one line per group, withheld groups without a number, and what was withheld', () => {
    expect(aggregateLines(table, 'en')).toEqual([
      'areaCode / care.needs\tcount',
      '172022 / dialysis\t9',
      '172022 / (none)\twithheld',
      'Withheld groups: 1 (under 5, and those withheld with them so that they cannot be worked out by subtraction)',
    ]);
    expect(aggregateLines(table, 'ja')[2]).toBe('172022 / （なし）\t非公開');
  });

  it('prints totals beside counts, and says so when the whole table is withheld', () => {
    const stock = { groupBy: ['areaCode'], sum: ['quantity'], minimumCellSize: 3, cells: [{ values: ['172022'], status: 'published' as const, count: 4, sums: { quantity: 120 } }], withheldCells: 0 };
    expect(aggregateLines(stock, 'en').slice(0, 2)).toEqual(['areaCode\tcount\ttotal quantity', '172022\t4\t120']);
    expect(aggregateLines({ ...table, cells: [], tableWithheld: true }, 'ja')).toEqual(['表全体が非公開です（5件未満を伏せると表が成り立たないため）']);
  });
});
