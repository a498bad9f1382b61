/**
 * @module Publishing to running `bot run` processes (issue 23's "Done when"): SQLite with one process and
 * PostgreSQL with three (a fresh schema on the test database), the emulator as Twilio. Users are mid-
 * conversation (a delayed part pending, one in a topic the next version removes); `bot publish` of a changed bot
 * → every process answers with it within 5 s (checked from the emulator's record, per process), nothing is lost
 * or doubled, the delayed part is sent; the user in the removed topic goes on in `default`; `bot rollback` → the
 * old replies again; `bot versions` and `bot logs --json` show the version of each message.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../sandbox/emulator/index.ts";
import type { Emulator } from "../../sandbox/emulator/index.ts";
import { BOT_NUMBER, killHard, sleep, startBot } from "../scale/load.ts";
import type { BotProcess } from "../scale/load.ts";
import { BOT_SOURCE } from "../support/cli.ts";
import { SKIP_REASON, dropSchema, freshSchemaUrl, testDatabaseUrl } from "../support/postgres.ts";

const V1 = `+ hello
- v1 hello <delay seconds=4> v1 later

+ quiz
- {topic=quiz}v1 quiz started

> topic quiz
+ *
- v1 in quiz
< topic

+ *
- v1 default
`;

const V2 = `+ hello
- v2 hello

+ *
- v2 default
`;

interface Rig {
  dir: string;
  env: NodeJS.ProcessEnv;
  emulator: Emulator;
  bots: BotProcess[];
}

const rigs: Rig[] = [];
const schemas: string[] = [];
afterAll(async () => {
  for (const rig of rigs) {
    for (const bot of rig.bots) {
      if (!bot.alive()) continue;
      const exited = new Promise((resolve) => bot.child.once("exit", resolve));
      bot.child.kill("SIGTERM");
      const timer = setTimeout(() => killHard(bot), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await rig.emulator.close();
    fs.rmSync(rig.dir, { recursive: true, force: true });
  }
  for (const schema of schemas) await dropSchema(schema);
});

function cli(rig: Rig, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...BOT_SOURCE, ...args], { env: rig.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("exit", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const replies = (rig: Rig, user: string) =>
  rig.emulator
    .messagesTo(user)
    .filter((m) => m.direction === "outbound-api")
    .map((m) => m.body);

async function until(what: string, ok: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await sleep(50);
  }
}

async function text(rig: Rig, bot: BotProcess, from: string, body: string): Promise<void> {
  const sent = await rig.emulator.sendInbound({ from, to: BOT_NUMBER, body, url: `${bot.url}/sms` });
  expect(sent.status).toBe(200);
}

/** Texts `user` through `bot` every 400 ms until a reply starts with `prefix`; how long that took. */
async function answeredWith(rig: Rig, bot: BotProcess, user: string, body: string, prefix: string): Promise<number> {
  const start = Date.now();
  for (let i = 0; ; i++) {
    const before = replies(rig, user).length;
    await text(rig, bot, user, body);
    await until(`a reply to ${user}`, () => replies(rig, user).length > before);
    if (replies(rig, user).at(-1)!.startsWith(prefix)) return Date.now() - start;
    if (Date.now() - start > 10_000) throw new Error(`${user} still gets "${replies(rig, user).at(-1)}" after 10 s`);
    await sleep(400);
  }
}

