/**
 * @module Hostile macros against a real `bot run` process (issue 20, findings 2 and 3): `/healthz` answers
 * within 1 s while a native `indexOf` and an endless loop run in macros, and a message whose step keeps
 * dying with the process (kill -9 mid-step, five times, each restart running it again) is dropped with a
 * RUN024 line on the sixth start, after which the same user is answered.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { BOT_SOURCE } from "../support/cli.ts";

const USER = "+15550001111";
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("TWILIO_") && !k.startsWith("BOT_")));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const BOT = `
> object needle javascript
  var text = "a".repeat(1 << 20), needle = "a".repeat(10000) + "b";
  return text.indexOf(needle);
< object

> object spin javascript
  while (true) {}
< object

+ needle
- found <call>needle</call>

+ spin
- spun <call>spin</call>

+ hello
- Hi!
`;

const dirs: string[] = [];
function botDir(config: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bot-hostile-"));
  fs.chmodSync(dir, 0o755);
  dirs.push(dir);
  fs.writeFileSync(path.join(dir, "hostile.bot"), BOT);
  fs.writeFileSync(path.join(dir, "bot.config.yaml"), config);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

interface Running {
  child: ChildProcess;
  out: () => string;
  emulator: string;
  url: string;
}

async function start(dir: string): Promise<Running> {
  const child = spawn(process.execPath, [...BOT_SOURCE, "run", dir, "--port", "0", "--db", path.join(dir, "bot.db"), "--log-level", "info"], {
    env: cleanEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  for (let i = 0; i < 600 && !/"event":"listening"/.test(out); i++) await sleep(100);
  const emulator = /emulator (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
  const url = /"event":"listening","url":"(http:\/\/[^"]+)"/.exec(out)?.[1];
  if (!emulator || !url) throw new Error(`bot run did not start:\n${out}`);
  return { child, out: () => out, emulator, url };
}

async function text(emulator: string, from: string, body: string): Promise<void> {
  const response = await fetch(`${emulator}/_emulator/inbound`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ from, to: "+15005550006", body }),
  });
  expect(response.status).toBe(200);
}

async function replies(emulator: string, to: string, count: number, tries = 300): Promise<string[]> {
  let bodies: string[] = [];
  for (let i = 0; i < tries; i++) {
    const messages = (await (await fetch(`${emulator}/_emulator/messages?to=${encodeURIComponent(to)}`)).json()) as { direction: string; body: string }[];
    bodies = messages.filter((m) => m.direction === "outbound-api").map((m) => m.body);
    if (bodies.length >= count) return bodies;
    await sleep(100);
  }
  return bodies;
}

const logLines = (out: string) =>
  out
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe("hostile macros in a real bot run", () => {
  it("/healthz answers within 1 s while a native indexOf and an endless loop run in macros", async () => {
    // A budget of engine work far above what the loops need: only the wall-clock deadline stops them.
    const dir = botDir("runtime:\n  macros:\n    deadlineMs: 4000\n    cpuSteps: 100000\n");
    const bot = await start(dir);
    await text(bot.emulator, USER, "needle");
    await text(bot.emulator, "+15550002222", "spin");
    // Wait until both macros are running, then probe for longer than a second of their run.
    await sleep(300);
    const slowest: number[] = [];
    for (let i = 0; i < 15; i++) {
      const t0 = Date.now();
      const response = await fetch(new URL("healthz", bot.url), { signal: AbortSignal.timeout(5000) });
      expect(response.status).toBe(200);
      slowest.push(Date.now() - t0);
      await sleep(100);
    }
    expect(Math.max(...slowest)).toBeLessThan(1000);
    expect(await replies(bot.emulator, USER, 1)).toEqual(["found [ERR: macro deadline]"]);
    expect((await replies(bot.emulator, "+15550002222", 1))[0]).toMatch(/^spun \[ERR: macro (deadline|CPU limit)\]$/);
    const codes = logLines(bot.out()).map((line) => line["code"]);
    expect(codes).toContain("RUN023");
    // The server is still whole: the next message is answered.
    await text(bot.emulator, USER, "hello");
    expect(await replies(bot.emulator, USER, 2)).toEqual(["found [ERR: macro deadline]", "Hi!"]);
  }, 120_000);

  it("drops a message whose step died with the process five times, and answers the user's next message", async () => {
    // A step that runs long enough to be killed in the middle of it.
    const dir = botDir("runtime:\n  macros:\n    deadlineMs: 14000\n    cpuSteps: 100000\n");
    const db = path.join(dir, "bot.db");
    const attempts = () => {
      if (!fs.existsSync(db)) return 0;
      const raw = new Database(db, { readonly: true, fileMustExist: true });
      try {
        return (raw.prepare("SELECT attempts FROM inbound WHERE state = 'queued'").pluck().get() as number | undefined) ?? 0;
      } finally {
        raw.close();
      }
    };
    let bot = await start(dir);
    await text(bot.emulator, USER, "needle");
    for (let run = 1; run <= 5; run++) {
      if (run > 1) bot = await start(dir);
      // The run is counted before it starts: once the count moves, the step is under way.
      for (let i = 0; i < 300 && attempts() < run; i++) await sleep(50);
      expect(attempts()).toBe(run);
      bot.child.kill("SIGKILL");
      await once(bot.child, "exit");
    }
    bot = await start(dir);
    let dropped: Record<string, unknown> | undefined;
    for (let i = 0; i < 300 && !dropped; i++) {
      dropped = logLines(bot.out()).find((line) => line["event"] === "inbound.dropped");
      if (!dropped) await sleep(50);
    }
    expect(dropped).toMatchObject({ code: "RUN024", from: USER, runs: 5, level: 50 });
    expect(dropped!["msg"]).toMatch(/^RUN024 inbound SM\w+ from \+15550001111 was run 5 times without finishing .* marked done without an answer/);
    await text(bot.emulator, USER, "hello");
    expect(await replies(bot.emulator, USER, 1)).toEqual(["Hi!"]);
  }, 180_000);
});
