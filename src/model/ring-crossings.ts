// Where a linear ring crosses or touches itself: a pair of its segments that meet other than at the vertex two
// neighbouring segments share. Shamos–Hoey's sweep: segments enter an ordered status as the sweep passes their west
// end and leave at their east end, and only segments that become neighbours in it are tested — n log n tests, so the
// largest ring a node accepts (MAX_AREA_VERTICES) is checked in milliseconds, whatever its shape. Written as steps
// (src/model/steps.ts) so that a server can check a ring in slices with its event loop free in between.
import type { LonLat } from './geo.ts';
import { finish, type Steps } from './steps.ts';

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

/** Events between two pauses of the steps: a few hundred microseconds of work on this machine. */
const EVENTS_PER_STEP = 256;

/**
 * The sweep's status: the segments the sweep line crosses, south to north at the sweep's position, as a treap over
 * segment indices (typed arrays, no allocation per event) with parent links, so that a segment leaves by its own node
 * — no search — and its neighbours are found in O(log n). A sorted array's insert and removal move O(n) entries each,
 * quadratic for a ring whose segments all span one another (a zigzag), the hardest ring a requester could send.
 */
class SweepStatus {
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private readonly parent: Int32Array;
  private readonly priority: Uint32Array;
  private root = -1;

  constructor(n: number) {
    this.left = new Int32Array(n).fill(-1);
    this.right = new Int32Array(n).fill(-1);
    this.parent = new Int32Array(n).fill(-1);
    this.priority = new Uint32Array(n);
    // Fixed xorshift priorities: the tree's shape never changes the order of the status, only its depth.
    let x = 0x9e3779b9;
    for (let i = 0; i < n; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      this.priority[i] = x >>> 0;
    }
  }

  /** Insert `s` before the first segment `below(other)` is false for (the leftmost place among equals). */
  insert(s: number, below: (other: number) => boolean): void {
    let p = -1;
    let node = this.root;
    let goRight = false;
    while (node !== -1) {
      p = node;
      goRight = below(node);
      node = goRight ? this.right[node]! : this.left[node]!;
    }
    this.parent[s] = p;
    this.left[s] = -1;
    this.right[s] = -1;
    if (p === -1) this.root = s;
    else if (goRight) this.right[p] = s;
    else this.left[p] = s;
    while (this.parent[s] !== -1 && this.priority[this.parent[s]!]! < this.priority[s]!) this.rotateUp(s);
  }

  remove(s: number): void {
    // Rotated down below its higher-priority child until it is a leaf, then cut off.
    for (;;) {
      const l = this.left[s]!;
      const r = this.right[s]!;
      if (l === -1 && r === -1) break;
      const child = r === -1 || (l !== -1 && this.priority[l]! > this.priority[r]!) ? l : r;
      this.rotateUp(child);
    }
    const p = this.parent[s]!;
    if (p === -1) this.root = -1;
    else if (this.left[p] === s) this.left[p] = -1;
    else this.right[p] = -1;
    this.parent[s] = -1;
  }

  /** The segment just south of `s`, or -1. */
  below(s: number): number {
    let node = this.left[s]!;
    if (node !== -1) {
      while (this.right[node] !== -1) node = this.right[node]!;
      return node;
    }
    node = s;
    let p = this.parent[node]!;
    while (p !== -1 && this.left[p] === node) {
      node = p;
      p = this.parent[node]!;
    }
    return p;
  }

  /** The segment just north of `s`, or -1. */
  above(s: number): number {
    let node = this.right[s]!;
    if (node !== -1) {
      while (this.left[node] !== -1) node = this.left[node]!;
      return node;
    }
    node = s;
    let p = this.parent[node]!;
    while (p !== -1 && this.right[p] === node) {
      node = p;
      p = this.parent[node]!;
    }
    return p;
  }

  private rotateUp(x: number): void {
    const p = this.parent[x]!;
    const g = this.parent[p]!;
    if (this.left[p] === x) {
      const b = this.right[x]!;
      this.left[p] = b;
      if (b !== -1) this.parent[b] = p;
      this.right[x] = p;
    } else {
      const b = this.left[x]!;
      this.right[p] = b;
      if (b !== -1) this.parent[b] = p;
      this.left[x] = p;
    }
    this.parent[p] = x;
    this.parent[x] = g;
    if (g === -1) this.root = x;
    else if (this.left[g] === p) this.left[g] = x;
    else this.right[g] = x;
  }
}

/**
 * A stable merge sort as steps: the sweep's 20,000 events take milliseconds to sort, too long to hold the event loop
 * in one piece on a loaded machine. Stable, so it orders exactly as `Array.prototype.sort` with the same comparator.
 */
