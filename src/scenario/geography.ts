// Prefecture-level figures the generator needs but the bundled GSI layer lacks: population (2020 census, rounded to
// thousands), the prefectural office's position and its telephone area code. Ishikawa's municipalities are listed
// one by one so the prefecture scale is close to the real one; elsewhere populations are spread by municipality type.

export interface PrefectureFacts {
  /** Population in thousands (2020 census, rounded). */
  populationK: number;
  /** Prefectural office, [lon, lat]. */
  office: [number, number];
  /** Telephone area code of the prefectural capital. */
  phoneArea: string;
}

export const prefectureFacts: Readonly<Record<string, PrefectureFacts>> = {
  '01': { populationK: 5225, office: [141.347, 43.064], phoneArea: '011' },
  '02': { populationK: 1238, office: [140.74, 40.824], phoneArea: '017' },
  '03': { populationK: 1211, office: [141.153, 39.704], phoneArea: '019' },
  '04': { populationK: 2302, office: [140.872, 38.269], phoneArea: '022' },
  '05': { populationK: 960, office: [140.102, 39.719], phoneArea: '018' },
  '06': { populationK: 1068, office: [140.363, 38.24], phoneArea: '023' },
  '07': { populationK: 1833, office: [140.468, 37.75], phoneArea: '024' },
  '08': { populationK: 2867, office: [140.447, 36.341], phoneArea: '029' },
  '09': { populationK: 1933, office: [139.884, 36.566], phoneArea: '028' },
  '10': { populationK: 1939, office: [139.061, 36.391], phoneArea: '027' },
  '11': { populationK: 7345, office: [139.649, 35.857], phoneArea: '048' },
  '12': { populationK: 6284, office: [140.123, 35.605], phoneArea: '043' },
  '13': { populationK: 14048, office: [139.692, 35.69], phoneArea: '03' },
  '14': { populationK: 9237, office: [139.642, 35.448], phoneArea: '045' },
  '15': { populationK: 2201, office: [139.024, 37.902], phoneArea: '025' },
  '16': { populationK: 1035, office: [137.211, 36.695], phoneArea: '076' },
  '17': { populationK: 1133, office: [136.626, 36.594], phoneArea: '076' },
  '18': { populationK: 767, office: [136.222, 36.065], phoneArea: '0776' },
  '19': { populationK: 810, office: [138.568, 35.664], phoneArea: '055' },
  '20': { populationK: 2048, office: [138.181, 36.651], phoneArea: '026' },
  '21': { populationK: 1979, office: [136.722, 35.391], phoneArea: '058' },
  '22': { populationK: 3633, office: [138.383, 34.977], phoneArea: '054' },
  '23': { populationK: 7542, office: [136.907, 35.18], phoneArea: '052' },
  '24': { populationK: 1770, office: [136.509, 34.73], phoneArea: '059' },
  '25': { populationK: 1414, office: [135.868, 35.004], phoneArea: '077' },
  '26': { populationK: 2578, office: [135.756, 35.021], phoneArea: '075' },
  '27': { populationK: 8838, office: [135.52, 34.686], phoneArea: '06' },
  '28': { populationK: 5465, office: [135.183, 34.691], phoneArea: '078' },
  '29': { populationK: 1324, office: [135.833, 34.685], phoneArea: '0742' },
  '30': { populationK: 923, office: [135.167, 34.226], phoneArea: '073' },
  '31': { populationK: 553, office: [134.238, 35.504], phoneArea: '0857' },
  '32': { populationK: 671, office: [133.05, 35.472], phoneArea: '0852' },
  '33': { populationK: 1888, office: [133.935, 34.662], phoneArea: '086' },
  '34': { populationK: 2800, office: [132.459, 34.396], phoneArea: '082' },
  '35': { populationK: 1342, office: [131.471, 34.186], phoneArea: '083' },
  '36': { populationK: 720, office: [134.559, 34.066], phoneArea: '088' },
  '37': { populationK: 950, office: [134.043, 34.34], phoneArea: '087' },
  '38': { populationK: 1335, office: [132.766, 33.842], phoneArea: '089' },
  '39': { populationK: 692, office: [133.531, 33.56], phoneArea: '088' },
  '40': { populationK: 5135, office: [130.418, 33.606], phoneArea: '092' },
  '41': { populationK: 811, office: [130.299, 33.249], phoneArea: '0952' },
  '42': { populationK: 1312, office: [129.873, 32.745], phoneArea: '095' },
  '43': { populationK: 1738, office: [130.742, 32.79], phoneArea: '096' },
  '44': { populationK: 1124, office: [131.613, 33.238], phoneArea: '097' },
  '45': { populationK: 1070, office: [131.424, 31.911], phoneArea: '0985' },
  '46': { populationK: 1588, office: [130.558, 31.56], phoneArea: '099' },
  '47': { populationK: 1467, office: [127.681, 26.212], phoneArea: '098' },
};

/** Ishikawa's municipalities: population (2020 census, thousands) and telephone area code. */
export const ishikawaMunicipalities: Readonly<Record<string, { populationK: number; phoneArea: string }>> = {
  '172014': { populationK: 463, phoneArea: '076' }, // 金沢市
  '172022': { populationK: 50, phoneArea: '0767' }, // 七尾市
  '172031': { populationK: 107, phoneArea: '0761' }, // 小松市
  '172049': { populationK: 24, phoneArea: '0768' }, // 輪島市
  '172057': { populationK: 13, phoneArea: '0768' }, // 珠洲市
  '172065': { populationK: 63, phoneArea: '0761' }, // 加賀市
  '172073': { populationK: 20, phoneArea: '0767' }, // 羽咋市
  '172090': { populationK: 35, phoneArea: '076' }, // かほく市
  '172103': { populationK: 113, phoneArea: '076' }, // 白山市
  '172111': { populationK: 48, phoneArea: '0761' }, // 能美市
  '172120': { populationK: 53, phoneArea: '076' }, // 野々市市
  '173240': { populationK: 6, phoneArea: '076' }, // 川北町
  '173614': { populationK: 37, phoneArea: '076' }, // 津幡町
  '173657': { populationK: 26, phoneArea: '076' }, // 内灘町
  '173843': { populationK: 19, phoneArea: '0767' }, // 志賀町
  '173860': { populationK: 12, phoneArea: '0767' }, // 宝達志水町
  '174076': { populationK: 17, phoneArea: '0767' }, // 中能登町
  '174611': { populationK: 8, phoneArea: '0768' }, // 穴水町
  '174637': { populationK: 16, phoneArea: '0768' }, // 能登町
};

/**
 * Relative size of a municipality by its type, for prefectures without a per-municipality table: Tokyo's special
 * wards and designated-city wards are large, cities medium, towns and villages small.
 */
export function municipalityWeight(code: string, name: string): number {
  if (code.startsWith('131')) return 8;
  if (/市.+区$/.test(name)) return 4;
  if (name.endsWith('市')) return 3;
  if (name.endsWith('村')) return 0.2;
  return 0.7;
}
