// Stateless seeding: every synthetic person is a pure function of (seed, municipality, index), so any node can
// regenerate exactly the people it holds without remembering anyone else — memory stays flat at any scale.

/** MurmurHash3's finaliser: a bijection on 32-bit integers with good avalanche. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit seed from up to four integers (each taken mod 2^32). */
export function seedOf(a: number, b = 0, c = 0, d = 0): number {
  let h = fmix32((a >>> 0) ^ 0x9e3779b9);
  h = fmix32((h + Math.imul(b >>> 0, 0x85ebca6b)) >>> 0);
  h = fmix32((h ^ Math.imul(c >>> 0, 0xc2b2ae35)) >>> 0);
  h = fmix32((h + Math.imul(d >>> 0, 0x27d4eb2f)) >>> 0);
  return h;
}

/** A uniform number in [0, 1) from the same inputs as `seedOf`. */
export function uniformOf(a: number, b = 0, c = 0, d = 0): number {
  return seedOf(a, b, c, d) / 4294967296;
}

/** FNV-1a of a string: a stable 32-bit salt from a name (node ids, file kinds). */
export function saltOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * An opaque 8-hex-digit local id: a bijection of `index` under a salt, so ids are unique within one salt and
 * reveal neither the hidden person index nor the same person's id on another node.
 */
export function opaqueId(index: number, salt: number): string {
  return fmix32(((index >>> 0) ^ salt) >>> 0).toString(16).padStart(8, '0');
}

/**
 * The mulberry32 generator every synthetic population draws from (the demo's through src/demo/prng.ts), as a class:
 * the same draws for the same seed, without creating closures per instance — the scenario makes one per person,
 * millions of times.
 */
export class Draws {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max] (both included). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('cannot pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1]![0];
  }

  /** `count` distinct items, in a seeded order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = [...items];
    const n = Math.min(count, copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.next() * (copy.length - i));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, n);
  }
}
