/** @module Language decisions the compiler owns: continuation rules, comments, file scope, merging, spans. */
import { describe, expect, it } from "vitest";
import { compile, compileReply } from "../../compiler/index.ts";
import type { Template } from "../../compiler/ir/types.ts";

const one = (text: string) => compile([{ path: "a.bot", text }]);
const strip = (t: Template): unknown => JSON.parse(JSON.stringify(t, (k, v) => (k === "span" ? undefined : v)));
const firstReply = (text: string): unknown => strip(one(text).ir.triggers[0]?.reply.replies[0]?.body ?? []);

describe("continuations and shortcodes", () => {
  it("attaches `^image(…)` on its own line to the reply above", () => {
    expect(firstReply('+ menu\n- Our menu\n^image("m.png")\n')).toEqual([
      { type: "text", value: "Our menu" },
      { type: "media", kind: "image", url: [{ type: "text", value: "m.png" }] },
    ]);
  });

  it("keeps `^ text` and `^text` as plain continuations", () => {
    expect(firstReply("! local concat = space\n+ a\n- one\n^ two\n^three\n^ four(x)\n")).toEqual([{ type: "text", value: "one two three four(x)" }]);
  });

  it("reads `^word(` at a line start as a shortcode, so an unknown one is an error, not text", () => {
    const { diagnostics } = one("+ a\n- one\n^three(x)\n");
    expect(diagnostics.map((d) => [d.code, d.span.start.line, d.span.start.column])).toEqual([["BOT104", 3, 1]]);
  });

  it("joins continuations per `! local concat`, which ends at the end of its file", () => {
    const { ir } = compile([
      { path: "a.bot", text: "! local concat = newline\n+ a\n- one\n^ two\n" },
      { path: "b.bot", text: "+ b\n- one\n^ two\n" },
    ]);
    expect(strip(ir.triggers[0]!.reply.replies[0]!.body)).toEqual([{ type: "text", value: "one\ntwo" }]);
    expect(strip(ir.triggers[1]!.reply.replies[0]!.body)).toEqual([{ type: "text", value: "onetwo" }]);
  });
});

describe("comments", () => {
  it("cuts `//` after whitespace, keeps `\\//` as a literal `//` and URLs intact", () => {
    expect(firstReply("+ a // comment\n- x \\// y https://e.com/p // gone\n")).toEqual([{ type: "text", value: "x // y https://e.com/p" }]);
    expect(one("+ a // comment\n- x\n").ir.triggers[0]?.text).toBe("a");
  });

  it("treats `/* … */` as a comment even when it spans command lines", () => {
    const { ir, diagnostics } = one("/*\n+ hidden\n- no\n*/\n+ shown\n- yes\n");
    expect(diagnostics).toEqual([]);
    expect(ir.triggers.map((t) => t.text)).toEqual(["shown"]);
  });
});

describe("definitions and merging", () => {
  it("merges files in order: later values win, <undef> deletes, values keep everything after the first =", () => {
    const { ir } = compile([
      { path: "a.bot", text: "! var a = 1\n! var b = 2\n! var eq = x=y\n! array c = one two\n" },
      { path: "b.bot", text: "! var a = 3\n! var b = <undef>\n! array c = <undef>\n" },
    ]);
    expect(ir.vars).toEqual({ a: "3", eq: "x=y" });
    expect(ir.arrays).toEqual({});
    expect(ir.files).toEqual(["a.bot", "b.bot"]);
  });

  it("splits array lines on | when present, else on spaces, with \\s as a space, lowercased", () => {
    const { ir } = one("! array a = Red Green\n^ light blue|Dark\\sRed\n");
    expect(ir.arrays["a"]).toEqual(["red", "green", "light blue", "dark red"]);
  });

  it("sets options.depth from `! global depth`, default 20", () => {
    expect(one("+ a\n- b\n").ir.options.depth).toBe(20);
    expect(one("! global depth = 7\n").ir.options.depth).toBe(7);
  });
});

