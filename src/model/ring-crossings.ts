// Where a linear ring crosses or touches itself: a pair of its segments that meet other than at the vertex two
// neighbouring segments share. Shamos–Hoey's sweep: segments enter an ordered status as the sweep passes their west
// end and leave at their east end, and only segments that become neighbours in it are tested — n log n tests, so the
// largest ring a node accepts (MAX_AREA_VERTICES) is checked in milliseconds, whatever its shape.
import type { LonLat } from './geo.ts';

export interface RingCrossing {
  /** Index of the first vertex of each segment (segment i runs from vertex i to vertex i + 1), the lower first. */
  first: number;
  second: number;
}

/** Sign of the turn a → b → c: 1 left, -1 right, 0 collinear. */
function turn(a: LonLat, b: LonLat, c: LonLat): number {
  const v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

/** Whether c, collinear with a–b, lies within the box of a–b. */
function within(a: LonLat, b: LonLat, c: LonLat): boolean {
  return Math.min(a[0], b[0]) <= c[0] && c[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= c[1] && c[1] <= Math.max(a[1], b[1]);
}

/** Whether the closed segments p1–p2 and q1–q2 share any point (touching counts). */
export function segmentsMeet(p1: LonLat, p2: LonLat, q1: LonLat, q2: LonLat): boolean {
  const d1 = turn(q1, q2, p1);
  const d2 = turn(q1, q2, p2);
  const d3 = turn(p1, p2, q1);
  const d4 = turn(p1, p2, q2);
  if (d1 * d2 < 0 && d3 * d4 < 0) return true;
  return (d1 === 0 && within(q1, q2, p1)) || (d2 === 0 && within(q1, q2, p2)) || (d3 === 0 && within(p1, p2, q1)) || (d4 === 0 && within(p1, p2, q2));
}

/** West-to-east, then south-to-north: the order the sweep meets positions in. */
const before = (a: LonLat, b: LonLat) => a[0] - b[0] || a[1] - b[1];

interface Segment {
  /** Its index among the deduplicated segments (ring neighbours differ by one, modulo n). */
  index: number;
  west: LonLat;
  east: LonLat;
}

/** The segment's latitude where the sweep stands (its south end for a vertical segment). */
function yAt(s: Segment, x: number): number {
  const [x0, y0] = s.west;
  const [x1, y1] = s.east;
  if (x1 === x0) return y0;
  if (x <= x0) return y0;
  if (x >= x1) return y1;
  return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
}

/** Where `s` sits in the status: found by its latitude at the sweep, then by identity among equal latitudes. */
function positionOf(status: readonly Segment[], s: Segment, x: number): number {
  const y = yAt(s, x);
  let lo = 0;
  let hi = status.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (yAt(status[mid]!, x) < y) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo; k < status.length && yAt(status[k]!, x) <= y; k++) if (status[k] === s) return k;
  // Rounding can misplace an equal latitude by one; a linear search is the rare fallback.
  return status.indexOf(s);
}

/**
 * The first crossing found in a closed ring (first position equal to the last), or undefined when it is simple.
 * Repeated consecutive positions are common in published outlines and are not crossings: they are skipped.
 */
export function ringCrossing(ring: readonly LonLat[]): RingCrossing | undefined {
  // Vertices without consecutive repeats, each with its index in the ring as given (for the message).
  const at: number[] = [];
  for (let i = 0; i < ring.length - 1; i++) {
    const p = ring[i]!;
    const prev = at.length > 0 ? ring[at[at.length - 1]!]! : undefined;
    if (prev === undefined || prev[0] !== p[0] || prev[1] !== p[1]) at.push(i);
  }
  while (at.length > 1 && before(ring[at[0]!]!, ring[at[at.length - 1]!]!) === 0) at.pop();
  const n = at.length;
  if (n < 3) return undefined;
  const vertex = (k: number) => ring[at[((k % n) + n) % n]!]!;
  const pair = (s: number, t: number): RingCrossing => {
    const [a, b] = [at[s]!, at[t]!].sort((x, y) => x - y) as [number, number];
    return { first: a, second: b };
  };
  const neighbours = (s: number, t: number) => (s + 1) % n === t || (t + 1) % n === s;

  // Neighbours share a vertex by construction; they meet elsewhere only when one folds back along the other.
  for (let s = 0; s < n; s++) {
    const a = vertex(s);
    const shared = vertex(s + 1);
    const c = vertex(s + 2);
    if (turn(a, shared, c) === 0 && (a[0] - shared[0]) * (c[0] - shared[0]) + (a[1] - shared[1]) * (c[1] - shared[1]) > 0) return pair(s, (s + 1) % n);
  }
  if (n === 3) return undefined;

  const segments: Segment[] = Array.from({ length: n }, (_, s) => {
    const p = vertex(s);
    const q = vertex(s + 1);
    return before(p, q) <= 0 ? { index: s, west: p, east: q } : { index: s, west: q, east: p };
  });
  // Entries before exits at the same position, so segments that only touch there are still compared.
  const events = segments.flatMap((s) => [{ at: s.west, s, enter: true }, { at: s.east, s, enter: false }]);
  events.sort((a, b) => before(a.at, b.at) || (a.enter === b.enter ? 0 : a.enter ? -1 : 1));

  const status: Segment[] = [];
  const meet = (s: Segment | undefined, t: Segment | undefined) =>
    s !== undefined && t !== undefined && !neighbours(s.index, t.index) && segmentsMeet(s.west, s.east, t.west, t.east);
  for (const e of events) {
    const x = e.at[0];
    if (e.enter) {
      const y = e.at[1];
      const slope = (s: Segment) => (s.east[0] === s.west[0] ? Infinity : (s.east[1] - s.west[1]) / (s.east[0] - s.west[0]));
      let lo = 0;
      let hi = status.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const other = status[mid]!;
        const oy = yAt(other, x);
        if (oy < y || (oy === y && slope(other) < slope(e.s))) lo = mid + 1;
        else hi = mid;
      }
      status.splice(lo, 0, e.s);
      // Every segment through this very position touches the new one: test them all, not just the nearest.
      for (let k = lo - 1; k >= 0 && yAt(status[k]!, x) === y; k--) if (meet(status[k], e.s)) return pair(status[k]!.index, e.s.index);
      for (let k = lo + 1; k < status.length && yAt(status[k]!, x) === y; k++) if (meet(status[k], e.s)) return pair(status[k]!.index, e.s.index);
      if (meet(status[lo - 1], e.s)) return pair(status[lo - 1]!.index, e.s.index);
      if (meet(status[lo + 1], e.s)) return pair(status[lo + 1]!.index, e.s.index);
    } else {
      const k = positionOf(status, e.s, x);
      if (k === -1) continue;
      status.splice(k, 1);
      if (meet(status[k - 1], status[k])) return pair(status[k - 1]!.index, status[k]!.index);
    }
  }
  return undefined;
}
