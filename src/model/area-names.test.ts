import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { areaName } from './area-names.ts';

describe('area names from the bundled code tables', () => {
  it('names a Japanese municipality by its local government code (GSI code table, Japanese)', () => {
    expect(areaName('172022')).toEqual({ ja: '七尾市' });
    expect(areaName('172049')).toEqual({ ja: '輪島市' });
    expect(areaName('131016')).toEqual({ ja: '千代田区' });
  });

  it('names a prefecture by its prefecture-level code', () => {
    expect(areaName('170003')).toEqual({ ja: '石川県' });
  });

  it('names the ASEAN scenario’s P-codes from the file that defines its areas (English)', () => {
    expect(areaName('PH0803747')).toEqual({ en: 'City of Tacloban' });
    expect(areaName('PH08')).toEqual({ en: 'Region VIII (Eastern Visayas)' });
  });

  it('knows no name for a code no table has', () => {
    expect(areaName('179999')).toBeUndefined();
    expect(areaName('PH0899999')).toBeUndefined();
    expect(areaName('')).toBeUndefined();
  });

  it('gives only names that are not blank, for any code', () => {
    fc.assert(
      fc.property(fc.oneof(fc.stringMatching(/^[0-4][0-9]{5}$/), fc.string({ maxLength: 12 })), (code) => {
        const name = areaName(code);
        if (name !== undefined) expect((name.ja ?? name.en ?? '').trim()).not.toBe('');
      }),
    );
  });
});
