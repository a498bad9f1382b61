/** @module `bot run` as a user runs it: a real child process, sandbox mode end to end, and the refusals (compile errors, bad config, read-only database). */
import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess, SpawnSyncOptions } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { BOT_SOURCE } from "../support/cli.ts";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const fixture = path.join(repo, "test/runtime/fixtures/hello");
/** No TWILIO_* from the developer's shell may leak into these runs. */
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("TWILIO_") && !k.startsWith("BOT_")));

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bot-run-"));
  fs.chmodSync(dir, 0o755);
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function runSync(args: string[], options: SpawnSyncOptions = {}) {
  const result = spawnSync(process.execPath, [...BOT_SOURCE, "run", ...args], { encoding: "utf8", timeout: 30_000, env: cleanEnv, ...options });
  return { status: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}

describe("bot run refuses to start", () => {
  it("on compile errors, printing them", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "bad.bot"), "- orphan reply\n+ hi\n- hello\n");
    const result = runSync([path.join(dir, "bad.bot"), "--port", "0", "--db", path.join(dir, "x.db")]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/bad\.bot:1:1 BOT002/);
    expect(result.stderr).toMatch(/has 1 error; fix them before running it/);
    expect(fs.existsSync(path.join(dir, "x.db"))).toBe(false);
  });

  it("on half-configured Twilio credentials, naming what is missing", () => {
    const result = runSync([fixture, "--port", "0", "--db", ":memory:"], { env: { ...cleanEnv, TWILIO_ACCOUNT_SID: "AC" + "1".repeat(32) } });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/TWILIO_AUTH_TOKEN is missing/);
    expect(result.stderr).toMatch(/No sender: set TWILIO_FROM/);
  });

  it("on a malformed DATABASE_URL, with the reason and the password redacted, creating no SQLite file", () => {
    const dir = tempDir();
    const result = runSync([fixture, "--port", "0", "--db", path.join(dir, "x.db")], {
      env: { ...cleanEnv, DATABASE_URL: "postgres://bot:hunter/2@x@127.0.0.1:5432/bot" },
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/DATABASE_URL postgres:\/\/bot:\*\*\*@127\.0\.0\.1:5432\/bot is not a URL/);
    expect(result.stderr).not.toMatch(/hunter/);
    const scheme = runSync([fixture, "--port", "0"], { env: { ...cleanEnv, DATABASE_URL: "mysql://bot:hunter2@127.0.0.1/bot" } });
    expect(scheme.status).toBe(2);
    expect(scheme.stderr).toMatch(/is not a PostgreSQL URL \(scheme mysql:\)/);
    expect(scheme.stderr).not.toMatch(/hunter2/);
    expect(fs.existsSync(path.join(dir, "x.db"))).toBe(false);
  }, 90_000);

  it("when PostgreSQL is down at start: says so, retries with backoff, then exits 1 for a supervisor to see", () => {
    const started = Date.now();
    const result = runSync([fixture, "--port", "0"], {
      env: { ...cleanEnv, DATABASE_URL: "postgres://bot:hunter2@127.0.0.1:1/bot", BOT_PG_START_TIMEOUT_MS: "2500", BOT_PG_CONNECT_TIMEOUT_MS: "500" },
    });
    expect(result.status).toBe(1);
    const retries = result.stderr.match(/Retrying in [\d.]+ s \(attempt \d+/g) ?? [];
    expect(retries.length).toBeGreaterThanOrEqual(2);
    // Backoff: the waits grow.
    expect(retries.slice(0, 2)).toEqual(["Retrying in 0.5 s (attempt 1", "Retrying in 1.0 s (attempt 2"]);
    expect(result.stderr).toMatch(/cannot reach PostgreSQL at postgres:\/\/bot:\*\*\*@127\.0\.0\.1:1\/bot/);
    expect(result.stderr).not.toMatch(/hunter2/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
  }, 90_000);

  it("on compiled IR of another format, naming the version that wrote it, with exit 2", () => {
    const dir = tempDir();
    const ir = path.join(dir, "hello.json");
    expect(spawnSync(process.execPath, [...BOT_SOURCE, "compile", fixture, "-o", ir], { encoding: "utf8", env: cleanEnv }).status).toBe(0);
    const json = JSON.parse(fs.readFileSync(ir, "utf8"));
    fs.writeFileSync(ir, JSON.stringify({ ...json, irVersion: 99, compiler: { name: "dexter-bot", version: "42.0.0" } }));
    const result = runSync([ir, "--port", "0", "--db", path.join(dir, "x.db")]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /hello\.json: cannot run this compiled bot: irVersion is 99 \(written by dexter-bot 42\.0\.0\), and this dexter-bot \S+ runs IR format 2 only/,
    );
    expect(result.stderr).toMatch(/or upgrade dexter-bot\.$/m);
    expect(fs.existsSync(path.join(dir, "x.db"))).toBe(false);
  });

  it("on a bad --ordering value", () => {
    const result = runSync([fixture, "--ordering", "fast", "--db", ":memory:"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--ordering\/BOT_ORDERING must be one of strict, relaxed, got "fast"/);
  });

  it("on a read-only database file, with a clear error instead of a crash", () => {
    const dir = tempDir();
    const file = path.join(dir, "ro.db");
    new Database(file).close();
    fs.chmodSync(file, 0o444);
    const args = [...BOT_SOURCE, "run", fixture, "--port", "0", "--db", file];
    // root ignores file modes, so as root the folder is mounted read-only in a private mount namespace
    // (a service user that cannot reach the checkout would fail earlier than the database).
    const spawned =
      process.getuid?.() === 0
        ? spawnSync(
            "unshare",
            ["--mount", "sh", "-c", `mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"`, dir, process.execPath, ...args],
            {
              encoding: "utf8",
              timeout: 30_000,
              env: cleanEnv,
            },
          )
        : spawnSync(process.execPath, args, { encoding: "utf8", timeout: 30_000, env: cleanEnv });
    const result = { status: spawned.status, stderr: String(spawned.stderr) };
    expect(result.stderr).toMatch(/the database .*ro\.db is read-only .*Make the file and its folder writable.*or pass --db/);
    expect(result.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(result.status).toBe(1);
  });
});

describe("bot run on a port in use", () => {
  it("exits 1 naming the port and how to choose another, also through npm start", async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const result = runSync([fixture, "--port", String(port), "--db", ":memory:"]);
      expect(result.stderr).toContain(
        `bot run: port ${port} on 127.0.0.1 is already in use: stop the other process or pick another port with --port N (or PORT=N; with npm start: npm start -- --port N)`,
      );
      expect(result.stderr).not.toMatch(/at .*\.(ts|js):\d+/);
      expect(result.status).toBe(1);
    } finally {
      taken.close();
    }
  });
});

describe("bot run in sandbox mode", () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child && child.exitCode === null) child.kill("SIGKILL");
  });

  async function start(args: string[]): Promise<{ out: () => string; emulator: string }> {
    child = spawn(process.execPath, [...BOT_SOURCE, "run", ...args, "--port", "0", "--log-level", "warn"], {
      env: cleanEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    for (let i = 0; i < 300 && !/see replies/.test(out); i++) await new Promise((r) => setTimeout(r, 100));
    const emulator = /emulator (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    if (!emulator) throw new Error(`bot run did not start:\n${out}`);
    return { out: () => out, emulator };
  }

  async function replies(emulator: string, to: string, count: number): Promise<string[]> {
    for (let i = 0; i < 100; i++) {
      const messages = (await (await fetch(`${emulator}/_emulator/messages?to=${encodeURIComponent(to)}`)).json()) as { direction: string; body: string }[];
      const bodies = messages.filter((m) => m.direction === "outbound-api").map((m) => m.body);
      if (bodies.length >= count) return bodies;
      await new Promise((r) => setTimeout(r, 100));
    }
    return [];
  }

  async function text(emulator: string, body: string): Promise<void> {
    const response = await fetch(`${emulator}/_emulator/inbound`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ from: "+15550001111", to: "+15005550006", body }),
    });
    expect(response.status).toBe(200);
  }

  it("answers through the emulator, keeps its database, and stops cleanly on SIGINT", async () => {
    const dir = tempDir();
    const db = path.join(dir, "bot.db");
    const { out, emulator } = await start([fixture, "--db", db]);
    expect(out()).toMatch(/sandbox mode/);
    await text(emulator, "hello");
    expect(await replies(emulator, "+15550001111", 1)).toEqual(["Hi from the sandbox!"]);
    child!.kill("SIGINT");
    const code = await new Promise<number | null>((resolve) => child!.once("exit", (exitCode) => resolve(exitCode)));
    expect(code).toBe(0);
    const raw = new Database(db, { readonly: true });
    expect(raw.prepare("SELECT body, state, sid IS NOT NULL AS hasSid FROM outbox").all()).toEqual([
      { body: "Hi from the sandbox!", state: "sent", hasSid: 1 },
    ]);
    raw.close();
  });

  it("lets the bot answer HELP when bot.config.yaml sets runtime.help: bot; STOP still silences it", async () => {
    const dir = tempDir();
    fs.copyFileSync(path.join(fixture, "hello.bot"), path.join(dir, "hello.bot"));
    fs.writeFileSync(path.join(dir, "bot.config.yaml"), "runtime:\n  help: bot\n");
    const { emulator } = await start([dir, "--db", path.join(dir, "bot.db")]);
    await text(emulator, "help");
    expect(await replies(emulator, "+15550001111", 1)).toEqual(["You said: help"]);
    await text(emulator, "STOP");
    await text(emulator, "hello");
    await text(emulator, "START");
    await text(emulator, "hello");
    expect(await replies(emulator, "+15550001111", 2)).toEqual(["You said: help", "Hi from the sandbox!"]);
  });

  it("warns when the sources beside a compiled IR changed since bot compile, naming them, and still runs it", async () => {
    const dir = tempDir();
    fs.copyFileSync(path.join(fixture, "hello.bot"), path.join(dir, "hello.bot"));
    const ir = path.join(dir, "hello.json");
    expect(spawnSync(process.execPath, [...BOT_SOURCE, "compile", dir, "-o", ir], { encoding: "utf8", env: cleanEnv }).status).toBe(0);
    fs.appendFileSync(path.join(dir, "hello.bot"), "\n+ bye\n- Bye!\n");
    fs.writeFileSync(path.join(dir, "extra.bot"), "+ extra\n- extra\n");
    const { out, emulator } = await start([ir, "--db", path.join(dir, "bot.db")]);
    const warning = out()
      .split("\n")
      .map((line) => (line.startsWith("{") ? (JSON.parse(line) as Record<string, unknown>) : null))
      .find((line) => line?.["event"] === "ir.stale");
    expect(warning).toMatchObject({ level: 40, changed: ["hello.bot"], added: ["extra.bot"], removed: [] });
    expect(warning!["msg"]).toMatch(
      /hello\.json is out of date: since it was compiled, its sources in .* have changed hello\.bot; added extra\.bot\. It runs as compiled; run bot compile .* -o .*hello\.json to update it\./,
    );
    // It runs the IR as compiled: the new trigger is not there yet.
    await text(emulator, "bye");
    expect(await replies(emulator, "+15550001111", 1)).toEqual(["You said: bye"]);
  });

  it("starts from compiled IR without recompiling", async () => {
    const dir = tempDir();
    const ir = path.join(dir, "hello.json");
    const compiled = spawnSync(process.execPath, [...BOT_SOURCE, "compile", fixture, "-o", ir], { encoding: "utf8", env: cleanEnv });
    expect(compiled.status).toBe(0);
    const { emulator } = await start([ir, "--db", path.join(dir, "bot.db")]);
    await text(emulator, "anything at all");
    expect(await replies(emulator, "+15550001111", 1)).toEqual(["You said: anything at all"]);
  });
});
