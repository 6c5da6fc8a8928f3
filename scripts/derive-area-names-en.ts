// Derives data/area-names/en.json: an English name for every code of the bundled GSI code table
// (data/gsi-shelters/code-to-city.json), from the kana readings of JMA's code table AreaInformationCity, romanised by
// src/model/kana-romanisation.ts and written as municipalities write themselves in English ("Nanao City", "Noto
// Town", "Kita Ward, Sapporo City"). Reproducible: the JMA file is checked against its SHA-256 before use, and the
// SHA-256 of the output is written to data/area-names/SHA256SUMS (checked by src/model/area-names.test.ts).
//
//   git -C <mirror of ingen084/jma-code-dictionary> show 10eddd2:csv/AreaInformationCity.csv > /tmp/AreaInformationCity.csv
//   npx tsx scripts/derive-area-names-en.ts /tmp/AreaInformationCity.csv
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { capitalised, romaniseKana } from '../src/model/kana-romanisation.ts';

const SOURCE_SHA256 = '72dacb91c9ee1afa93916b7ea78e6554f10d348d536ba183bfc42f1a31d3b924';
const root = new URL('../', import.meta.url);
const outPath = new URL('data/area-names/en.json', root);
const sumsPath = new URL('data/area-names/SHA256SUMS', root);

/**
 * Municipalities whose own English departs from the romanised reading: a loanword in the name, or an o and a u that
 * meet across two words of the name (山ノ内: yama-no-uchi), which the long-vowel rule would run together. Found by
 * listing every reading with such a pair; each is written as the municipality writes itself.
 */
const ownSpellings: Readonly<Record<string, string>> = {
  '192082': 'Minami-Alps City', // 南アルプス市
  '205613': 'Yamanouchi Town', // 山ノ内町 やまのうち
  '213829': 'Wanouchi Town', // 輪之内町 わのうち
  '313718': 'Kotoura Town', // 琴浦町 ことうら
  '332127': 'Setouchi City', // 瀬戸内市 せとうち
  '353051': 'Suo-Oshima Town', // 周防大島町 すおうおおしま
  '465259': 'Setouchi Town', // 瀬戸内町 せとうち
  '015601': 'Takinoue Town', // 滝上町 たきのうえ
  '015717': 'Toyoura Town', // 豊浦町 とようら
  '352161': 'Sanyo-Onoda City', // 山陽小野田市 さんようおのだ (two names joined: the o's kept apart)
  '442127': 'Bungo-ono City', // 豊後大野市 ぶんごおおの
};

interface CodeTablePrefecture {
  name: string;
  cities: Record<string, { code: string; name: string; cityName: string }>;
}

interface JmaRow {
  code7: string;
  fullName: string;
  name: string;
  reading: string;
  shortName: string;
  shortReading: string;
  prefixedName: string;
  prefixedReading: string;
}

/** The villages of the Northern Territories (01695–01700, 色丹村 to 蘂取村). */
const northernTerritories = /^01(69[5-9]|700)\d$/;

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

function readJma(path: string): Map<string, JmaRow> {
  const raw = readFileSync(path);
  if (sha256(raw) !== SOURCE_SHA256) {
    throw new Error(`${path}: SHA-256 ${sha256(raw)}, expected ${SOURCE_SHA256} (AreaInformationCity.csv of ingen084/jma-code-dictionary at 10eddd2)`);
  }
  const rows = parse(raw.toString('utf8'), { relaxColumnCount: false }) as string[][];
  const byCode = new Map<string, JmaRow>();
  for (const r of rows) {
    byCode.set(r[0]!, {
      code7: r[0]!,
      fullName: r[1]!,
      name: r[2]!,
      reading: r[3]!,
      shortName: r[13]!,
      shortReading: r[14]!,
      prefixedName: r[15]!,
      prefixedReading: r[16]!,
    });
  }
  return byCode;
}

