// JMA's area codes into local-government codes: 市町村等 by computing the check digit (the parts JMA splits 仙台市,
// 静岡市 and 浜松市 into by their own table), forecast, seismic and tsunami areas through the code tables shipped in
// data/jma-codes/ (sources and coverage in data/SOURCES.md).
import forecastAreas from '../../../data/jma-codes/forecast-areas.json' with { type: 'json' };
import seismicAreas from '../../../data/jma-codes/seismic-areas.json' with { type: 'json' };
import splitCities from '../../../data/jma-codes/split-cities.json' with { type: 'json' };
import tsunamiAreas from '../../../data/jma-codes/tsunami-areas.json' with { type: 'json' };
import { jpLocalGovernmentCheckDigit, parseAreaCode, type AreaCode } from '../../model/index.ts';

interface CodeTable {
  areas: Record<string, { name: string; municipalities: string[] }>;
}

export type JmaCodeType = 'city' | 'forecast' | 'seismic' | 'tsunami';

/** The municipality of a 市町村等 code: its first five digits are the local government code without check digit. */
export function municipalityOfCityCode(code: string): AreaCode | undefined {
  if (!/^\d{7}$/.test(code)) return undefined;
  const five = code.slice(0, 5);
  const r = parseAreaCode(`${five}${jpLocalGovernmentCheckDigit(five)}`);
  return r.ok && r.scheme === 'jp-lg' ? r.value : undefined;
}

const tables: Readonly<Record<Exclude<JmaCodeType, 'city'>, CodeTable>> = {
  forecast: forecastAreas as CodeTable,
  seismic: seismicAreas as CodeTable,
  tsunami: tsunamiAreas as CodeTable,
};

/** Which table a JMA codeType names; undefined for codes that are not areas of people (rivers, stations…). */
export function codeTypeOf(codeType: string | undefined, code: string): JmaCodeType | undefined {
  if (codeType === undefined) return /^\d{7}$/.test(code) ? 'city' : /^\d{6}$/.test(code) ? 'forecast' : undefined;
  if (codeType.includes('市町村等') && !codeType.includes('まとめ')) return /^\d{7}$/.test(code) ? 'city' : 'forecast';
  if (codeType.startsWith('気象情報／府県予報区') || codeType.includes('一次細分')) return /^\d{7}$/.test(code) ? 'city' : 'forecast';
  if (codeType === '地震情報／細分区域') return 'seismic';
  if (codeType === '津波予報区') return 'tsunami';
  return undefined;
}

/** The municipalities an area covers, or undefined when no shipped table knows the code. */
export function municipalitiesOf(type: JmaCodeType, code: string): AreaCode[] | undefined {
  if (type === 'city') {
    // A part of a split city covers the city and the wards in it, so records coded with either are found.
    const part = (splitCities as CodeTable).areas[code];
    if (part) return part.municipalities.slice() as AreaCode[];
    const m = municipalityOfCityCode(code);
    return m ? [m] : undefined;
  }
  const entry = tables[type].areas[code];
  // A copy, so that no record can change the shipped table it was mapped with.
  return entry ? (entry.municipalities.slice() as AreaCode[]) : undefined;
}
