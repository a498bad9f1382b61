/**
 * @module `--watch` with real processes: `bot chat --watch` (piped) and `bot run --watch` (Twilio mode, the
 * emulator as Twilio). An edit that adds a trigger is answered without a restart and a variable set before is
 * kept; an edit with a syntax error is printed and the previous version answers; a deleted file likewise.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { startEmulator } from "../../sandbox/emulator/index.ts";
import type { Emulator } from "../../sandbox/emulator/index.ts";
import { BOT_NUMBER, sleep } from "../scale/load.ts";
import { freePort } from "../scale/cluster.ts";
import { BOT_SOURCE } from "../support/cli.ts";

const V1 = "+ my name is *\n- <set name=<star>>ok <get name>\n\n+ *\n- default one\n";
const V2 = `${V1}\n+ what is my name\n- you are <get name>\n`;
const BROKEN = `${V2}\n+ broken (\n- x\n`;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

function started(child: ChildProcess): { output: () => string } {
  let out = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
  cleanups.push(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  });
  return { output: () => out };
}

async function until(what: string, ok: () => boolean, output: () => string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}; output:\n${output().slice(-3000)}`);
    await sleep(50);
  }
}

function botDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bot-watch-"));
  fs.writeFileSync(path.join(dir, "bot.bot"), V1);
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

it(
  "bot chat --watch: an added trigger answers without a restart, variables kept; a syntax error or a deleted file leaves the old bot answering",
  { timeout: 90_000 },
  async () => {
    const dir = botDir();
    const child = spawn(process.execPath, [...BOT_SOURCE, "chat", "--watch", "--seed", "1", dir], {
      env: { PATH: process.env["PATH"] ?? "", HOME: process.env["HOME"] ?? os.tmpdir() },
      stdio: ["pipe", "pipe", "pipe"],
    });
    const { output } = started(child);
    const say = (line: string) => child.stdin!.write(`${line}\n`);
    const count = (text: string) => output().split(text).length - 1;

    say("my name is ann");
    await until("the first reply", () => output().includes("bot> ok ann"), output);
    // Saved twice quickly: the debounce makes it one reload.
    fs.writeFileSync(path.join(dir, "bot.bot"), V1);
    fs.writeFileSync(path.join(dir, "bot.bot"), V2);
    await until("the reload", () => output().includes("(reloaded #1"), output);
    say("what is my name");
    await until("the new trigger's answer", () => output().includes("bot> you are ann"), output);

    fs.writeFileSync(path.join(dir, "bot.bot"), BROKEN);
    await until("the error", () => output().includes("(not reloaded: "), output);
    expect(output()).toMatch(/bot\.bot:\d+:\d+/);
    say("what is my name");
    await until("the old version's answer", () => count("bot> you are ann") === 2, output);

    fs.rmSync(path.join(dir, "bot.bot"));
    await until("the missing file", () => count("(not reloaded: ") === 2, output);
    say("what is my name");
    await until("the old version's answer again", () => count("bot> you are ann") === 3, output);
    expect(output()).not.toContain("(reloaded #2");
    child.stdin!.end();
  },
);

it(
  "bot run --watch: an added trigger answers without a restart, state kept; a syntax error leaves the old version answering",
  { timeout: 120_000 },
  async () => {
    const dir = botDir();
    const emulator: Emulator = await startEmulator({ seed: 5, delivery: { latencyMs: 1 }, log: () => undefined });
    cleanups.push(() => emulator.close());
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, [...BOT_SOURCE, "run", "--watch", dir], {
      env: {
        PATH: process.env["PATH"] ?? "",
        HOME: process.env["HOME"] ?? os.tmpdir(),
        BOT_DB: path.join(dir, ".bot", "bot.db"),
        TWILIO_ACCOUNT_SID: emulator.accountSid,
        TWILIO_AUTH_TOKEN: emulator.authToken,
        TWILIO_FROM: BOT_NUMBER,
        TWILIO_API_BASE_URL: emulator.url,
        BOT_PUBLIC_URL: url,
        BOT_HOST: "127.0.0.1",
        PORT: String(port),
        BOT_LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const { output } = started(child);
    await until("bot run to listen", () => output().includes('"event":"listening"'), output, 60_000);
    const user = "+15550004444";
    const replies = () =>
      emulator
        .messagesTo(user)
        .filter((m) => m.direction === "outbound-api")
        .map((m) => m.body);
    const text = async (body: string, expected: number) => {
      expect((await emulator.sendInbound({ from: user, to: BOT_NUMBER, body, url: `${url}/sms` })).status).toBe(200);
      await until(`reply ${expected}`, () => replies().length === expected, output);
    };

    await text("my name is ann", 1);
    expect(replies()).toEqual(["ok ann"]);
    fs.writeFileSync(path.join(dir, "bot.bot"), V2);
    await until("the reload", () => output().includes("reloaded as version 2"), output);
    await text("what is my name", 2);
    expect(replies()[1]).toBe("you are ann");

    fs.writeFileSync(path.join(dir, "bot.bot"), BROKEN);
    await until("the error", () => output().includes("still answering with version 2"), output);
    expect(output()).toMatch(/bot\.bot:\d+:\d+/);
    await text("what is my name", 3);
    expect(replies()[2]).toBe("you are ann");
    expect(child.exitCode).toBeNull();
  },
);
