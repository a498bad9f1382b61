/**
 * @module `bot compile -o` as a real process: compact JSON by default, indented with `--pretty`, the same
 * IR either way, and `bot run`'s loader reads the compact file as it reads the indented one.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateIR } from "../../compiler/ir/validate.ts";
import { BOT_SOURCE } from "../support/cli.ts";

const dir = mkdtempSync(join(tmpdir(), "bot-compile-json-"));
writeFileSync(join(dir, "greeter.bot"), "+ hello\n- Hi there.\n\n+ my name is *\n- Nice to meet you, <star>.\n");

const compile = (...extra: string[]) =>
  spawnSync(process.execPath, [...BOT_SOURCE, "compile", "greeter.bot", ...extra], { encoding: "utf8", cwd: dir, timeout: 60_000 });

describe("bot compile -o", () => {
  it("writes compact JSON by default and indented JSON with --pretty, the same IR either way", () => {
    const compact = compile("-o", "compact.json");
    expect(compact.status, compact.stdout + compact.stderr).toBe(0);
    const pretty = compile("-o", "pretty.json", "--pretty");
    expect(pretty.status, pretty.stdout + pretty.stderr).toBe(0);
    const compactText = readFileSync(join(dir, "compact.json"), "utf8");
    const prettyText = readFileSync(join(dir, "pretty.json"), "utf8");
    // One line (and its newline) against one line per value.
    expect(compactText.trimEnd().split("\n")).toHaveLength(1);
    expect(prettyText.split("\n").length).toBeGreaterThan(20);
    expect(prettyText).toContain('\n  "');
    expect(compactText.length).toBeLessThan(prettyText.length);
    expect(JSON.parse(compactText)).toEqual(JSON.parse(prettyText));
    expect(validateIR(JSON.parse(compactText)).ok).toBe(true);
  });

  it("lists --pretty in its help", () => {
    const help = spawnSync(process.execPath, [...BOT_SOURCE, "compile", "--help"], { encoding: "utf8", cwd: dir, timeout: 60_000 });
    expect(help.stdout).toContain("--pretty");
  });
});
