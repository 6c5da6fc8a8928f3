// The representative points of municipalities: for Ishikawa the medoid of each municipality's shelters
// (data/municipality-points/, with its source, licence, method and coverage), where the map draws an alert without a
// boundary; for all Japan the label point of each municipality's and ward's bundled boundary
// (data/municipality-boundaries/index.json: always inside its area). Alert subscriptions by polygon use them: a
// municipality an alert names counts as inside a polygon when its point does (docs/alerts.md).
import ishikawa from '../../data/municipality-points/ishikawa.json' with { type: 'json' };
import boundaries from '../../data/municipality-boundaries/index.json' with { type: 'json' };

/** Municipality code → its name and representative point, [lon, lat] WGS84. */
export type MunicipalityPoints = ReadonlyMap<string, { name: string; at: [number, number] }>;

export const municipalityPoints: MunicipalityPoints = new Map(
  Object.entries(ishikawa.points).map(([code, p]) => [code, { name: p.name, at: [p.at[0]!, p.at[1]!] as [number, number] }]),
);

export const municipalityPointsSource = { source: ishikawa.source, coverage: ishikawa.coverage };

/**
 * A point inside every municipality, designated city and ward of Japan the bundled boundaries draw (prefectures are not
 * municipalities), Ishikawa's shelter medoids first: what a polygon subscription is matched by.
 */
export const nationalMunicipalityPoints: MunicipalityPoints = (() => {
  const points = new Map<string, { name: string; at: [number, number] }>();
  for (const [code, row] of Object.entries(boundaries.areas as unknown as Record<string, [string, string, string, [number, number]]>)) {
    const [, kind, name, label] = row;
    if (kind !== 'prefecture') points.set(code, { name, at: [label[0], label[1]] });
  }
  for (const [code, p] of municipalityPoints) points.set(code, p);
  return points;
})();
