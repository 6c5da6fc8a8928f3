import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import seismicAreas from '../../../data/jma-codes/seismic-areas.json' with { type: 'json' };
import tsunamiAreas from '../../../data/jma-codes/tsunami-areas.json' with { type: 'json' };
import forecastAreas from '../../../data/jma-codes/forecast-areas.json' with { type: 'json' };
import { isAreaCode } from '../../model/index.ts';
import { sharedDataPath } from '../../../test/support/shared-data.ts';
import { children, childText, readXml, type XmlNode } from '../xml/xml-input.ts';
import { municipalitiesOf, municipalityOfCityCode } from './code-tables.ts';

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
            if (m && Object.values(forecastAreas.areas).some((a) => a.municipalities.includes(m))) {
              expect(shipped, `${f} ${childText(area, 'Name')} ${childText(city, 'Name')}`).toContain(m);
              checked += 1;
            }
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('puts the Noto coast under 石川県能登 and Kanazawa under 石川県加賀', () => {
    expect(municipalitiesOf('tsunami', '360')).toEqual(expect.arrayContaining(['172022', '172049', '172057', '173843']));
    expect(municipalitiesOf('tsunami', '361')).toContain('172014');
    expect(municipalitiesOf('tsunami', '999')).toBeUndefined();
  });
});
