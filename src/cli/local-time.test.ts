import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localIso } from './local-time.ts';

describe('times shown on the command line', () => {
  it('shows a stored UTC instant in Japan time with its offset', () => {
    expect(localIso('2024-01-01T07:10:00.000Z')).toBe('2024-01-01T16:10:00.000+09:00');
    expect(localIso('2023-12-31T23:30:05.120Z')).toBe('2024-01-01T08:30:05.120+09:00');
  });

  it('names the same instant for any time', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }), (d) => {
        expect(Date.parse(localIso(d.toISOString()))).toBe(d.getTime());
      }),
    );
  });

  it('leaves a text that is not an instant as it is', () => {
    expect(localIso('-')).toBe('-');
  });
});
