/** @module formatDiagnostic: the head line and the code frame. */
import { describe, expect, it } from "vitest";
import { FRAME_WIDTH, formatDiagnostic } from "./format.ts";
import type { Diagnostic } from "./types.ts";

const diag = (line: number, column: number, endLine: number, endColumn: number): Diagnostic => ({
  code: "BOT013",
  severity: "error",
  message: "Triggers are written in lowercase: `H` is uppercase",
  span: { file: "bot/a.bot", start: { offset: 0, line, column }, end: { offset: 0, line: endLine, column: endColumn } },
});

describe("formatDiagnostic", () => {
  it("prints file:line:col CODE message and carets under the span", () => {
    expect(formatDiagnostic(diag(2, 3, 2, 8), "// x\n+ Hello\n- hi\n")).toBe(
      "bot/a.bot:2:3 BOT013 Triggers are written in lowercase: `H` is uppercase\n2 | + Hello\n  |   ^^^^^",
    );
  });

  it("underlines to the end of the first line when the span covers several lines, and expands tabs", () => {
    expect(
      formatDiagnostic(diag(1, 2, 3, 1), "\t> topic x\n+ a\n- b\n")
        .split("\n")
        .slice(1),
    ).toEqual(["1 |   > topic x", "  |   ^^^^^^^^^"]);
  });

  it("prints one caret for an empty span and only the head without source", () => {
    expect(formatDiagnostic(diag(1, 9, 1, 9), "+ a (b||c)").split("\n")[2]).toBe("  |         ^");
    expect(formatDiagnostic(diag(1, 1, 1, 2))).toBe("bot/a.bot:1:1 BOT013 Triggers are written in lowercase: `H` is uppercase");
  });

  it("cuts a long line around the span instead of printing 2,000 characters and a 2,000-caret line", () => {
    const line = `- ${"word ".repeat(300)}HERE${" more".repeat(100)}`;
    const column = line.indexOf("HERE") + 1;
    const [, code, carets] = formatDiagnostic(diag(1, column, 1, column + 4), line).split("\n");
    expect(code!.length).toBeLessThanOrEqual(FRAME_WIDTH + 10);
    expect(code).toMatch(/^1 \| …word .*HERE.*…$/);
    expect(carets!.indexOf("^")).toBe(code!.indexOf("HERE"));
    expect(carets!.slice(carets!.indexOf("^"))).toBe("^^^^");
    // A span as long as the whole line: the carets stop at the cut.
    const [, wide, wideCarets] = formatDiagnostic(diag(1, 1, 1, line.length + 1), line).split("\n");
    expect(wide!.length).toBeLessThanOrEqual(FRAME_WIDTH + 10);
    expect(wideCarets!.length).toBeLessThanOrEqual(FRAME_WIDTH + 10);
  });
});
