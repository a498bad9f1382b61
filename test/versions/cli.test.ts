/**
 * @module `bot publish`, `bot versions` and `bot rollback` as real processes on a SQLite file, for their bad
 * input: a bot with compile errors is refused with its diagnostics and nothing changes (exit 1); rolling back to
 * an unknown version, to a non-number, or before the first version exits 2 with the list; an unchanged bot is not
 * published twice; `bot versions --json` gives each version's changes.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { BOT_SOURCE } from "../support/cli.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bot-versions-cli-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function bot(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...BOT_SOURCE, ...args], {
      env: { PATH: process.env["PATH"] ?? "", HOME: process.env["HOME"] ?? os.tmpdir() },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("exit", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

it("refuses bad input with the reason and the list, and changes nothing", { timeout: 90_000 }, async () => {
  fs.writeFileSync(path.join(dir, "bot.bot"), "+ hello\n- one\n");
  expect(await bot("rollback", dir)).toMatchObject({ code: 2, stderr: expect.stringContaining("no version is live") });
  expect(await bot("publish", dir, "-m", "first")).toMatchObject({ code: 0, stdout: expect.stringContaining("version 1 is live: 1 triggers, +1 -0 ~0") });
  expect(await bot("publish", dir)).toMatchObject({
    code: 0,
    stdout: expect.stringContaining("version 1 is live and has the same compiled bot; nothing published"),
  });

  fs.writeFileSync(path.join(dir, "bot.bot"), "+ hello\n- one\n\n+ broken (\n- two\n");
  const refused = await bot("publish", dir);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(/bot\.bot:4:\d+/);
  expect(refused.stderr).toContain("nothing was published (the live version is unchanged)");

  fs.writeFileSync(path.join(dir, "bot.bot"), "+ hello\n- two\n\n+ bye\n- later\n");
  expect((await bot("publish", dir, "-m", "second")).code).toBe(0);
  const listed = await bot("versions", dir, "--json");
  expect(listed.code).toBe(0);
  const versions = listed.stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { number: number; live: boolean; message: string; changes: unknown });
  expect(versions.map((v) => [v.number, v.live, v.message])).toEqual([
    [2, true, "second"],
    [1, false, "first"],
  ]);
  expect(versions[0]!.changes).toEqual({ added: ["default: bye"], removed: [], changed: ["default: hello"] });

  for (const bad of ["7", "abc", "-1"]) {
    const result = await bot("rollback", dir, bad);
    expect(result.code, bad).toBe(2);
    expect(result.stderr, bad).toMatch(bad === "7" ? /there is no version 7\. Versions:\n\*\s+2 .*\n\s+1 / : /is not a version number/);
  }
  expect(await bot("rollback", dir)).toMatchObject({ code: 0, stdout: expect.stringContaining("version 1 is live (was 2)") });
  expect(await bot("rollback", dir)).toMatchObject({ code: 2, stderr: expect.stringContaining("version 1 is the first; there is none before it") });
  expect(await bot("rollback", dir, "1")).toMatchObject({ code: 0, stdout: expect.stringContaining("version 1 is already live; nothing changed") });
});
