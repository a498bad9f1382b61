/**
 * `bot broadcast` in the sandbox (issue 27, item 2): without credentials it sends through the emulator of the
 * `bot run` sandbox running for that bot (found through its state folder, .bot/sandbox.json), and without one it
 * refuses before printing any send report. Real processes: bot run, bot broadcast, the emulator over HTTP.
 */
import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { sandboxStateFile } from "../../sandbox/state/running.ts";
import { BOT_SOURCE } from "../support/cli.ts";

const dir = mkdtempSync(join(tmpdir(), "bot-sandbox-broadcast-"));
writeFileSync(join(dir, "hello.bot"), "+ hello\n- Hi!\n\n+ *\n- Say hello.\n");
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("TWILIO_") && !k.startsWith("BOT_") && k !== "DATABASE_URL"));
const BODY = "Sale today. Reply STOP to opt out";
const broadcast = () =>
  spawnSync(process.execPath, [...BOT_SOURCE, "broadcast", ".", "--body", BODY, "--yes", "--settle", "0"], {
    cwd: dir,
    env: { ...env, NO_COLOR: "1" },
    encoding: "utf8",
    timeout: 120_000,
  });
const broadcastAsync = () =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn(process.execPath, [...BOT_SOURCE, "broadcast", ".", "--body", BODY, "--yes", "--settle", "0"], {
      cwd: dir,
      env: { ...env, NO_COLOR: "1" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (status) => done({ status, stdout, stderr }));
  });
let run: ChildProcess | null = null;
afterAll(() => {
  run?.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

it("no sandbox running: refused before any report, saying how (exit 2, nothing on stdout)", () => {
  const r = broadcast();
  expect(r.stdout).toBe("");
  expect(r.stderr).toContain(
    "no Twilio credentials, and no sandbox is running for this bot; nothing was sent. Start the sandbox in another terminal (bot run .)",
  );
  expect(r.status).toBe(2);
});

it("a sandbox record whose process is gone is not a running sandbox", () => {
  const gone = spawnSync(process.execPath, ["-e", "0"]).pid!;
  mkdirSync(join(dir, ".bot"), { recursive: true });
  const record = {
    pid: gone,
    botUrl: "http://127.0.0.1:9",
    emulatorUrl: "http://127.0.0.1:9",
    accountSid: "AC",
    authToken: "x",
    from: "+1",
    database: "x",
    startedAt: 0,
  };
  writeFileSync(sandboxStateFile(dir), JSON.stringify(record));
  const r = broadcast();
  expect(r.stdout).toBe("");
  expect(r.stderr).toContain(`(pid ${gone}) is no longer running; nothing was sent`);
  expect(r.status).toBe(2);
  rmSync(sandboxStateFile(dir));
});

it("with bot run's sandbox running: sends through its emulator to every subscriber; bot run's stop removes the record", async () => {
  const child = spawn(process.execPath, [...BOT_SOURCE, "run", ".", "--port", "0", "--log-level", "warn"], {
    cwd: dir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  run = child;
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const deadline = Date.now() + 60_000;
  while (!/see replies/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const emulator = /emulator (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
  expect(emulator, out).toBeDefined();
  expect(existsSync(sandboxStateFile(dir))).toBe(true);
  const users = ["+15550001111", "+15550002222"];
  const messagesTo = async (to: string) =>
    (await (await fetch(`${emulator}/_emulator/messages?to=${encodeURIComponent(to)}`)).json()) as { body: string; direction: string }[];
  for (const from of users) {
    await fetch(`${emulator}/_emulator/inbound`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ from, to: "+15005550006", body: "hello" }),
    });
  }
  for (const to of users) {
    while (!(await messagesTo(to)).some((m) => m.direction === "outbound-api") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  }

  // Not spawnSync here: a blocked event loop lets the emulator close this process's idle keep-alive sockets under it.
  const r = await broadcastAsync();
  expect(r.stderr).toContain(`sending through the sandbox's emulator ${emulator}`);
  expect(r.stdout).toContain("Broadcast of .");
  expect(r.status).toBe(0);
  for (const to of users) expect((await messagesTo(to)).map((m) => m.body)).toContain(BODY);

  const closed = new Promise((resolve) => child.on("close", resolve));
  child.kill("SIGINT");
  expect(await closed).toBe(0);
  run = null;
  expect(existsSync(sandboxStateFile(dir))).toBe(false);
}, 180_000);
