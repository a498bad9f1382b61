/** @module Line index and joined-text offset mapping. */
import { describe, expect, it } from "vitest";
import { compile } from "../index.ts";
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

  it("maps every piece of a reply continued over 20,000 lines", () => {
    const n = 20_000;
    const { ast, diagnostics } = compile([{ path: "a.bot", text: `! local concat = newline\n+ hi\n- start\n${"^ x\n".repeat(n)}^image(pic.png)\n` }]);
    expect(diagnostics).toEqual([]);
    const trigger = ast[0]?.body[1];
    if (trigger?.type !== "Trigger") throw new Error("expected the trigger");
    const body = trigger.replies[0]?.body ?? [];
    expect(body[0]).toEqual({ type: "text", value: `start${"\nx".repeat(n)}\n` });
    // The shortcode starts its own line, the last one: line 3 (the `-`) + n continuations + 1.
    expect(body[1]?.type).toBe("media");
    expect(body[1]?.span?.start).toMatchObject({ line: n + 4, column: 1 });
  });
});
