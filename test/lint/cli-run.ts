/** @module Runs the real `bot` command in a child process (cwd chosen by the test), capturing output and exit code. */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BOT_SOURCE } from "../support/cli.ts";

export function runBot(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [...BOT_SOURCE, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Copies a fixture folder into a fresh temporary folder; returns that folder (the fixture sits inside it). */
export function copyFixture(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), "bot-lint-"));
  cpSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), join(dir, name), { recursive: true });
  return dir;
}
