// The representative points of municipalities the map draws alerts at (data/municipality-points/, with its source,
// licence, method and coverage): no municipal boundary polygons ship with Tsunagu, so an alert is drawn per
// municipality as a symbol at a real place inside it, never as a made-up outline. Alert subscriptions by polygon use
// them too: a municipality an alert names counts as inside a polygon when its point does (docs/alerts.md).
import ishikawa from '../../data/municipality-points/ishikawa.json' with { type: 'json' };

/** Municipality code → its name and representative point, [lon, lat] WGS84. */
export type MunicipalityPoints = ReadonlyMap<string, { name: string; at: [number, number] }>;

export const municipalityPoints: MunicipalityPoints = new Map(
  Object.entries(ishikawa.points).map(([code, p]) => [code, { name: p.name, at: [p.at[0]!, p.at[1]!] as [number, number] }]),
);

export const municipalityPointsSource = { source: ishikawa.source, coverage: ishikawa.coverage };
