/** @module compile() with a parse cache (what the language server keeps per bot) gives exactly what a fresh compile gives. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { compile, type CompileOptions } from "../../compiler/index.ts";
import { commandLines, validScript } from "../compiler/arbitraries.ts";

describe("compile with a parse cache (fast-check, seed 7)", () => {
  it("editing one file of two, then removing it: same IR and diagnostics as compiling from scratch (40 runs)", () => {
    fc.assert(
      fc.property(validScript, fc.oneof(validScript, commandLines), fc.oneof(validScript, commandLines), (a, b, edited) => {
        const cache: NonNullable<CompileOptions["parseCache"]> = new Map();
        compile(
          [
            { path: "a.bot", text: a },
            { path: "b.bot", text: b },
          ],
          { parseCache: cache },
        );
        const after = [
          { path: "a.bot", text: a },
          { path: "b.bot", text: edited },
        ];
        expect(compile(after, { parseCache: cache })).toEqual(compile(after));
        expect(compile([{ path: "a.bot", text: a }], { parseCache: cache })).toEqual(compile([{ path: "a.bot", text: a }]));
        expect([...cache.keys()]).toEqual(["a.bot"]);
      }),
      { seed: 7, numRuns: 40 },
    );
  }, 120_000);
});
