import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import seismicAreas from '../../../data/jma-codes/seismic-areas.json' with { type: 'json' };
import tsunamiAreas from '../../../data/jma-codes/tsunami-areas.json' with { type: 'json' };
import forecastAreas from '../../../data/jma-codes/forecast-areas.json' with { type: 'json' };
import splitCities from '../../../data/jma-codes/split-cities.json' with { type: 'json' };
import { isAreaCode } from '../../model/index.ts';
import { sharedDataPath } from '../../../test/support/shared-data.ts';
import { children, childText, readXml, type XmlNode } from '../xml/xml-input.ts';
import { municipalitiesOf, municipalityOfCityCode } from './code-tables.ts';

const seismicMunicipalities = new Set(Object.values(seismicAreas.areas).flatMap((a) => a.municipalities));
// JMA splits two municipalities into two 市町村等 each, in different sub-areas: 佐世保市 (宇久島 in 長崎県五島) and
// 薩摩川内市 (甑島 in 鹿児島県甑島).
const splitMunicipalities = ['422029', '462152'];

/** The codes the tsunami table's coverage names as not mapped ("… Not mapped (…): 110 北海道日本海沿岸北部, …"). */
function unmappedTsunamiAreas(): string[] {
  const list = tsunamiAreas.coverage.split('Not mapped')[1] ?? '';
  return [...list.matchAll(/\b(\d{3}) /g)].map((m) => m[1]!);
}

