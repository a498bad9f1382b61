/** @module `bot test` as a real process with the default reporter: status 1 for a failing transcript, 0 for a passing one. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BOT_SOURCE } from "../support/cli.ts";

const dir = mkdtempSync(join(tmpdir(), "bot-exit-"));
const write = (name: string, text: string): string => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};

write("greeter.bot", "+ hello\n- Hi there.\n");
const transcript = (expected: string) => `bot: ./greeter.bot\ntests:\n  - name: greets\n    steps:\n      - say: hello\n        expect: ${expected}\n`;
const passing = write("pass.test.yaml", transcript("Hi there."));
const failing = write("fail.test.yaml", transcript("Good morning."));

const run = (file: string) => spawnSync(process.execPath, [...BOT_SOURCE, "test", file], { encoding: "utf8", cwd: dir, timeout: 60_000 });

describe("bot test exit status (default reporter)", () => {
  it("exits 1 when a transcript fails, and says which step", () => {
    const r = run(failing);
    expect(r.error).toBeUndefined();
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain("✗ greets");
    expect(r.stdout).toContain("1 failed");
  });

  it("exits 0 when every transcript passes", () => {
    const r = run(passing);
    expect(r.error).toBeUndefined();
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain("✓ greets");
  });
});
