/** @module Diagnostics for SMS directions at exact spans: an unclosed `<raw>`, a `<delay>` glued on its right, bad `^metadata` JSON. */
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.ts";

const errors = (text: string) =>
  compile([{ path: "case.bot", text }])
    .diagnostics.filter((d) => d.severity === "error")
    .map((d) => ({ code: d.code, file: d.span.file, at: [d.span.start.line, d.span.start.column, d.span.end.line, d.span.end.column] }));

describe("direction diagnostics at exact spans", () => {
  it("an unclosed <raw> in a reply is exactly one BOT019 on the opening tag", () => {
    expect(errors("+ a\n- hi <raw>there\n")).toEqual([{ code: "BOT019", file: "case.bot", at: [2, 6, 2, 11] }]);
    expect(errors("+ a\n- hi <raw>there</raw>\n")).toEqual([]);
  });

  it("a <delay> with whitespace on the left only is BOT102 on the tag", () => {
    expect(errors("+ hello\n- Hi <delay seconds=2>there\n")).toEqual([{ code: "BOT102", file: "case.bot", at: [2, 6, 2, 23] }]);
    expect(errors("+ hello\n- Hi <delay seconds=2> there\n")).toEqual([]);
  });

  it("^metadata with JSON that does not parse is BOT106 on the shortcode", () => {
    expect(errors("+ meta\n- ^metadata({bad})\n")).toEqual([{ code: "BOT106", file: "case.bot", at: [2, 3, 2, 19] }]);
    expect(errors('+ meta\n- ^metadata({"good": true})\n')).toEqual([]);
  });

  it("the BOT106 message names the shortcode and carries the JSON error", () => {
    const [d] = compile([{ path: "case.bot", text: "+ meta\n- ^metadata({bad})\n" }]).diagnostics.filter((x) => x.code === "BOT106");
    expect(d!.message).toMatch(/^`\^metadata\(\)` needs a JSON argument: .+/);
  });
});
