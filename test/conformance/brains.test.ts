/** @module The real-brains suite in `npm test`: each brain compiles, and agrees with rivescript 2.2.1 per turn (public brains through `BOT_BRAINS_DIR`). */
import { describe, expect, it } from "vitest";
import { accepted, extraBrainFolders, formatDifferences, formatReports, loadBrains, runBrain, type BrainReport } from "./brains.ts";

/**
 * Brains our compiler still refuses, with the codes it gives. These are known gaps, not passes: each is a failing
 * expectation (`it.fails`) so the day the brain compiles the test fails and the entry must go.
 */
const DOES_NOT_COMPILE_YET: Record<string, string[]> = {};

/**
 * Share of turns answered as rivescript could have answered (documented deviations counted as agreement), per brain.
 * A ratchet: raise a floor when agreement improves, never lower it.
 */
const FLOOR: Record<string, number> = {
  house: 1,
};
/** A brain added through `BOT_BRAINS_DIR` meets the bar. */
const DEFAULT_FLOOR = 0.99;
const floor = (name: string): number => FLOOR[name] ?? DEFAULT_FLOOR;

/** The whole suite's floor, on the same measure. */
const SUITE_FLOOR = 0.99;

const brains = loadBrains();
const reports = new Map<string, BrainReport>();

async function report(name: string): Promise<BrainReport> {
  const cached = reports.get(name);
  if (cached) return cached;
  const fresh = await runBrain(brains.find((b) => b.name === name)!);
  reports.set(name, fresh);
  return fresh;
}

describe("real brains against rivescript 2.2.1", () => {
  it("has every brain folder with its source and license note", async () => {
    const { existsSync } = await import("node:fs");
    const { BRAINS_DIR } = await import("./brains.ts");
    const extra = extraBrainFolders().map((b) => b.name);
    expect(brains.map((b) => b.name).sort()).toEqual([...Object.keys(FLOOR), ...extra].sort());
    for (const brain of brains.filter((b) => !extra.includes(b.name))) {
      expect(brain.files.length).toBeGreaterThan(0);
      expect(existsSync(`${BRAINS_DIR}${brain.name}/SOURCE.md`)).toBe(true);
      expect(existsSync(`${BRAINS_DIR}${brain.name}/LICENSE`)).toBe(true);
    }
  });

  for (const brain of brains) {
    const gap = DOES_NOT_COMPILE_YET[brain.name];
    const title = `${brain.name} compiles with no error`;
    if (gap) {
      it.fails(`${title} (KNOWN GAP: refused with ${gap.join(", ")})`, async () => {
        expect((await report(brain.name)).errors.map((e) => e.code)).toEqual([]);
      });
    } else {
      it(title, async () => {
        expect((await report(brain.name)).errors).toEqual([]);
      });
    }

    it(`${brain.name}: agreement per turn stays at or above its floor`, async () => {
      const r = await report(brain.name);
      expect(r.turns.length).toBeGreaterThanOrEqual(60);
      const share = accepted(r) / r.turns.length;
      if (share < floor(brain.name)) console.log(formatDifferences(r).join("\n"));
      expect(share).toBeGreaterThanOrEqual(floor(brain.name));
    });
  }

  it("prints the agreement table", async () => {
    const all = await Promise.all(brains.map((b) => report(b.name)));
    // The corpus must exercise real matching: most turns answered by a trigger in the reference.
    for (const r of all) expect(r.turns.filter((t) => t.theirs.first !== null).length).toBeGreaterThan(r.turns.length / 2);
    console.log(formatReports(all));
    const total = all.reduce((n, r) => n + r.turns.length, 0);
    expect(all.reduce((n, r) => n + accepted(r), 0) / total).toBeGreaterThanOrEqual(SUITE_FLOOR);
  });
});
