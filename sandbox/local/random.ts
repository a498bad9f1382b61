/** @module A seeded PRNG (mulberry32) so local runs, `bot chat --seed` and transcripts repeat exactly. */
import type { Random } from "../../engine/types.ts";

/** Uniform in [0, 1) from a 32-bit seed; the same seed gives the same sequence on every platform. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