describe("patterns", () => {
  it("merges words into normalised literals and strips {weight}", () => {
    const t = one("+ {weight=7} what's (your|the) [home] phone # * _ (@colors) @colors <get x> <bot y> <input2> <reply>\n- x\n").ir.triggers[0]!;
    expect(t.weight).toBe(7);
    expect(t.text).toBe("what's (your|the) [home] phone # * _ (@colors) @colors <get x> <bot y> <input2> <reply>");
    expect(t.pattern.parts).toEqual([
      { type: "literal", text: "whats" },
      { type: "alternatives", options: [[{ type: "literal", text: "your" }], [{ type: "literal", text: "the" }]] },
      { type: "optional", options: [[{ type: "literal", text: "home" }]] },
      { type: "literal", text: "phone" },
      { type: "wildcard", kind: "number" },
      { type: "wildcard", kind: "any" },
      { type: "wildcard", kind: "alpha" },
      { type: "array", name: "colors", capture: true },
      { type: "array", name: "colors", capture: false },
      { type: "get", name: "x" },
      { type: "bot", name: "y" },
      { type: "input", index: 2 },
      { type: "reply", index: 1 },
    ]);
    expect(t.pattern.catchAll).toBe(false);
  });

  it("marks the lone * as the catch-all, including as a % pattern", () => {
    const t = one("+ *\n% *\n- x\n").ir.triggers[0]!;
    expect([t.pattern.catchAll, t.previous?.catchAll]).toEqual([true, true]);
  });

  it("matches letters of every script", () => {
    expect(one("+ größe 中文 *\n- x\n").ir.triggers[0]?.pattern.parts[0]).toEqual({ type: "literal", text: "größe 中文" });
  });
});

describe("directives", () => {
  it("gives the next trigger the # bot-ignore codes and # punc nostrip until # punc strip or the block's end", () => {
    const { ir } = one("# bot-ignore SMS001\n# bot-ignore SMS002\n+ a\n- a\n# punc nostrip\n+ b *\n- b\n> topic t\n+ c *\n- c\n< topic\n");
    expect(ir.triggers.map((t) => [t.text, t.ignores, t.keepPunctuation])).toEqual([
      ["a", ["SMS001", "SMS002"], false],
      ["b *", [], true],
      ["c *", [], false],
    ]);
  });
});

describe("spans", () => {
  it("points template parts at the characters the author typed, across continuation lines", () => {
    const { ir } = one("+ a *\n- Hi <star>\n^ and <get name>\n");
    const body = ir.triggers[0]!.reply.replies[0]!.body;
    const spans = body.filter((p) => p.type !== "text").map((p) => [p.type, p.span?.start.line, p.span?.start.column, p.span?.end.column]);
    expect(spans).toEqual([
      ["star", 2, 6, 12],
      ["get", 3, 7, 17],
    ]);
  });

  it("compileReply parses a reply body without the leading -, with positions in the given text", () => {
    const { template, diagnostics } = compileReply("Hello <get name>!\n<delay seconds=500>", "broadcast.txt");
    expect(strip(template)).toEqual([
      { type: "text", value: "Hello " },
      { type: "get", name: "name" },
      { type: "text", value: "!\n" },
    ]);
    expect(diagnostics.map((d) => [d.code, d.span.file, d.span.start.line, d.span.start.column])).toEqual([["BOT101", "broadcast.txt", 2, 1]]);
  });
});

describe("best-effort IR", () => {
  it("still emits the triggers of a script with errors, so the linter can run", () => {
    const { ir, diagnostics } = one("+ Hello\n- hi {random}x\n+ ok\n- fine\n");
    expect(diagnostics.some((d) => d.severity === "error")).toBe(true);
    expect(ir.triggers.map((t) => t.text)).toEqual(["Hello", "ok"]);
  });
});

describe("nested tags and arrays in replies", () => {
  it("nests angle brackets in a tag value, so HTML can be stored", () => {
    expect(firstReply("+ html\n- <set name=<b>Name</b>>ok\n")).toEqual([
      { type: "set", name: "name", value: [{ type: "text", value: "<b>Name</b>" }] },
      { type: "text", value: "ok" },
    ]);
  });

  it("turns (@name) of a defined array into a random pick of its items as written, tags included", () => {
    expect(firstReply("! array f = <uppercase>|Hello World\n+ x *\n- (@f) (@missing)\n")).toEqual([
      {
        type: "random",
        options: [[{ type: "format", format: "uppercase", body: [{ type: "star", index: 1, source: "user" }] }], [{ type: "text", value: "Hello World" }]],
      },
      { type: "text", value: " " },
      { type: "arrayPick", name: "missing" },
    ]);
  });
});
