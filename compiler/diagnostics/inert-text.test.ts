/** @module The one escaping of control characters for terminal output. */
import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "./format.ts";
import { inertJson, inertLine, inertText } from "./inert-text.ts";

const HOSTILE = "a\x1b[2Jb\x1b]52;c;aGk=\x07c\rfake\x9b31md\u202egnp.exe\u2066e\x7f\x00";

describe("inert text", () => {
  it("escapes C0 (but newline and tab), DEL, C1 and bidi controls", () => {
    expect(inertText(`${HOSTILE}\n\tx`)).toBe("a\\x1b[2Jb\\x1b]52;c;aGk=\\x07c\\rfake\\x9b31md\\u202egnp.exe\\u2066e\\x7f\\x00\n\tx");
  });

  it("keeps ordinary text, emoji and other scripts as they are", () => {
    const text = "Hi José, 你好 👋 — \\x1b typed by hand";
    expect(inertText(text)).toBe(text);
    expect(inertLine(text)).toBe(text);
  });

  it("inertLine shows newline and tab as escapes too", () => {
    expect(inertLine("a\nb\tc\r")).toBe("a\\nb\\tc\\r");
  });

  it("inertJson parses back to the same value and holds no raw control", () => {
    const value = { body: HOSTILE, n: 1 };
    const json = inertJson(value);
    expect(JSON.parse(json)).toEqual(value);
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    expect(json).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(JSON.parse(inertJson(value, 2))).toEqual(value);
  });

  it("diagnostics quote source text escaped, with the carets under the span", () => {
    const source = "+ hi\n- a\x1b[2J\u202eb wrong\n";
    const span = { file: "x.bot", start: { line: 2, column: 10, offset: 0 }, end: { line: 2, column: 15, offset: 0 } };
    const text = formatDiagnostic({ code: "BOT001", severity: "error", message: "bad \x07 here", span } as never, source);
    expect(text).toBe("x.bot:2:10 BOT001 bad \\x07 here\n2 | - a\\x1b[2J\\u202eb wrong\n  |                  ^^^^^");
  });
});
