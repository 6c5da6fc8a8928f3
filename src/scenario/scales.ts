// The three scenario scales: which municipalities take part and how many person records they hold in all.

export const scaleNames = ['town', 'prefecture', 'national'] as const;
export type ScaleName = (typeof scaleNames)[number];

export interface ScaleDefinition {
  name: ScaleName;
  /** Person records across every node (support lists + clinic patients + care clients). */
  defaultPersons: number;
  /** Whether a municipality (by local government code) takes part. */
  includes: (code: string) => boolean;
  /** Whether prefectures run a node of their own (wide-area supply depots). */
  prefectureNodes: boolean;
}

export const scales: Readonly<Record<ScaleName, ScaleDefinition>> = {
  // Nanao, the demo's city: one municipality, its clinic group and care provider.
  town: { name: 'town', defaultPersons: 5_000, includes: (code) => code === '172022', prefectureNodes: false },
  // Ishikawa's 19 municipalities, as in the Noto 2024 demo.
  prefecture: { name: 'prefecture', defaultPersons: 100_000, includes: (code) => code.startsWith('17'), prefectureNodes: true },
  national: { name: 'national', defaultPersons: 10_000_000, includes: () => true, prefectureNodes: true },
};

export function isScaleName(s: string): s is ScaleName {
  return (scaleNames as readonly string[]).includes(s);
}
