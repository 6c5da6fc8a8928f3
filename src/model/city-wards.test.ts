import { describe, expect, it } from 'vitest';
import { cityOfWard, wardsOfCity, withoutCitiesNamedByWard } from './city-wards.ts';

describe('wards of designated cities', () => {
  it('knows the twenty designated cities and their wards from the code table', () => {
    const cities = ['011002', '041009', '111007', '121002', '141003', '141305', '141500', '151009', '221007', '221309', '231002', '261009', '271004', '271403', '281000', '331007', '341002', '401005', '401307', '431001'];
    for (const city of cities) expect(wardsOfCity(city).length, city).toBeGreaterThan(1);
    expect(wardsOfCity('011002')).toHaveLength(10); // 札幌市
    expect(wardsOfCity('141003')).toHaveLength(18); // 横浜市
  });

  it('names the city of a ward whose code does not follow the city’s digits', () => {
    expect(cityOfWard('221384')).toBe('221309'); // 浜松市中央区 (2024)
    expect(cityOfWard('401013')).toBe('401005'); // 北九州市門司区
  });

  it('gives Tokyo’s special wards, ordinary municipalities and prefectures no city', () => {
    expect(cityOfWard('131016')).toBeUndefined(); // 千代田区
    expect(cityOfWard('172022')).toBeUndefined(); // 七尾市
    expect(wardsOfCity('172022')).toEqual([]);
    expect(wardsOfCity('130001')).toEqual([]);
  });
});

describe('a list naming part of a designated city', () => {
  it('leaves out the city beside its own wards, and keeps a city listed alone or beside another city’s ward', () => {
    expect(withoutCitiesNamedByWard(['401005', '401013', '172022'])).toEqual(['401013', '172022']);
    expect(withoutCitiesNamedByWard(['401005', '172022'])).toEqual(['401005', '172022']);
    expect(withoutCitiesNamedByWard(['401005', '141011'])).toEqual(['401005', '141011']);
  });
});
