/** @module Definitions, references, rename, hover and related places on a two-file bot, through the editor modules the server calls. */
import { describe, expect, it } from "vitest";
import { analyzeBot } from "../../editor/bot-model.ts";
import { definitionAt, referencesAt, renameAt } from "../../editor/navigation.ts";
import { hoverAt } from "../../editor/hover.ts";
import { completionsAt } from "../../editor/completion.ts";
import { toLspDiagnostic } from "../../editor/diagnostics.ts";
import { outlineOf } from "../../editor/outline.ts";

const main = [
  "! var botname = Dexter",
  "! global depth = 25",
  "! array colors = red green blue",
  "",
  "+ i like (@colors)",
  "- <bot botname> likes <star> too. <call>shout hi</call> <env depth>",
  "",
  "+ go shopping",
  "- OK.{topic=shop}",
  "",
  "+ ping",
  "@ pong",
  "",
  "+ pong",
  "@ ping",
  "",
  "+ hello",
  "- Hi!",
  "",
  "+ hello",
  "- Again.",
  "",
  "+ *",
  "- What?",
].join("\n");
const shop = [
  "> object shout javascript",
  "  return args.join(' ').toUpperCase();",
  "< object",
  "",
  "> topic shop includes helpers",
  "+ *",
  "- <bot botname=Shopper>Shop here. (@colors)",
  "< topic",
  "",
  "> topic helpers",
  "+ help",
  "- Ask away.",
  "< topic",
].join("\n");
const model = analyzeBot([
  { path: "main.bot", text: main },
  { path: "shop.bot", text: shop },
]);
const at = (text: string, needle: string, delta = 0, nth = 0): number => {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = text.indexOf(needle, i + 1);
  if (i < 0) throw new Error(needle);
  return i + delta;
};
const where = (l: { path: string; span: { start: { line: number } } }) => `${l.path}:${l.span.start.line}`;

describe("navigation over a two-file bot", () => {
  it("array, bot variable, global and macro definitions", () => {
    expect(definitionAt(model, "main.bot", at(main, "(@colors)", 3)).map(where)).toEqual(["main.bot:3"]);
    expect(definitionAt(model, "main.bot", at(main, "<bot botname>", 6)).map(where)).toEqual(["main.bot:1", "shop.bot:7"]);
    expect(definitionAt(model, "main.bot", at(main, "<env depth>", 6)).map(where)).toEqual(["main.bot:2"]);
    expect(definitionAt(model, "main.bot", at(main, "<call>shout", 7)).map(where)).toEqual(["shop.bot:1"]);
  });

  it("a topic across files, and an included topic", () => {
    expect(definitionAt(model, "main.bot", at(main, "{topic=shop}", 8)).map(where)).toEqual(["shop.bot:5"]);
    expect(definitionAt(model, "shop.bot", at(shop, "includes helpers", 10)).map(where)).toEqual(["shop.bot:10"]);
  });

  it("references of an array in both files, and the redirects that reach a trigger", () => {
    expect(referencesAt(model, "main.bot", at(main, "(@colors)", 3), false).map(where)).toEqual(["main.bot:5", "shop.bot:7"]);
    expect(referencesAt(model, "main.bot", at(main, "+ pong", 3), false).map(where)).toEqual(["main.bot:12"]);
  });

  it("renames a topic in every file; refuses default and a bad name", () => {
    const result = renameAt(model, "main.bot", at(main, "{topic=shop}", 8), "store");
    expect(result && "edits" in result ? result.edits.map(where) : result).toEqual(["main.bot:9", "shop.bot:5"]);
    expect(renameAt(model, "main.bot", at(main, "{topic=shop}", 8), "Bad Name")).toMatchObject({ error: expect.stringContaining("not a valid") });
  });

  it("hover names a variable's places and an array's items", () => {
    expect(hoverAt(model, "main.bot", main, at(main, "<bot botname>", 6))?.markdown).toContain("initial value `Dexter`");
    expect(hoverAt(model, "main.bot", main, at(main, "(@colors)", 3))?.markdown).toContain("3 items: red, green, blue");
  });

  it("hover on a duplicate trigger says which one shadows it", () => {
    const second = hoverAt(model, "main.bot", main, at(main, "+ hello", 3, 1))?.markdown ?? "";
    expect(second).toContain("Shadowed");
    const first = hoverAt(model, "main.bot", main, at(main, "+ hello", 3))?.markdown ?? "";
    expect(first).toContain("Shadows `hello`");
  });

  it("a redirect cycle names every trigger in it as related information; a shadowed trigger the one tried first", () => {
    const uri = (p: string) => `file:///bot/${p}`;
    const cycle = model.diagnostics.find((d) => d.code === "BOT205" || d.code === "BOT210");
    const related = cycle ? toLspDiagnostic(cycle, model, null, uri).relatedInformation?.map((r) => r.location.range.start.line) : null;
    expect(related).toEqual([10, 13]);
    const shadowed = model.diagnostics.find((d) => d.code === "BOT203");
    expect(shadowed ? toLspDiagnostic(shadowed, model, "file:///docs/", uri) : null).toMatchObject({
      codeDescription: { href: "file:///docs/BOT203.md" },
      relatedInformation: [{ location: { uri: uri("main.bot"), range: { start: { line: 16 } } } }],
    });
  });

  it("completes media files of the bot's folder inside ^image(", () => {
    const text = `${main}\n+ x\n- Look:\n^image("im`;
    expect(completionsAt(model, text, text.length, ["img/logo.png", "card.vcf"])).toMatchObject([
      { label: "img/logo.png", replaceFrom: text.length - 2 },
      { label: "card.vcf" },
    ]);
  });

  it("completes bot variables after <bot and macros after <call>", () => {
    const text = `${main}\n+ x\n- <bot `;
    expect(completionsAt(model, text, text.length).map((c) => c.label)).toEqual(["botname"]);
    const call = `${main}\n+ x\n- <call>`;
    expect(completionsAt(model, call, call.length).map((c) => c.label)).toEqual(["shout"]);
  });

  it("outlines a file's macro and topics with their triggers", () => {
    expect(outlineOf(model, "shop.bot").map((n) => [n.name, n.children.map((c) => c.name)])).toEqual([
      ["shout", []],
      ["shop", ["+ *"]],
      ["helpers", ["+ help"]],
    ]);
  });
});
