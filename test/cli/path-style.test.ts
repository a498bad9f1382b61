/** @module One path style: every command prints file paths relative to the working folder (as ESLint and tsc do), from above, inside and below the bot folder. */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runBot } from "../lint/cli-run.ts";

describe("paths in command output", () => {
  const base = mkdtempSync(join(tmpdir(), "bot-paths-"));
  const shop = join(base, "shop");
  mkdirSync(join(shop, "sub"), { recursive: true });
  // A compile error (uppercase trigger), a lint warning, a config error and a transcript naming the bot.
  writeFileSync(join(shop, "bot.bot"), "+ Hello\n- hi\n\n+ stop\n- bye\n\n+ *\n- ok\n");
  writeFileSync(join(shop, "bot.config.yaml"), "lint:\n  segmentLimit: lots\n");
  writeFileSync(join(shop, "cases.test.yaml"), "bot: ./bot.bot\ntests:\n  - name: hi\n    steps:\n      - say: hi\n        expect: ok\n");

  /** Every `file:line:col` or file header the output names, checked to be relative (no temp-folder prefix). */
  const named = (text: string): string[] => {
    expect(text).not.toContain(base);
    return [
      ...new Set([...text.matchAll(/(?:^|\s)((?:\.\.\/)*[\w./-]*(?:bot\.bot|bot\.config\.yaml|cases\.test\.yaml))(?=:\d|\s|$)/gm)].map((m) => m[1] ?? "")),
    ].sort();
  };

  for (const [where, cwd, prefix] of [
    ["above the bot folder", base, "shop/"],
    ["in the bot folder", shop, ""],
    ["below the bot folder", join(shop, "sub"), "../"],
  ] as const) {
    // Three real commands per case on two shared cores: a generous bound, as the other spawn tests use.
    it(`bot lint and bot compile, run ${where}`, { timeout: 180_000 }, () => {
      const target = cwd === base ? "shop" : cwd === shop ? "." : "..";
      const lint = runBot(["lint", target], cwd);
      expect(lint.status).toBe(1);
      expect(named(lint.stdout)).toEqual([`${prefix}bot.bot`, `${prefix}bot.config.yaml`]);
      const json = JSON.parse(runBot(["lint", target, "--format", "json"], cwd).stdout) as { files: { file: string }[] };
      expect(json.files.map((f) => f.file).sort()).toEqual([`${prefix}bot.bot`, `${prefix}bot.config.yaml`]);
      const compile = runBot(["compile", target], cwd);
      expect(compile.status).toBe(1);
      expect(named(compile.stdout)).toEqual([`${prefix}bot.bot`, `${prefix}bot.config.yaml`]);
    });
  }

  it("bot test names the bot's files and the transcript relative to the working folder, from below", { timeout: 120_000 }, () => {
    const test = runBot(["test", "../cases.test.yaml"], join(shop, "sub"));
    expect(test.status).not.toBe(0);
    expect(named(test.stdout)).toEqual(["../bot.bot", "../bot.config.yaml", "../cases.test.yaml"]);
  });
});
