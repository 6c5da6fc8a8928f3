import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import seismicAreas from '../../../data/jma-codes/seismic-areas.json' with { type: 'json' };
import tsunamiAreas from '../../../data/jma-codes/tsunami-areas.json' with { type: 'json' };
import forecastAreas from '../../../data/jma-codes/forecast-areas.json' with { type: 'json' };
import splitCities from '../../../data/jma-codes/split-cities.json' with { type: 'json' };
import coastalMunicipalities from '../../../data/jma-codes/coastal-municipalities.json' with { type: 'json' };
import { isAreaCode } from '../../model/index.ts';
import { sharedDataPath } from '../../../test/support/shared-data.ts';
import { children, childText, readXml, type XmlNode } from '../xml/xml-input.ts';
import { municipalitiesOf, municipalityOfCityCode } from './code-tables.ts';

const seismicMunicipalities = new Set(Object.values(seismicAreas.areas).flatMap((a) => a.municipalities));
// JMA splits two municipalities into two 市町村等 each, in different sub-areas: 佐世保市 (宇久島 in 長崎県五島) and
// 薩摩川内市 (甑島 in 鹿児島県甑島).
const splitMunicipalities = ['422029', '462152'];

const coastal = coastalMunicipalities.municipalities as Record<string, string>;
const tsunamiTable = tsunamiAreas.areas as Record<string, { name: string; rule: string; basis: string; municipalities: string[] }>;
const tsunamiAreasOf = (m: string) => Object.keys(tsunamiTable).filter((code) => tsunamiTable[code]!.municipalities.includes(m));

/** (tsunami forecast area, tide station code) for every station JMA nests under an area in its sample VTSE51 telegrams. */
function sampleTideStations(): { area: string; station: string }[] {
  const dir = sharedDataPath('jma');
  const pairs: { area: string; station: string }[] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('VTSE51.xml'))) {
    const r = readXml(new Uint8Array(readFileSync(`${dir}/${f}`)));
    if (!r.ok) throw new Error(f);
    const tsunami = ((r.root.Report as XmlNode).Body as XmlNode | undefined)?.Tsunami as XmlNode | undefined;
    for (const item of [...children(tsunami?.Forecast, 'Item'), ...children(tsunami?.Observation, 'Item')]) {
      const area = childText(children(item, 'Area')[0], 'Code') ?? '';
      for (const station of children(item, 'Station')) pairs.push({ area, station: childText(station, 'Code') ?? '' });
    }
  }
  return pairs;
}

/**
 * The municipality of each tide station standing on a coast that a boundary of the 29 areas cut at capes and bays
 * divides or ends (station names from JMA's code table PointTsunami; tsunami-areas.notes.md says how each was used).
 */