/** The kana of a reading without a suffix's kana (ななおし − し); undefined when it does not end so. */
function stem(reading: string, suffixes: readonly string[]): string | undefined {
  const s = suffixes.find((x) => reading.endsWith(x) && reading.length > x.length);
  return s === undefined ? undefined : reading.slice(0, -s.length);
}

function latin(reading: string): string {
  const r = romaniseKana(reading);
  if (!r.ok) throw new Error(`reading ${reading}: ${r.char} at ${r.at} is not kana`);
  return capitalised(r.value);
}

const suffixOf = { 市: ['し'], 町: ['ちょう', 'まち'], 村: ['むら', 'そん'], 区: ['く'] } as const;
const kindWord = { 市: 'City', 町: 'Town', 村: 'Village', 区: 'Ward' } as const;
type Kind = keyof typeof suffixOf;

/** A municipality's reading without its prefecture's: JMA gives readings of some rows (北方領土) only prefixed. */
function readingOf(row: JmaRow, prefectureReading: string | undefined): string | undefined {
  if (row.reading !== '') return row.reading;
  if (prefectureReading !== undefined && row.prefixedReading.startsWith(prefectureReading)) return row.prefixedReading.slice(prefectureReading.length);
  return undefined;
}

function main(): void {
  const jmaPath = process.argv[2];
  if (jmaPath === undefined) throw new Error('usage: npx tsx scripts/derive-area-names-en.ts AreaInformationCity.csv');
  const jma = readJma(jmaPath);
  const gsi = JSON.parse(readFileSync(new URL('data/gsi-shelters/code-to-city.json', root), 'utf8')) as Record<string, CodeTablePrefecture>;
  const names: Record<string, string> = {};
  const gaps: Record<string, string> = {};

  for (const pref of Object.values(gsi)) {
    const cities = Object.values(pref.cities);
    // The prefecture's reading: a municipality's prefixed reading less its own (いしかわけんななおし − ななおし).
    const sample = cities.map((c) => jma.get(`${c.code.slice(0, 5)}00`)).find((r) => r !== undefined && r.reading !== '' && r.prefixedReading.endsWith(r.reading));
    const prefectureFull = sample ? sample.prefixedReading.slice(0, -sample.reading.length) : undefined;
    for (const c of cities) {
      if (ownSpellings[c.code] !== undefined) {
        names[c.code] = ownSpellings[c.code]!;
        continue;
      }
      if (c.cityName === '') {
        const en = prefectureName(pref.name, prefectureFull);
        if (en === undefined) gaps[c.code] = `no reading of ${pref.name} in JMA's table`;
        else names[c.code] = en;
        continue;
      }
      const row = jma.get(`${c.code.slice(0, 5)}00`);
      if (row === undefined) {
        gaps[c.code] = northernTerritories.test(c.code)
          ? `${c.name}: a village of the Northern Territories (北方領土), which JMA's table lists by island (国後島, 択捉島), not by village, so it gives no reading`
          : `${c.name}: not in JMA's code table of 2026-07-07 (a municipality or ward merged or reorganised since the GSI table's edition)`;
        continue;
      }
      const en = municipalityName(c, row, jma, prefectureFull);
      if (typeof en === 'string') names[c.code] = en;
      else gaps[c.code] = `${c.name}: ${en.reason}`;
    }
  }

  const out = {
    description: 'English names of the codes of data/gsi-shelters/code-to-city.json (prefectures, municipalities, designated cities\' wards), by local government code. Derived by scripts/derive-area-names-en.ts; see data/SOURCES.md.',
    source: "Kana readings from 気象庁防災情報XML 個別コード表 AreaInformationCity (JMA file of 2026-07-07), as transcribed in csv/AreaInformationCity.csv of ingen084/jma-code-dictionary (commit 10eddd2, SHA-256 " + SOURCE_SHA256 + '); romanised by the Tsunagu team (modified Hepburn, no macrons)',
    licence: '出典：気象庁 (公共データ利用規約 1.0, compatible with CC BY 4.0)',
    form: 'Municipality: "<Name> City|Town|Village"; a designated city\'s ward: "<Ward> Ward, <City> City"; Tokyo\'s special wards: "<Name> City", as they call themselves; prefectures: "<Name> Prefecture", "Hokkaido", "Tokyo Metropolis". No district (郡). Long vowels unmarked (Osaka, Tokyo, Chuo).',
    names: Object.fromEntries(Object.entries(names).sort(([a], [b]) => (a < b ? -1 : 1))),
    gaps: Object.fromEntries(Object.entries(gaps).sort(([a], [b]) => (a < b ? -1 : 1))),
  };
  const text = `${JSON.stringify(out, null, 1)}\n`;
  writeFileSync(outPath, text);
  writeFileSync(sumsPath, `${SOURCE_SHA256}  AreaInformationCity.csv (ingen084/jma-code-dictionary 10eddd2, input)\n${sha256(text)}  en.json\n`);
  console.log(`${Object.keys(names).length} names, ${Object.keys(gaps).length} gaps; en.json SHA-256 ${sha256(text)}`);
}

