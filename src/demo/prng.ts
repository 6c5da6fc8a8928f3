// The demo's seeded generator: the shared mulberry32 draws of src/scenario/hash.ts, so the demo's synthetic data is
// the same on every machine. Not for anything secret: keys come from node:crypto.
import { Draws } from '../scenario/hash.ts';

export type Prng = Draws;

export function mulberry32(seed: number): Prng {
  return new Draws(seed);
}
