// The check every area a request sends goes through (`geometryProblems`: position and ring caps, closure, and the
// Shamos–Hoey sweep for self-crossing rings) on simple rings at the cap of 10,000 positions: a circle (short segments
// that barely overlap), a comb (long teeth whose x- and y-ranges all overlap), a star, and a zigzag (every segment
// spans the whole width, so all of them stand in the sweep's status at once: its hardest simple case). Baseline: one pass over the positions computing the bounding box (`bboxOf`) — what any use of the area costs
// at least.
import { bboxOf, geometryProblems, geometryProblemsSteps, MAX_AREA_VERTICES, type AreaGeometry, type LonLat } from '../src/model/geo.ts';
import { DEFAULT_SLICE_MS, finishYielding } from '../src/model/steps.ts';
import { medianMs, type Benchmark, type BenchResult } from './harness.ts';

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

/**
 * Run `work` while a chain of `setImmediate` ticks runs beside it, and return how long it took and the longest gap
 * between two ticks: the longest the event loop was held (what a /health arriving meanwhile could wait).
 */
async function longestBlock(work: () => Promise<unknown> | unknown): Promise<{ ms: number; blockMs: number }> {
  let last = performance.now();
  let longest = 0;
  let running = true;
  const tick = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  const start = performance.now();
  await work();
  const ms = performance.now() - start;
  running = false;
  longest = Math.max(longest, performance.now() - last);
  await new Promise((resolve) => setImmediate(resolve));
  return { ms, blockMs: longest };
}

export const areaCheckBenchmark: Benchmark = {
  name: 'area-check',
  description: 'checking a 10,000-position area (caps, closure, self-crossing sweep) vs one pass for its bounding box; in slices vs at once',
  async run() {
    const n = MAX_AREA_VERTICES - 1;
    const results: BenchResult[] = [];
    // One shape after another: timings taken concurrently would each include the others' work.
    for (const [shape, area] of [['circle', circle(n)], ['comb', comb(n)], ['star', star(n)], ['zigzag', zigzag(n)]] as const) {
      const problems = geometryProblems(area);
      if (problems.length > 0) throw new Error(`the ${shape} should be simple: ${problems.join('; ')}`);
      const checked = await medianMs(9, () => geometryProblems(area));
      const baseline = await medianMs(9, () => bboxOf(area));
      const size = area.coordinates.flat(2).length / 2;
      results.push({
        benchmark: 'area-check',
        size,
        tsunagu: { label: `geometryProblems, ${shape}`, value: checked, unit: 'ms' },
        baseline: { label: 'bboxOf', value: baseline, unit: 'ms', what: 'one pass over the positions' },
        ratio: checked / baseline,
        goal: 'well under the 200 ms another node may be delayed (issue 14)',
      });
      // The check as a route runs it (validateYielding), against the same check at once, each with a tick beside it.
      const runs: { sliced: { ms: number; blockMs: number }; atOnce: { ms: number; blockMs: number } }[] = [];
      for (let i = 0; i < 9; i++) {
        runs.push({ sliced: await longestBlock(() => finishYielding(geometryProblemsSteps(area))), atOnce: await longestBlock(() => geometryProblems(area)) });
      }
      const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      const slicedBlock = Math.max(...runs.map((r) => r.sliced.blockMs));
      const atOnceBlock = Math.max(...runs.map((r) => r.atOnce.blockMs));
      results.push({
        benchmark: 'area-check',
        size,
        tsunagu: { label: `longest event-loop block, in slices of ${DEFAULT_SLICE_MS} ms, ${shape}`, value: slicedBlock, unit: 'ms' },
        baseline: { label: 'at once', value: atOnceBlock, unit: 'ms', what: 'the same check without yielding' },
        ratio: slicedBlock / atOnceBlock,
        goal: `a few ms, whatever the area (the check yields every ${DEFAULT_SLICE_MS} ms)`,
        extra: [
          { label: 'whole check in slices (median of 9)', value: median(runs.map((r) => r.sliced.ms)), unit: 'ms' },
          { label: 'whole check at once (median of 9)', value: median(runs.map((r) => r.atOnce.ms)), unit: 'ms' },
        ],
      });
    }
    return results;
  },
};