/** 石川県 → Ishikawa Prefecture; 北海道 → Hokkaido; 東京都 → Tokyo Metropolis; 大阪府 → Osaka Prefecture. */
function prefectureName(name: string, fullReading: string | undefined): string | undefined {
  if (name === '北海道') return 'Hokkaido';
  if (fullReading === undefined) return undefined;
  const kind = name.slice(-1);
  const base = kind === '県' ? stem(fullReading, ['けん']) : kind === '府' ? stem(fullReading, ['ふ']) : kind === '都' ? stem(fullReading, ['と']) : undefined;
  if (base === undefined) return undefined;
  return kind === '都' ? `${latin(base)} Metropolis` : `${latin(base)} Prefecture`;
}

function municipalityName(
  c: { code: string; name: string; cityName: string },
  row: JmaRow,
  jma: ReadonlyMap<string, JmaRow>,
  prefectureFull: string | undefined,
): string | { reason: string } {
  const kind = c.cityName.slice(-1) as Kind;
  if (!(kind in suffixOf)) return { reason: `name ends in ${kind}, not 市, 町, 村 or 区` };
  // A designated city's ward: JMA names it 「…市のうち…区」 with a short reading of city and ward (さっぽろきたく).
  const ward = /^(.+市)のうち(.+区)$/.exec(row.fullName);
  if (ward) {
    const cityRow = [...jma.values()].find((r) => r.fullName === ward[1]);
    const cityStem = cityRow ? stem(cityRow.reading, suffixOf['市']) : undefined;
    if (cityRow === undefined || cityStem === undefined) return { reason: `no reading of the city ${ward[1]}` };
    // The short name reads the city without 市 (札幌白石区: さっぽろ・しろいしく) or, for a few, with it after the
    // prefecture's (大阪堺市堺区: おおさか・さかいし・さかいく): the ward's reading follows the city's as written.
    const cityPart = row.shortName.includes(cityRow.name) ? cityRow.reading : cityStem;
    const at = row.shortReading.indexOf(cityPart);
    if (at < 0) return { reason: `ward reading ${row.shortReading} does not contain the city's ${cityPart}` };
    const wardStem = stem(row.shortReading.slice(at + cityPart.length), suffixOf['区']);
    if (wardStem === undefined) return { reason: `ward reading ${row.shortReading} does not end in く` };
    return `${latin(wardStem)} Ward, ${latin(cityStem)} City`;
  }
  const reading = readingOf(row, prefectureFull);
  if (reading === undefined) return { reason: 'JMA gives no reading' };
  const base = stem(reading, suffixOf[kind]);
  if (base === undefined) return { reason: `reading ${reading} does not end in the reading of ${kind}` };
  // Tokyo's special wards (特別区) are municipalities and call themselves cities in English (Chiyoda City).
  if (kind === '区') return /^131\d{3}$/.test(c.code) ? `${latin(base)} City` : { reason: 'a ward outside Tokyo that JMA lists as a municipality' };
  return `${latin(base)} ${kindWord[kind]}`;
}

main();
