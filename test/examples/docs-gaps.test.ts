/** @module The docs stand on their own: no references to files outside the repository, and the README's first bot does what it says. */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.ts";
import { loadBrain, newBotState, newSession, respond } from "../../engine/index.ts";
import { seededRandom } from "../support/random.ts";

const root = join(import.meta.dirname, "../..");
const docs = [
  "README.md",
  ...readdirSync(join(root, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];

describe("docs", () => {
  it("never point to design notes outside the repository (LANGUAGE.md §N, DESIGN.md, the design folder beside the checkout)", () => {
    const found = docs.flatMap((file) =>
      readFileSync(join(root, file), "utf8")
        .split("\n")
        .flatMap((line, i) => (/LANGUAGE\.md|DESIGN\.md|\.\.\/shared|\/work\/shared/.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(found).toEqual([]);
  });

  it("the README's first bot answers the MENU it tells the user to text", async () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const text = /```\n\/\/ hello\.bot\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
    const { ir, diagnostics } = compile([{ path: "hello.bot", text }]);
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(text).toContain("Text MENU any time");
    const brain = loadBrain(ir);
    const env = { clock: { now: () => 0 }, random: seededRandom(1), fetcher: async () => ({ status: 0, text: "" }), macros: { call: async () => "" } };
    const catchAll = ir.triggers.find((t) => t.text === "*")!;
    const result = await respond(brain, { session: newSession("u", 0), bot: newBotState(ir) }, { from: "u", body: "MENU", media: [] }, env);
    expect(result.triggers).not.toContain(catchAll.text);
    expect(result.reply).not.toBe("");
  });
});
