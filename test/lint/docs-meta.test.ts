/** @module Meta-tests: every catalog code is documented and raised by a test; every rule is registered, tested and named after its file; lint docs examples run. */
import { describe, expect, it } from "vitest";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { catalogEntries } from "../../compiler/diagnostics/catalog.ts";
import { smsEntries } from "../../compiler/diagnostics/catalog/sms.ts";
import { compile } from "../../compiler/index.ts";
import { lint, rules } from "../../compiler/lint/index.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const RULES_DIR = join(ROOT, "compiler/lint/rules");

function files(dir: string, keep: (path: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === "node_modules" || name.startsWith(".")) return [];
    return statSync(path).isDirectory() ? files(path, keep) : keep(path) ? [path] : [];
  });
}

describe("diagnostics catalog", () => {
  it("has no duplicate codes", () => {
    const codes = catalogEntries.map((e) => e.code);
    expect(codes.filter((c, i) => codes.indexOf(c) !== i)).toEqual([]);
  });

  it("has lint names (usable in lint.rules) that no other code shares", () => {
    const lintNames = new Set(smsEntries.map((e) => e.name));
    const clashes = catalogEntries.filter((e) => lintNames.has(e.name) && !smsEntries.includes(e)).map((e) => `${e.code} ${e.name}`);
    expect(clashes).toEqual([]);
  });

  it("documents every code in docs/diagnostics/<CODE>.md", () => {
    const missing = catalogEntries.map((e) => e.code).filter((code) => !existsSync(join(ROOT, "docs/diagnostics", `${code}.md`)));
    expect(missing).toEqual([]);
  });

  it("has every code raised by some test", () => {
    const tests = files(ROOT, (p) => /\.test\.ts$/.test(p) || /fixtures\/.*\.(json|txt)$/.test(p))
      .filter((p) => !p.endsWith("docs-meta.test.ts"))
      .map((p) => readFileSync(p, "utf8"))
      .join("\n");
    const unraised = catalogEntries.map((e) => e.code).filter((code) => !new RegExp(`\\b${code}\\b`).test(tests));
    expect(unraised).toEqual([]);
  });
});

describe("lint rules", () => {
  const ruleFiles = readdirSync(RULES_DIR)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && f !== "index.ts")
    .map((f) => f.replace(/\.ts$/, ""));

  it("registers every rule file, and nothing else, in sorted order", () => {
    expect(Object.keys(rules)).toEqual([...ruleFiles].sort());
    expect(Object.keys(rules)).toEqual([...Object.keys(rules)].sort());
  });

  for (const name of ruleFiles) {
    it(`${name}: named after its file, has a test beside it, raises a lint catalog code of the same name`, () => {
      const rule = rules[name];
      expect(rule?.meta.name).toBe(name);
      expect(existsSync(join(RULES_DIR, `${name}.test.ts`)), `${relative(ROOT, RULES_DIR)}/${name}.test.ts`).toBe(true);
      const entry = smsEntries.find((e) => e.code === rule?.meta.code);
      expect(entry?.name).toBe(name);
    });
  }

  it("gives each rule its own code", () => {
    const codes = Object.values(rules).map((r) => r.meta.code);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

describe("docs examples for lint codes", () => {
  // These need the file system, a remote server or a broadcast body; their tests cover them.
  const needsIo = new Set(["SMS005", "SMS006", "SMS007", "SMS014", "BOT216", "BOT290", "BOT212"]);
  for (const entry of smsEntries.filter((e) => !needsIo.has(e.code))) {
    it(`${entry.code}: the failing example raises it and the fix does not`, () => {
      const doc = readFileSync(join(ROOT, "docs/diagnostics", `${entry.code}.md`), "utf8");
      const blocks = [...doc.matchAll(/```bot\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");
      expect(blocks).toHaveLength(2);
      const codesOf = (text: string) => {
        const { ir, diagnostics } = compile([{ path: "bot.bot", text }]);
        expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        return lint(ir, { sources: [{ path: "bot.bot", text }] }).map((d) => d.code);
      };
      expect(codesOf(blocks[0] ?? "")).toContain(entry.code);
      expect(codesOf(blocks[1] ?? "")).not.toContain(entry.code);
    });
  }
});
