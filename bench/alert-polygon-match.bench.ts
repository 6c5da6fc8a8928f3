// Matching one changed alert against an alert subscription by polygon (`alertMeetsArea`, run inside the write's
// transaction for every such subscription): a subscription polygon at the cap of 10,000 positions against an alert
// circle (a 64-gon) that overlaps it, that lies in its bounding box without meeting it (every edge pair tested — the
// worst case), and that lies far away (rejected by the boxes). Baseline: one point-in-polygon test on the same
// polygon — the least any use of the polygon costs.
import { alertMeetsArea, containsPoint, MAX_AREA_VERTICES, type AreaGeometry, type LonLat } from '../src/model/index.ts';
import { medianMs, type Benchmark } from './harness.ts';

/** A ring of n positions around a centre, closed. */
function ring(n: number, [lon, lat]: LonLat, radius: number): LonLat[] {
  const points = Array.from({ length: n }, (_, i): LonLat => [lon + Math.cos((2 * Math.PI * i) / n) * radius, lat + Math.sin((2 * Math.PI * i) / n) * radius]);
  return [...points, points[0]!];
}

/** A ring-shaped subscription (a disc with a hole), so an alert can sit inside its box without meeting it. */
const subscription: AreaGeometry = { type: 'Polygon', coordinates: [ring(MAX_AREA_VERTICES / 2 - 1, [137, 37], 0.3), ring(MAX_AREA_VERTICES / 2 - 2, [137, 37], 0.2).reverse()] };

const alertAt = (center: LonLat) => ({ areaCodes: [], polygons: [], circles: [{ center, radiusKm: 3 }] });

export const alertPolygonMatchBenchmark: Benchmark = {
  name: 'alert-polygon-match',
  description: 'one alert circle against a 10,000-position subscription polygon (meets, in its hole, far away) vs one point-in-polygon test',
  async run() {
    const baseline = await medianMs(9, () => containsPoint(subscription, [137.25, 37]));
    const cases = [
      ['meets its edge', alertAt([137.3, 37]), true],
      ['inside its hole (no edge meets)', alertAt([137, 37]), false],
      ['far away', alertAt([140, 40]), false],
    ] as const;
    return Promise.all(
      cases.map(async ([what, alert, expected]) => {
        if (alertMeetsArea(alert, subscription, []) !== expected) throw new Error(`the alert ${what} should ${expected ? '' : 'not '}meet the polygon`);
        const ms = await medianMs(9, () => alertMeetsArea(alert, subscription, []));
        return {
          benchmark: 'alert-polygon-match',
          size: MAX_AREA_VERTICES,
          tsunagu: { label: `alertMeetsArea, ${what}`, value: ms, unit: 'ms' },
          baseline: { label: 'containsPoint', value: baseline, unit: 'ms', what: 'one point-in-polygon test' },
          ratio: ms / baseline,
          goal: 'a few ms per subscription and changed alert: it runs inside the write transaction',
        };
      }),
    );
  },
};