async function scenario(name: string, processes: number, databaseUrl: string | null): Promise<void> {
  const emulator = await startEmulator({ seed: 23, delivery: { latencyMs: 1 }, log: () => undefined });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bot-versions-${name}-`));
  fs.writeFileSync(path.join(dir, "bot.bot"), V1);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env["PATH"] ?? "",
    HOME: process.env["HOME"] ?? os.tmpdir(),
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { BOT_DB: path.join(dir, ".bot", "bot.db") }),
  };
  const rig: Rig = { dir, env, emulator, bots: [] };
  rigs.push(rig);
  // PostgreSQL: polling once a minute, so switching within 5 s is LISTEN/NOTIFY's doing.
  for (let i = 0; i < processes; i++) {
    rig.bots.push(
      await startBot(dir, emulator, {
        databaseUrl: databaseUrl ?? "",
        processes,
        env: { BOT_LOG_LEVEL: "info", BOT_VERSION_POLL_MS: databaseUrl ? "60000" : "1000" },
      }),
    );
  }
  const [first] = rig.bots;

  // Mid-conversation on version 1: A has a delayed part pending, B is in topic quiz.
  await text(rig, first!, "+15550000001", "hello");
  await text(rig, first!, "+15550000002", "quiz");
  await until("version 1's first replies", () => replies(rig, "+15550000001").length === 1 && replies(rig, "+15550000002").length === 1);
  expect(replies(rig, "+15550000001")).toEqual(["v1 hello"]);
  expect(replies(rig, "+15550000002")).toEqual(["v1 quiz started"]);

  fs.writeFileSync(path.join(dir, "bot.bot"), V2);
  const published = await cli(rig, ["publish", dir, "-m", "second"]);
  expect(published.stderr).toBe("");
  expect(published.code).toBe(0);
  expect(published.stdout).toMatch(/version 2 is live \(was 1\): 2 triggers, \+0 -2 ~2/);

  // Every process answers with version 2 within 5 s of the publish.
  for (const [i, bot] of rig.bots.entries()) {
    const waited = await answeredWith(rig, bot, `+1555000010${i}`, "hello", "v2");
    expect(waited).toBeLessThan(5000);
    expect(replies(rig, `+1555000010${i}`).at(-1)).toBe("v2 hello");
  }
  // The delayed part scheduled by version 1 is sent as scheduled, once.
  await until("A's delayed part", () => replies(rig, "+15550000001").length === 2);
  expect(replies(rig, "+15550000001")).toEqual(["v1 hello", "v1 later"]);
  // B's topic is gone in version 2: B goes on in default.
  await text(rig, rig.bots.at(-1)!, "+15550000002", "anything");
  await until("B's reply", () => replies(rig, "+15550000002").length === 2);
  expect(replies(rig, "+15550000002")).toEqual(["v1 quiz started", "v2 default"]);
  expect(rig.bots.map((b) => b.output.join("")).join("")).toContain('"event":"versions.topic-removed"');
  // On PostgreSQL any process may run B's message (the inbound queue is shared): the moves add up to one.
  let moved = 0;
  for (const bot of rig.bots) {
    const metrics = await (await fetch(`${bot.url}/metrics`)).text();
    moved += Number(/^bot_version_users_moved_to_default (\d+)$/m.exec(metrics)?.[1] ?? NaN);
    expect(metrics).toMatch(/^bot_version_running 2$/m);
    expect(metrics).toMatch(/^bot_version_refused 0$/m);
  }
  expect(moved).toBe(1);
  for (const bot of rig.bots) expect(await (await fetch(`${bot.url}/readyz`)).json()).toMatchObject({ versions: { running: 2, live: 2, problem: null } });

  const listed = await cli(rig, ["versions", dir]);
  expect(listed.code).toBe(0);
  expect(listed.stdout).toMatch(/^\*\s+2 .*\(live\)$/m);
  expect(listed.stdout).toContain("- quiz: *");

  const back = await cli(rig, ["rollback", dir]);
  expect(back.code).toBe(0);
  expect(back.stdout).toContain("version 1 is live (was 2)");
  for (const [i, bot] of rig.bots.entries()) expect(await answeredWith(rig, bot, `+1555000020${i}`, "hello", "v1")).toBeLessThan(5000);

  const unknown = await cli(rig, ["rollback", dir, "9"]);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain("there is no version 9");

  // Nothing lost or doubled: every message got exactly one answer (two for version 1's hello with its delayed part).
  await sleep(5000);
  const c = replies(rig, "+15550000001");
  expect(c).toEqual(["v1 hello", "v1 later"]);
  for (const [i] of rig.bots.entries()) {
    const probes = replies(rig, `+1555000020${i}`);
    expect(probes.filter((r) => r === "v1 later").length).toBe(probes.filter((r) => r === "v1 hello").length);
  }

  // Every logged message carries its version.
  const logs = await cli(rig, ["logs", dir, "--json", "--user", "+15550000001"]);
  expect(logs.code).toBe(0);
  const records = logs.stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { direction: string; body: string; version: number | null });
  expect(records.map((r) => [r.direction, r.body, r.version])).toEqual([
    ["in", "hello", 1],
    ["out", "v1 hello", 1],
    ["out", "v1 later", 1],
  ]);
  for (const bot of rig.bots) expect(bot.alive()).toBe(true);
}

describe("bot publish and bot rollback reach running processes", () => {
  it("SQLite, one bot run", { timeout: 120_000 }, async () => {
    await scenario("sqlite", 1, null);
  });

  if (testDatabaseUrl === null) it.skip(`PostgreSQL, three bot run processes: SKIPPED because ${SKIP_REASON}`, () => undefined);
  else
    it("PostgreSQL, three bot run processes", { timeout: 180_000 }, async () => {
      const { url, schema } = freshSchemaUrl("verproc");
      schemas.push(schema);
      await scenario("postgres", 3, url);
    });
});
