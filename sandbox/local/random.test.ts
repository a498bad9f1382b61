/** @module Seeded PRNG tests: repeatable, in range, spread. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { seededRandom } from "./random.ts";

describe("seededRandom", () => {
  it("repeats for a seed and differs between seeds", () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect([c(), c(), c()]).not.toEqual(first);
  });

  it("stays in [0, 1)", () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const r = seededRandom(seed);
        for (let i = 0; i < 20; i++) {
          const x = r();
          if (!(x >= 0 && x < 1)) return false;
        }
        return true;
      }),
    );
  });

  it("spreads values over the interval", () => {
    const r = seededRandom(7);
    const buckets = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) buckets[Math.floor(r() * 4)]! += 1;
    for (const count of buckets) expect(count).toBeGreaterThan(800);
  });
});
