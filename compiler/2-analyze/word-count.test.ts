/** @module wordCount's one-pass ASCII count agrees with the regex split it replaces, on generated text. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { wordCount } from "./sort.ts";

const bySplit = (written: string): number => written.split(/[\s*#_|]+/u).filter((piece) => piece.length > 0).length;

describe("wordCount", () => {
  it("counts the pieces between blanks, wildcards and |, as the regex split does", () => {
    const alphabet = fc.constantFrom(..."ab1 \t\n\v\f\r*#_|[]()@<>{}\u00a0é\u3000".split(""));
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 24 }), (chars) => {
        const written = chars.join("");
        expect(wordCount(written)).toBe(bySplit(written));
      }),
      { seed: 26, numRuns: 2000 },
    );
  });

  it("counts the examples of the sort's docs", () => {
    expect(wordCount("[*] hello [*]")).toBe(5);
    expect(wordCount("*")).toBe(0);
    expect(wordCount("my name is _")).toBe(3);
    expect(wordCount("")).toBe(0);
  });
});
