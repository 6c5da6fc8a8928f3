// Small pieces of the demo: reading a 町字 out of a GSI address, the --expires syntax, and terminal column widths.
import { describe, expect, it } from 'vitest';
import { parseExpires } from '../../src/demo/declare.ts';
import { localitiesFromFeatures, localityOf } from '../../src/scenario/localities.ts';
import { displayWidth } from '../../src/demo/render.ts';

describe('localityOf', () => {
  it('takes the 町字 after the city name, up to the first 町 or 村', () => {
    expect(localityOf('石川県七尾市庵町ウ23-2', '七尾市')).toBe('庵町');
    expect(localityOf('石川県輪島市河井町１１部39-1', '輪島市')).toBe('河井町');
    expect(localityOf('石川県七尾市中島町横田1-148', '七尾市')).toBe('中島町');
  });

  it('finds nothing in an address of another city', () => {
    expect(localityOf('石川県輪島市河井町２部287-1', '七尾市')).toBeUndefined();
  });

  it('lists each locality once, sorted, with the first shelter found there', () => {
    const f = (address: string, lon: number) => ({ geometry: { type: 'Point', coordinates: [lon, 37] }, properties: { 住所: address } });
    const localities = localitiesFromFeatures([f('石川県七尾市庵町ウ23-2', 137.1), f('石川県七尾市庵町ヨ31', 137.2), f('石川県七尾市佐味町10-4', 137.3)], '七尾市');
    expect(localities).toEqual([
      { name: '佐味町', near: [137.3, 37] },
      { name: '庵町', near: [137.1, 37] },
    ]);
  });
});

describe('parseExpires', () => {
  it('reads hours, days and minutes, and ISO 8601 durations', () => {
    expect(parseExpires('72h')).toBe(72 * 3600);
    expect(parseExpires('3d')).toBe(3 * 86400);
    expect(parseExpires('90m')).toBe(90 * 60);
    expect(parseExpires('PT72H')).toBe(72 * 3600);
  });

  it('refuses what it cannot read, and calendar units of no fixed length', () => {
    expect(parseExpires('soon')).toBeUndefined();
    expect(parseExpires('P1M')).toBeUndefined();
  });
});

describe('displayWidth', () => {
  it('counts Japanese and full-width characters as two columns', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('七尾市')).toBe(6);
    expect(displayWidth('（架空）')).toBe(8);
  });
});