function* stableSortSteps(items: number[], compare: (a: number, b: number) => number): Steps<number[]> {
  const n = items.length;
  let from = items;
  let to = new Array<number>(n);
  const RUN = 16;
  for (let lo = 0; lo < n; lo += RUN) {
    const hi = Math.min(lo + RUN, n);
    for (let i = lo + 1; i < hi; i++) {
      const item = from[i]!;
      let j = i;
      for (; j > lo && compare(from[j - 1]!, item) > 0; j--) from[j] = from[j - 1]!;
      from[j] = item;
    }
  }
  let merged = 0;
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      // The left run's item goes first unless the right one is strictly smaller: equal items keep their order.
      while (i < mid && j < hi) to[k++] = compare(from[j]!, from[i]!) < 0 ? from[j++]! : from[i++]!;
      while (i < mid) to[k++] = from[i++]!;
      while (j < hi) to[k++] = from[j++]!;
      merged += hi - lo;
      if (merged >= 16 * EVENTS_PER_STEP) {
        merged = 0;
        yield;
      }
    }
    [from, to] = [to, from];
  }
  return from;
}

/**
 * The first crossing found in a closed ring (first position equal to the last), or undefined when it is simple.
 * Repeated consecutive positions are common in published outlines and are not crossings: they are skipped.
 */
export function ringCrossing(ring: readonly LonLat[]): RingCrossing | undefined {
  return finish(ringCrossingSteps(ring));
}

/** `ringCrossing` as steps: the same answer, pausing every few hundred events of the sweep. */
export function* ringCrossingSteps(ring: readonly LonLat[]): Steps<RingCrossing | undefined> {
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
    if (s % (4 * EVENTS_PER_STEP) === 0) yield;
  }
  if (n === 3) return undefined;

  // Segment s runs from vertex s to vertex s + 1; its ends as the sweep meets them.
  const west: LonLat[] = new Array<LonLat>(n);
  const east: LonLat[] = new Array<LonLat>(n);
  for (let s = 0; s < n; s++) {
    const p = vertex(s);
    const q = vertex(s + 1);
    const forward = before(p, q) <= 0;
    west[s] = forward ? p : q;
    east[s] = forward ? q : p;
  }
  /** The segment's latitude where the sweep stands (its south end for a vertical segment). */
  const yAt = (s: number, x: number): number => {
    const [x0, y0] = west[s]!;
    const [x1, y1] = east[s]!;
    if (x1 === x0) return y0;
    if (x <= x0) return y0;
    if (x >= x1) return y1;
    return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
  };
  const slope = (s: number) => (east[s]![0] === west[s]![0] ? Infinity : (east[s]![1] - west[s]![1]) / (east[s]![0] - west[s]![0]));

  // Event 2s is segment s entering, 2s + 1 leaving; entries before exits at the same position, so segments that only
  // touch there are still compared. The sort is stable, so equal events keep this order.
  const events = yield* stableSortSteps(
    Array.from({ length: 2 * n }, (_, e) => e),
    (a, b) => before(a & 1 ? east[a >> 1]! : west[a >> 1]!, b & 1 ? east[b >> 1]! : west[b >> 1]!) || (a & 1) - (b & 1),
  );

  const status = new SweepStatus(n);
  const meet = (s: number, t: number) => s !== -1 && t !== -1 && !neighbours(s, t) && segmentsMeet(west[s]!, east[s]!, west[t]!, east[t]!);
  for (let i = 0; i < events.length; i++) {
    if (i % EVENTS_PER_STEP === EVENTS_PER_STEP - 1) yield;
    const e = events[i]!;
    const s = e >> 1;
    if ((e & 1) === 0) {
      const [x, y] = west[s]!;
      const slopeS = slope(s);
      status.insert(s, (other) => {
        const oy = yAt(other, x);
        return oy < y || (oy === y && slope(other) < slopeS);
      });
      const south = status.below(s);
      const north = status.above(s);
      // Every segment through this very position touches the new one: test them all, not just the nearest.
      for (let k = south; k !== -1 && yAt(k, x) === y; k = status.below(k)) if (meet(k, s)) return pair(k, s);
      for (let k = north; k !== -1 && yAt(k, x) === y; k = status.above(k)) if (meet(k, s)) return pair(k, s);
      if (meet(south, s)) return pair(south, s);
      if (meet(north, s)) return pair(north, s);
    } else {
      const south = status.below(s);
      const north = status.above(s);
      status.remove(s);
      if (meet(south, north)) return pair(south, north);
    }
  }
  return undefined;
}
