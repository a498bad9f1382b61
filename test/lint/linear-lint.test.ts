/**
 * @module Compile and lint are linear in the file's size and nesting (issue 20, item 8): a 136 KB reply of 8,000
 * nested `{formal}` tags took ~10 s to lint, because the segment calculator splits a long text into graphemes
 * quadratically. Long texts are now estimated in one pass, which agrees with the calculator where both apply.
 */
import { describe, expect, it } from "vitest";
import { SegmentedMessage } from "sms-segments-calculator";
import { compile } from "../../compiler/index.ts";
import { lint } from "../../compiler/lint/index.ts";
import { estimateSegments } from "../../compiler/lint/segments.ts";

function nested(depth: number): string {
  return `+ hello\n- ${"{formal}".repeat(depth)}x${"{/formal}".repeat(depth)}\n\n+ *\n- ok\n`;
}

describe("linear compile and lint", () => {
  it("compiles and lints 8,000 nested {formal} tags (136 KB) in well under 2 s", () => {
    const text = nested(8000);
    expect(text.length).toBeGreaterThan(136_000);
    const started = performance.now();
    const { ir } = compile([{ path: "b.bot", text }]);
    lint(ir, { sources: [{ path: "b.bot", text }] });
    // A generous bound on a shared machine: the quadratic version took ~10 s, the linear one ~0.4 s.
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("estimates long texts as the calculator counts them", () => {
    const texts = [
      "{formal}".repeat(600), // GSM-7 with extension characters (2 septets each)
      "héllo wörld ".repeat(400), // GSM-7 basic with accents
      "Привет мир ".repeat(420), // UCS-2
      "a".repeat(4001) + "~",
    ];
    for (const text of texts) {
      expect(text.length).toBeGreaterThan(4000);
      const exact = new SegmentedMessage(text, "auto", false);
      const estimate = estimateSegments(text);
      expect({ encoding: estimate.encoding, segments: estimate.segments }, text.slice(0, 20)).toEqual({
        encoding: exact.encodingName === "UCS-2" ? "UCS-2" : "GSM-7",
        segments: exact.segmentsCount,
      });
      if (estimate.encoding === "UCS-2") expect(estimate.nonGsm).toEqual([...new Set(exact.getNonGsmCharacters())]);
    }
  });
});
