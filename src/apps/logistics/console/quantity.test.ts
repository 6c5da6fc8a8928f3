import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stockUnits } from '../../../model/codes.ts';
import { amountText, quantityText } from './quantity.ts';

describe('quantities with their unit in running text', () => {
  it('writes English units in lower case, singular for one: "150 pieces", "1 piece", "1.5 kilograms"', () => {
    expect(amountText(150, 'piece', 'en')).toBe('150 pieces');
    expect(amountText(1, 'piece', 'en')).toBe('1 piece');
    expect(amountText(1.5, 'kg', 'en')).toBe('1.5 kilograms');
    expect(amountText(2400, 'meal', 'en')).toBe('2,400 meals');
    expect(amountText(3, 'unit', 'en')).toBe('3 units (machines)');
  });

  it('keeps the Japanese labels of the code list unchanged', () => {
    expect(amountText(150, 'piece', 'ja')).toBe('150 個・本');
    expect(amountText(1, 'roll', 'ja')).toBe('1 巻・ロール');
    expect(amountText(2400, 'meal', 'ja')).toBe('2,400 食');
  });

  it('shows a unit the code list does not know as its code', () => {
    expect(amountText(4, 'pallet', 'en')).toBe('4 pallet');
    expect(amountText(4, 'pallet', 'ja')).toBe('4 pallet');
  });

  it('never shows an English unit capitalised, and always starts with the number as quantityText writes it', () => {
    const units = Object.keys(stockUnits);
    fc.assert(fc.property(fc.constantFrom(...units), fc.double({ min: 0, max: 1e7, noNaN: true }), fc.constantFrom('ja', 'en'), (unit, q, lang) => {
      const text = amountText(q, unit, lang);
      expect(text.startsWith(`${quantityText(q, lang)} `)).toBe(true);
      if (lang === 'en') expect(text.slice(quantityText(q, lang).length + 1)).toMatch(/^[a-z]/);
    }));
  });
});