describe('JMA code tables', () => {
  it('turns a 市町村等 code into the local-government code with its check digit', () => {
    expect(municipalityOfCityCode('1720200')).toBe('172022'); // 七尾市
    expect(municipalityOfCityCode('1738400')).toBe('173843'); // 志賀町
    expect(municipalityOfCityCode('1620111')).toBe('162019'); // 富山市平地 → 富山市
    expect(municipalityOfCityCode('0000000')).toBeUndefined();
    expect(municipalityOfCityCode('172020')).toBeUndefined();
  });

  it('holds only valid local-government codes, each in the prefecture of its area', () => {
    for (const table of [seismicAreas, tsunamiAreas, forecastAreas]) {
      for (const [code, area] of Object.entries(table.areas)) {
        expect(area.municipalities.length, code).toBeGreaterThan(0);
        for (const m of area.municipalities) expect(isAreaCode(m), `${code} ${m}`).toBe(true);
      }
    }
    for (const [code, area] of Object.entries(forecastAreas.areas)) {
      for (const m of area.municipalities) expect(m.slice(0, 2), `${code} ${m}`).toBe(code.slice(0, 2));
    }
  });

  it('maps all 188 seismic sub-areas of Japan (codes 100–807) and places every municipality of Japan in one', () => {
    const codes = Object.keys(seismicAreas.areas);
    expect(codes).toHaveLength(188);
    for (const code of codes) expect(Number(code), code).toBeGreaterThanOrEqual(100);
    for (const code of codes) expect(Number(code), code).toBeLessThanOrEqual(807);
    // Every municipality of the forecast table (all Japan) lies in some seismic sub-area.
    const forecastMunicipalities = new Set(Object.values(forecastAreas.areas).flatMap((a) => a.municipalities));
    const unplaced = [...forecastMunicipalities].filter((m) => !seismicMunicipalities.has(m));
    expect(unplaced).toEqual([]);
    expect(seismicMunicipalities.size).toBeGreaterThan(1_890);
  });

  it('puts every municipality in one seismic sub-area but the two JMA splits, and a city with the area of its wards', () => {
    const areasOf = new Map<string, string[]>();
    for (const [code, area] of Object.entries(seismicAreas.areas)) {
      for (const m of area.municipalities) areasOf.set(m, [...(areasOf.get(m) ?? []), code]);
    }
    const inSeveral = [...areasOf].filter(([, a]) => a.length > 1).map(([m]) => m);
    expect(inSeveral.sort()).toEqual(splitMunicipalities);
    expect(municipalitiesOf('seismic', '737')).toContain('422029'); // 佐世保市宇久島 → 長崎県五島
    expect(municipalitiesOf('seismic', '101')).toEqual(expect.arrayContaining(['011002', '011011'])); // 札幌市, 中央区
    expect(municipalitiesOf('seismic', '390')).toEqual(expect.arrayContaining(['172022', '172049', '172057', '174637']));
    expect(municipalitiesOf('seismic', '350')).toContain('131016'); // 東京都２３区: 千代田区
    expect(municipalitiesOf('seismic', '999')).toBeUndefined();
  });

  it("agrees with the Area/City nesting of JMA's sample VXSE53 telegrams for every seismic area it ships", () => {
    const dir = sharedDataPath('jma');
    let checked = 0;
    for (const f of readdirSync(dir).filter((x) => x.endsWith('VXSE53.xml'))) {
      const r = readXml(new Uint8Array(readFileSync(`${dir}/${f}`)));
      if (!r.ok) throw new Error(f);
      const observation = ((r.root.Report as XmlNode).Body as XmlNode | undefined)?.Intensity as XmlNode | undefined;
      for (const pref of children(observation?.Observation, 'Pref')) {
        for (const area of children(pref, 'Area')) {
          const shipped = municipalitiesOf('seismic', childText(area, 'Code') ?? '');
          if (!shipped) continue;
          for (const city of children(area, 'City')) {
            const m = municipalityOfCityCode(childText(city, 'Code') ?? '');
            // Samples from 2010 name towns merged since (川口町 → 長岡市): only codes that still exist are compared.
            if (m && seismicMunicipalities.has(m)) {
              expect(shipped, `${f} ${childText(area, 'Name')} ${childText(city, 'Name')}`).toContain(m);
              checked += 1;
            }
          }
        }
      }
    }
    // The samples nest about 3,400 known cities under 157 of the 188 areas.
    expect(checked).toBeGreaterThan(3_000);
  });

  it('maps 37 of the 66 tsunami forecast areas, each with its rule and basis, and names the 29 it leaves out', () => {
    const mapped = Object.entries(tsunamiAreas.areas);
    expect(mapped).toHaveLength(37);
    for (const [code, area] of mapped) {
      expect(area.rule, code).toMatch(/^coastal municipalities of (prefecture \d\d|forecast area\(s\) \d{6})/);
      expect(area.basis.length, code).toBeGreaterThan(10);
    }
    const unmapped = unmappedTsunamiAreas();
    expect(unmapped).toHaveLength(29);
    for (const code of unmapped) expect(municipalitiesOf('tsunami', code), code).toBeUndefined();
  });

  it("knows every tsunami forecast area of JMA's sample VTSE41 telegrams, as mapped or as named unmapped", () => {
    const dir = sharedDataPath('jma');
    const known = new Set([...Object.keys(tsunamiAreas.areas), ...unmappedTsunamiAreas()]);
    const seen = new Set<string>();
    for (const f of readdirSync(dir).filter((x) => x.endsWith('VTSE41.xml'))) {
      // Only the forecast items: the headline and comments also use JMA's region codes (191 北海道太平洋沿岸 …).
      const forecast = readFileSync(`${dir}/${f}`, 'utf8').split('<Forecast>')[1]?.split('</Forecast>')[0] ?? '';
      for (const m of forecast.matchAll(/<Area>\s*<Name>[^<]*<\/Name>\s*<Code>(\d{3})<\/Code>/g)) seen.add(m[1]!);
    }
    expect(seen.size).toBe(66);
    expect([...seen].filter((c) => !known.has(c))).toEqual([]);
  });

  it('puts the ten towns JMA names for 北海道太平洋沿岸中部 under it, and split coastal cities in their prefecture', () => {
    // JMA (December 2025): 十勝総合振興局 and 日高振興局, えりも町 and nine other towns.
    expect(municipalitiesOf('tsunami', '101')).toHaveLength(10);
    expect(municipalitiesOf('tsunami', '101')).toContain('016098'); // えりも町
    expect(municipalitiesOf('tsunami', '100')).toContain('012068'); // 釧路市 (JMA splits it: 釧路・阿寒・音別)
    expect(municipalitiesOf('tsunami', '530')).toContain('302066'); // 田辺市 (JMA splits it; its 田辺 part is on the coast)
    expect(municipalitiesOf('tsunami', '772')).toContain('463043'); // 十島村, トカラ列島
    expect(municipalitiesOf('tsunami', '771')).not.toContain('463043');
  });

  it('maps each part JMA splits 仙台市, 静岡市 and 浜松市 into to the city and the wards in that part', () => {
    expect(municipalitiesOf('city', '0410001')).toEqual(['041009', '041017', '041025', '041033', '041041']); // 仙台市東部
    expect(municipalitiesOf('city', '0410002')).toEqual(['041009', '041017', '041041', '041050']); // 仙台市西部: 泉区 and parts of 青葉区, 太白区
    expect(municipalitiesOf('city', '2210002')).toEqual(['221007', '221015']); // 静岡市北部: part of 葵区
    expect(municipalitiesOf('city', '2213001')).toEqual(['221309', '221384', '221392']); // 浜松市南部: 中央区, 浜名区
    // A ward's own 市町村等 code (used in intensity reports) is still the ward.
    expect(municipalitiesOf('city', '0410200')).toEqual(['041025']);
    expect(municipalitiesOf('city', '0410101')).toEqual(['041017']); // the part of 青葉区 in 東部
  });

  it("keeps each split city's parts, wards and areas consistent across the code tables", () => {
    const wardsOf = new Map<string, Set<string>>();
    for (const [code, part] of Object.entries(splitCities.areas)) {
      expect(part.city, code).toBe(municipalityOfCityCode(code));
      expect(part.municipalities, code).toEqual([part.city, ...Object.keys(part.wards)]);
      for (const ward of Object.keys(part.wards)) {
        expect(isAreaCode(ward), ward).toBe(true);
        expect(ward.slice(0, 3), ward).toBe(part.city.slice(0, 3));
        // The seismic table (JMA, 2026) lists every ward of a designated city: no ward code here is out of date.
        expect(seismicMunicipalities.has(ward), ward).toBe(true);
        wardsOf.set(part.city, (wardsOf.get(part.city) ?? new Set()).add(ward));
      }
      // The grouped area holding the part, its primary subdivision and prefecture all list the part's wards.
      for (const area of [part.groupedArea, `${part.groupedArea.slice(0, 5)}0`, `${part.groupedArea.slice(0, 2)}0000`]) {
        expect(municipalitiesOf('forecast', area), `${code} in ${area}`).toEqual(expect.arrayContaining(part.municipalities));
      }
      // On the coast of its prefecture's tsunami forecast area exactly when JMA flags the part as coastal.
      const tsunami: string[] = municipalitiesOf('tsunami', part.city.startsWith('04') ? '220' : '380')!;
      const onlyHere = Object.keys(part.wards).filter((w) => !Object.values(splitCities.areas).some((p) => p !== part && p.coastal && w in p.wards));
      for (const ward of onlyHere) expect(tsunami.includes(ward), `${code} ${ward}`).toBe(part.coastal);
      if (part.coastal) expect(tsunami).toContain(part.city);
    }
    // Both parts of a city together hold every ward the seismic table has for it (a designated city's wards are
    // numbered just after the city: 04100 仙台市, 04101 青葉区 … 04105 泉区).
    for (const [city, wards] of wardsOf) {
      const first = Number(city.slice(0, 5));
      const seismicWards = [...seismicMunicipalities].filter((m) => Number(m.slice(0, 5)) > first && Number(m.slice(0, 5)) < first + 20);
      expect([...wards].sort(), city).toEqual(seismicWards.sort());
    }
  });

  it('puts the Noto coast under 石川県能登 and Kanazawa under 石川県加賀', () => {
    expect(municipalitiesOf('tsunami', '360')).toEqual(expect.arrayContaining(['172022', '172049', '172057', '173843']));
    expect(municipalitiesOf('tsunami', '361')).toContain('172014');
    expect(municipalitiesOf('tsunami', '999')).toBeUndefined();
  });
});
