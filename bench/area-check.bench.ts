// The check every area a request sends goes through (`geometryProblems`: position and ring caps, closure, and the
// Shamos–Hoey sweep for self-crossing rings) on simple rings at the cap of 10,000 positions: a circle (short segments
// that barely overlap), a comb (long teeth whose x- and y-ranges all overlap), a star, and a zigzag (every segment
// spans the whole width, so all of them stand in the sweep's status at once: its hardest simple case). Baseline: one pass over the positions computing the bounding box (`bboxOf`) — what any use of the area costs
// at least.
import { bboxOf, geometryProblems, MAX_AREA_VERTICES, type AreaGeometry, type LonLat } from '../src/model/geo.ts';
import { medianMs, type Benchmark } from './harness.ts';

const closed = (points: LonLat[]): AreaGeometry => ({ type: 'Polygon', coordinates: [[...points, points[0]!]] });

function circle(n: number): AreaGeometry {
  return closed(Array.from({ length: n }, (_, i): LonLat => [137 + Math.cos((2 * Math.PI * i) / n) * 0.1, 37 + Math.sin((2 * Math.PI * i) / n) * 0.1]));
}

/** A bar along the bottom with n/4 teeth standing on it, each 0.1° tall. */
function comb(n: number): AreaGeometry {
  const teeth = Math.floor((n - 2) / 4);
  const w = 0.0001;
  const points: LonLat[] = [[137, 36.99], [137 + (2 * teeth) * w, 36.99]];
  for (let i = teeth - 1; i >= 0; i--) points.push([137 + (2 * i + 1) * w, 37], [137 + (2 * i + 1) * w, 37.1], [137 + 2 * i * w, 37.1], [137 + 2 * i * w, 37]);
  return closed(points);
}

function star(n: number): AreaGeometry {
  return closed(Array.from({ length: n }, (_, i): LonLat => {
    const r = i % 2 === 0 ? 0.1 : 0.02;
    return [137 + Math.cos((2 * Math.PI * i) / n) * r, 37 + Math.sin((2 * Math.PI * i) / n) * r];
  }));
}

/** Zigzag northwards between two meridians, closed by a return along a third west of them. */
function zigzag(n: number): AreaGeometry {
  const m = n - 2;
  const step = 0.00001;
  const points: LonLat[] = Array.from({ length: m }, (_, i): LonLat => [i % 2 === 0 ? 137 : 137.1, 37 + i * step]);
  points.push([136.99, 37 + m * step], [136.99, 36.99]);
  return closed(points);
}

export const areaCheckBenchmark: Benchmark = {
  name: 'area-check',
  description: 'checking a 10,000-position area (caps, closure, self-crossing sweep) vs one pass for its bounding box',
  async run() {
    const n = MAX_AREA_VERTICES - 1;
    return Promise.all(
      ([['circle', circle(n)], ['comb', comb(n)], ['star', star(n)], ['zigzag', zigzag(n)]] as const).map(async ([shape, area]) => {
        const problems = geometryProblems(area);
        if (problems.length > 0) throw new Error(`the ${shape} should be simple: ${problems.join('; ')}`);
        const checked = await medianMs(9, () => geometryProblems(area));
        const baseline = await medianMs(9, () => bboxOf(area));
        return {
          benchmark: 'area-check',
          size: area.coordinates.flat(2).length / 2,
          tsunagu: { label: `geometryProblems, ${shape}`, value: checked, unit: 'ms' },
          baseline: { label: 'bboxOf', value: baseline, unit: 'ms', what: 'one pass over the positions' },
          ratio: checked / baseline,
          goal: 'well under the 200 ms another node may be delayed (issue 14)',
        };
      }),
    );
  },
};