const BOUNDARY_STATIONS: Readonly<Record<string, { name: string; municipality: string }>> = {
  '11001': { name: '稚内', municipality: '012149' },
  '11030': { name: '小樽市忍路', municipality: '012033' },
  '11122': { name: '岩内港', municipality: '014028' },
  '12003': { name: '枝幸港', municipality: '015148' },
  '20002': { name: '竜飛', municipality: '023078' }, // 外ヶ浜町
  '20102': { name: 'むつ市関根浜', municipality: '022080' },
  '20202': { name: 'むつ市大湊', municipality: '022080' },
  '31002': { name: '勝浦市興津', municipality: '122181' },
  '31101': { name: '館山市布良', municipality: '122050' },
  '31204': { name: '横須賀', municipality: '142018' },
  '33001': { name: '三浦市三崎漁港', municipality: '142107' },
  '39001': { name: '田原市赤羽根', municipality: '232319' },
  '39120': { name: '豊橋市三河港', municipality: '232017' },
  '39103': { name: '四日市', municipality: '242021' },
  '40001': { name: '鳥羽', municipality: '242110' },
  '52101': { name: '神戸', municipality: '281000' },
  '52202': { name: '洲本', municipality: '282057' },
  '60001': { name: '宇和島', municipality: '382035' },
  '60101': { name: '松山', municipality: '382019' },
  '70021': { name: '下関市南風泊港', municipality: '352012' },
  '70101': { name: '下関市彦島弟子待', municipality: '352012' },
  '71002': { name: '北九州市門司', municipality: '401013' }, // 門司区
  '71022': { name: '北九州港青浜', municipality: '401013' },
  '71120': { name: '北九州港日明', municipality: '401064' }, // 小倉北区
  '71101': { name: '福岡市博多', municipality: '401307' },
  '71202': { name: '太良町大浦野崎', municipality: '414417' },
  '71221': { name: '天草市本渡港', municipality: '432156' },
  '72020': { name: '唐津港', municipality: '412023' },
  '73002': { name: '口之津', municipality: '422142' }, // 南島原市
  '74000': { name: '苓北町都呂々', municipality: '435317' },
  '75020': { name: '別府港', municipality: '442020' },
  '75100': { name: '佐伯市松浦', municipality: '442054' },
  '77002': { name: '南大隅町大泊', municipality: '464911' },
  '77020': { name: '志布志港', municipality: '462217' },
  '77303': { name: '鹿児島', municipality: '462012' },
};

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

  it('maps all 66 tsunami forecast areas, each with its rule and basis, to municipalities that exist', () => {
    const mapped = Object.entries(tsunamiTable);
    expect(mapped).toHaveLength(66);
    for (const [code, area] of mapped) {
      expect(area.rule, code).toMatch(/^coastal municipalities of (prefectures? \d\d|forecast area\(s\) \d{6})/);
      expect(area.basis.length, code).toBeGreaterThan(10);
      expect(area.municipalities.length, code).toBeGreaterThan(0);
      // Every code is a municipality of JMA's 2026 table (all Japan): no code lost to a merger since 2016.
      for (const m of area.municipalities) expect(seismicMunicipalities.has(m), `${code} ${m}`).toBe(true);
      // An area named by prefecture(s) holds only their municipalities.
      const prefectures = /^coastal municipalities of prefectures? (\d\d(?:, \d\d)*)/.exec(area.rule)?.[1]?.split(', ');
      if (prefectures) for (const m of area.municipalities) expect(prefectures, `${code} ${m}`).toContain(m.slice(0, 2));
    }
    expect(tsunamiAreas.coverage).not.toContain('Not mapped');
  });

  it("maps every tsunami forecast area of JMA's sample VTSE41 telegrams", () => {
    const dir = sharedDataPath('jma');
    const seen = new Set<string>();
    for (const f of readdirSync(dir).filter((x) => x.endsWith('VTSE41.xml'))) {
      // Only the forecast items: the headline and comments also use JMA's region codes (191 北海道太平洋沿岸 …).
      const forecast = readFileSync(`${dir}/${f}`, 'utf8').split('<Forecast>')[1]?.split('</Forecast>')[0] ?? '';
      for (const m of forecast.matchAll(/<Area>\s*<Name>[^<]*<\/Name>\s*<Code>(\d{3})<\/Code>/g)) seen.add(m[1]!);
    }
    expect(seen.size).toBe(66);
    expect([...seen].filter((c) => municipalitiesOf('tsunami', c) === undefined)).toEqual([]);
  });

  it('puts every coastal municipality of Japan on the coast of at least one tsunami forecast area', () => {
    expect(Object.keys(coastal).length).toBeGreaterThan(600);
    const nowhere = Object.keys(coastal).filter((m) => tsunamiAreasOf(m).length === 0).map((m) => `${m} ${coastal[m]}`);
    expect(nowhere).toEqual([]);
  });

  it('lists in a tsunami forecast area only coastal municipalities, and the wards of a coastal designated city listed with them', () => {
    for (const [code, area] of Object.entries(tsunamiTable)) {
      for (const m of area.municipalities.filter((x) => !(x in coastal))) {
        // A designated city's wards are numbered just after the city (40100 北九州市, 40101 門司区 … 40109 八幡西区).
        const wardNumber = (c: string) => Number(m.slice(0, 5)) - Number(c.slice(0, 5));
        const city = area.municipalities.find((c) => c in coastal && wardNumber(c) > 0 && wardNumber(c) < 20);
        expect(city, `${code} ${area.name}: ${m} is neither coastal nor a ward of a city listed with it`).toBeDefined();
      }
    }
  });

  it('puts the municipality of each tide station JMA nests under a divided forecast area in that area', () => {
    const checked = new Set<string>();
    for (const { area, station } of sampleTideStations()) {
      // JMA numbers a tide station after its forecast area (20102 むつ市関根浜 in 201 青森県太平洋沿岸).
      expect(station.slice(0, 3), station).toBe(area);
      const known = BOUNDARY_STATIONS[station];
      if (!known) continue;
      expect(municipalitiesOf('tsunami', area), `${known.name} (${station}) in ${area}`).toContain(known.municipality);
      checked.add(station);
    }
    expect([...checked].sort()).toEqual(Object.keys(BOUNDARY_STATIONS).sort());
  });

  it('puts a municipality whose coast a boundary cape or strait divides in both areas, and one wholly on one side in one', () => {
    expect(tsunamiAreasOf('142018').sort()).toEqual(['312', '330']); // 横須賀市: 観音崎
    expect(tsunamiAreasOf('142107')).toEqual(['330']); // 三浦市, south of 観音崎
    expect(tsunamiAreasOf('122262').sort()).toEqual(['311', '312']); // 富津市: 富津岬
    expect(tsunamiAreasOf('012149').sort()).toEqual(['110', '120']); // 稚内市: 宗谷岬
    expect(tsunamiAreasOf('014052').sort()).toEqual(['110', '111']); // 積丹町: 積丹岬
    expect(tsunamiAreasOf('013315').sort()).toEqual(['102', '111']); // 松前町: 白神岬
    expect(tsunamiAreasOf('013463').sort()).toEqual(['102', '111']); // 八雲町: 八雲 on the Pacific, 熊石 on the Sea of Japan
    expect(tsunamiAreasOf('352012').sort()).toEqual(['700', '701']); // 下関市: 関門海峡
    expect(tsunamiAreasOf('384429').sort()).toEqual(['600', '601']); // 伊方町: 佐田岬
    expect(tsunamiAreasOf('232319').sort()).toEqual(['390', '391']); // 田原市: 伊良湖岬
    expect(tsunamiAreasOf('231002')).toEqual(['391']); // 名古屋市, in the bay
    expect(tsunamiAreasOf('462012')).toEqual(['773']); // 鹿児島市: 鹿児島湾 is 西部
    expect(tsunamiAreasOf('432156').sort()).toEqual(['712', '740']); // 天草市: 本渡 on 有明海, the west coast on 天草灘
  });

  it('lists 北九州市, which the 関門海峡 boundary divides, in both 福岡県 areas with the wards on each coast', () => {
    const seto = municipalitiesOf('tsunami', '710')!;
    const japanSea = municipalitiesOf('tsunami', '711')!;
    for (const list of [seto, japanSea]) expect(list).toContain('401005');
    expect(seto).toEqual(expect.arrayContaining(['401013', '401072'])); // 門司区, 小倉南区 on 周防灘 and the strait
    expect(japanSea).toEqual(expect.arrayContaining(['401030', '401056', '401081', '401099'])); // 若松区, 戸畑区, 八幡東区, 八幡西区
    // 小倉北区's coast runs from the strait's western mouth to 日明 on 響灘: on both coasts, as the city is.
    expect(seto.filter((m) => japanSea.includes(m)).sort()).toEqual(['401005', '401064']);
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
