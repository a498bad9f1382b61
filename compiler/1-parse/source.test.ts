/** @module Line index and joined-text offset mapping. */
import { describe, expect, it } from "vitest";
import { appendSource, createLineIndex, positionAt, sliceSource, sourceText, spanOf } from "./source.ts";

describe("source positions", () => {
  it("counts CRLF, CR and LF as one line break each", () => {
    const index = createLineIndex("a.bot", "a\r\nb\rc\nd");
    expect([3, 5, 7].map((o) => positionAt(index, o))).toEqual([
      { offset: 3, line: 2, column: 1 },
      { offset: 5, line: 3, column: 1 },
      { offset: 7, line: 4, column: 1 },
    ]);
  });

  it("maps indices of joined continuation text back to each line, ending a span on its own line", () => {
    const text = "- one\n^ two";
    const index = createLineIndex("a.bot", text);
    const joined = appendSource(sourceText(index, "one", 2), " ", "two", 8);
    expect(joined.text).toBe("one two");
    expect(spanOf(joined, 4, 7)).toMatchObject({ start: { line: 2, column: 3 }, end: { line: 2, column: 6 } });
    expect(spanOf(joined, 0, 3)).toMatchObject({ start: { line: 1, column: 3 }, end: { line: 1, column: 6 } });
    expect(spanOf(sliceSource(joined, 4), 0, 3)).toMatchObject({ start: { line: 2, column: 3 } });
  });
});
