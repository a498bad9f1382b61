/** @module BOT030 misspelt tags and BOT104's suggestion: the issue's examples are caught, prose and HTML are not, and the examples and real brains have no finding. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.ts";
import { readBotSources } from "../../bin/load-bot.ts";
import { createLocalRuntime } from "../../sandbox/local/index.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const found = (reply: string) =>
  compile([{ path: "t.bot", text: `+ hi\n- ${reply}\n` }]).diagnostics.map((d) => `${d.code} ${d.span.start.column}-${d.span.end.column} ${d.message}`);

describe("misspelt tags (BOT030)", () => {
  it("catches each misspelling of the issue, with the tag it was meant to be and a fix", () => {
    expect(found("Hi <gte name>! <sett name=bob> {topc=menu} <delya seconds=2> done")).toEqual([
      "BOT030 6-16 Unknown tag `<gte>`: did you mean `<get>`?",
      "BOT030 18-33 Unknown tag `<sett>`: did you mean `<set>`?",
      "BOT030 34-45 Unknown tag `{topc}`: did you mean `{topic}`?",
      "BOT030 46-63 Unknown tag `<delya>`: did you mean `<delay>`?",
    ]);
    expect(found("</cal> {randon} <uppercse>")).toEqual([
      "BOT030 3-9 Unknown tag `</cal>`: did you mean `</call>`?",
      "BOT030 10-18 Unknown tag `{randon}`: did you mean `{random}`?",
      "BOT030 19-29 Unknown tag `<uppercse>`: did you mean `<uppercase>`?",
    ]);
    const d = compile([{ path: "t.bot", text: "+ hi\n- <sett name=bob>ok\n" }]).diagnostics[0]!;
    expect(d.fix).toMatchObject({ title: "Change it to <set>", edits: [{ start: { line: 2, column: 4 }, end: { line: 2, column: 8 }, text: "set" }] });
  });

  it("leaves prose, HTML, unrelated words, raw text and escapes alone", () => {
    for (const reply of [
      "a < b and b > a",
      "I <3 you <-- so much",
      "x<y, 2<3>1, <=, <<, >>",
      "<b>bold</b> <br> <span>s</span> <sub> <em>e</em>",
      "<joke> <name> {name} {temp} {} <>",
      "<raw><gte name> {topc=x}</raw>",
      "\\<gte name> \\{topc=menu}",
      "<id> <ok> {ok} <i>",
    ]) {
      expect(found(reply), reply).toEqual([]);
    }
  });

  it("sends an escaped near-miss as the text written", async () => {
    const { ir } = compile([{ path: "t.bot", text: "+ hi\n- Type \\<gte name> or \\{topc} \\^image(x)\n" }]);
    const turn = await createLocalRuntime({ ir, root: "/nonexistent" }).receive({ from: "u", body: "hi" });
    expect(turn.delivered.map((m) => m.body)).toEqual(["Type <gte name> or {topc} ^image(x)"]);
  });

  it("suggests the shortcode an unknown one is close to (BOT104)", () => {
    expect(found('^imag(cat.png) ^remindr(a, "b", 1) ^zzz(1)').map((f) => f.replace(/^\S+ \S+ /, ""))).toEqual([
      "Unknown shortcode `^imag()`: did you mean `^image()`?",
      "Unknown shortcode `^remindr()`: did you mean `^reminder()`?",
      "Unknown shortcode `^zzz()`",
    ]);
  });

  it("finds nothing in examples/ and the real brains of the conformance suite", () => {
    const folders = [
      ...readdirSync(join(ROOT, "examples")).map((n) => join(ROOT, "examples", n)),
      ...readdirSync(join(ROOT, "test/conformance/brains")).map((n) => join(ROOT, "test/conformance/brains", n)),
    ].filter((p) => statSync(p).isDirectory());
    expect(folders.length).toBeGreaterThan(7);
    for (const folder of folders) {
      const { diagnostics } = compile(readBotSources(folder).sources);
      expect(
        diagnostics.filter((d) => d.code === "BOT030" || d.code === "BOT104"),
        folder,
      ).toEqual([]);
    }
    expect(readFileSync(join(ROOT, "test/conformance/brains/house/chat.rive"), "utf8")).toContain("<get fav<star>>");
  });
});
