/** @module Broadcast test helpers: a bot folder with bot.config.yaml, a seeded database, the `bot` CLI as a real child process, and pacing measurement. */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Emulator } from "../../sandbox/emulator/index.ts";
import { BOT_SOURCE } from "../support/cli.ts";

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export function botFolder(config: string): { root: string; db: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "bot-broadcast-"));
  fs.writeFileSync(path.join(root, "main.bot"), "+ hello\n- Hi there!\n\n+ *\n- Say hello.\n\n> topic promo\n+ *\n- Thanks for your interest!\n< topic\n");
  if (config) fs.writeFileSync(path.join(root, "bot.config.yaml"), config);
  return { root, db: path.join(root, ".bot", "bot.db") };
}

export function twilioEnv(emulator: Emulator, from: string): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith("TWILIO_") || key.startsWith("BOT_")) delete env[key];
  return { ...env, TWILIO_ACCOUNT_SID: emulator.accountSid, TWILIO_AUTH_TOKEN: emulator.authToken, TWILIO_FROM: from, TWILIO_API_BASE_URL: emulator.url };
}

export function startCli(
  args: string[],
  env: NodeJS.ProcessEnv,
): { child: ChildProcess; exited: Promise<number | null>; output: () => { stdout: string; stderr: string } } {
  const child = spawn(process.execPath, [...BOT_SOURCE, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  // Listen from the start: a process that exits before the test awaits it must not be missed.
  const exited = once(child, "exit").then(([code]) => code as number | null);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => void (stdout += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

export async function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { exited, output } = startCli(args, env);
  const code = await exited;
  // Streams may still hold the last chunk after exit.
  await new Promise((resolve) => setImmediate(resolve));
  return { code, ...output() };
}

export async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The most messages created within any window of `windowMs` (half-open), from creation times. */
export function maxPerWindow(times: number[], windowMs = 1000): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= windowMs) start++;
    max = Math.max(max, end - start + 1);
  }
  return max;
}

/** Messages per one-second bucket from the first creation time (for the report). */
export function perSecond(times: number[]): number[] {
  if (times.length === 0) return [];
  const first = Math.min(...times);
  const buckets: number[] = [];
  for (const t of times) {
    const i = Math.floor((t - first) / 1000);
    buckets[i] = (buckets[i] ?? 0) + 1;
  }
  return [...buckets].map((n) => n ?? 0);
}
