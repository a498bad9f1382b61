/** @module `bot lint` as a process (through BOT_SOURCE) prints BOT211 with the trigger's file:line:col, in stylish and github formats. */
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BOT_SOURCE } from "../support/cli.ts";

const HUGE = `${Array.from({ length: 200 }, () => "[* a]").join(" ")} z`;
const BOT = `+ hello\n- Hi there\n\n+ ${HUGE}\n- huge\n\n+ [* [* [* a]]] z\n- nested\n\n+ *a*a*b\n- glued\n\n+ *\n- Sorry?\n`;

function lintProcess(format: string) {
  const dir = mkdtempSync(join(tmpdir(), "bot-lint-budget-"));
  mkdirSync(join(dir, "bot"));
  writeFileSync(join(dir, "bot", "main.bot"), BOT);
  const result = spawnSync(process.execPath, [...BOT_SOURCE, "lint", "bot", "--format", format], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("bot lint: BOT211 trigger-match-budget (process)", () => {
  it("warns once, on the oversize trigger, with its position, bound and budget", () => {
    const { status, stdout } = lintProcess("stylish");
    expect(status).toBe(0);
    expect(stdout).toContain("bot/main.bot");
    const lines = stdout.split("\n").filter((l) => l.includes("BOT211"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\s*4:3\s+warning\s+Trigger `\[\* a\] \[\* a\]/);
    expect(lines[0]).toContain("may take up to 2888406 matching steps");
    expect(lines[0]).toContain("budget of 2000000");
    expect(lines[0]).toContain("trigger-match-budget");
  }, 30_000);

  it("names file:line:col in the github format", () => {
    const { stdout } = lintProcess("github");
    const lines = stdout.split("\n").filter((l) => l.includes("BOT211"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^::warning file=bot\/main\.bot,line=4,col=3,/);
  }, 30_000);
});
