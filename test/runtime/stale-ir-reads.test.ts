/**
 * @module `bot run x.json`'s staleness check reads only regular files of bounded size inside the bot folder the IR
 * records, and never keeps the run from starting: /dev/zero, a FIFO, `..`, an absolute path and a huge file each
 * get a warning naming them, and the bot answers. Real `bot run` processes in sandbox mode.
 */
import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { BOT_SOURCE } from "../support/cli.ts";

const fixture = path.resolve(import.meta.dirname, "fixtures/hello");
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("TWILIO_") && !k.startsWith("BOT_")));

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A folder with hello.bot compiled beside it to hello.json; returns the folder and the IR as JSON. */
function compiled(): { dir: string; ir: string; json: { sources: { root?: string; files: { path: string; sha256: string }[] } } } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bot-stale-reads-"));
  dirs.push(dir);
  fs.copyFileSync(path.join(fixture, "hello.bot"), path.join(dir, "hello.bot"));
  const ir = path.join(dir, "hello.json");
  expect(spawnSync(process.execPath, [...BOT_SOURCE, "compile", dir, "-o", ir], { encoding: "utf8", env: cleanEnv }).status).toBe(0);
  return { dir, ir, json: JSON.parse(fs.readFileSync(ir, "utf8")) };
}

let child: ChildProcess | undefined;
afterEach(() => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
});

/** Starts `bot run` and waits (at most 30 s) for its sandbox banner; the output so far either way. */
async function run(ir: string, db: string): Promise<{ started: boolean; out: string }> {
  child = spawn(process.execPath, [...BOT_SOURCE, "run", ir, "--db", db, "--port", "0", "--log-level", "warn"], {
    env: cleanEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  for (let i = 0; i < 300 && !/see replies/.test(out); i++) await new Promise((r) => setTimeout(r, 100));
  const started = /see replies/.test(out);
  child.kill("SIGINT");
  const code = await new Promise<number | null>((resolve) => (child!.exitCode !== null ? resolve(child!.exitCode) : child!.once("exit", resolve)));
  if (started) expect(code).toBe(0);
  return { started, out };
}

function warnings(out: string): Record<string, unknown>[] {
  return out
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line["event"] === "ir.source-skipped");
}

describe("bot run's staleness check on hostile sources records", () => {
  it("starts and warns when the IR's source folder is /dev and a source is /dev/zero", async () => {
    const { dir, ir, json } = compiled();
    json.sources.root = path.relative(dir, "/dev");
    json.sources.files = [{ path: "zero", sha256: "0".repeat(64) }];
    fs.writeFileSync(ir, JSON.stringify(json));
    const { started, out } = await run(ir, path.join(dir, "bot.db"));
    expect(started, out).toBe(true);
    expect(warnings(out)).toEqual([expect.objectContaining({ level: 40, file: "zero", msg: expect.stringMatching(/\/dev\/zero is not a regular file/) })]);
  }, 60_000);

  it("starts and warns, naming each file, for a FIFO, a .. path, an absolute path and a file over 10 MB", async () => {
    const { dir, ir, json } = compiled();
    expect(spawnSync("mkfifo", [path.join(dir, "pipe.bot")]).status).toBe(0);
    fs.writeFileSync(path.join(path.dirname(dir), `${path.basename(dir)}-outside.bot`), "+ x\n- x\n");
    dirs.push(path.join(path.dirname(dir), `${path.basename(dir)}-outside.bot`));
    fs.writeFileSync(path.join(dir, "big.bot"), "");
    fs.truncateSync(path.join(dir, "big.bot"), 11 * 1024 * 1024);
    const zero = "0".repeat(64);
    json.sources.files.push(
      { path: "pipe.bot", sha256: zero },
      { path: `../${path.basename(dir)}-outside.bot`, sha256: zero },
      { path: "/etc/hostname", sha256: zero },
      { path: "big.bot", sha256: zero },
    );
    fs.writeFileSync(ir, JSON.stringify(json));
    const { started, out } = await run(ir, path.join(dir, "bot.db"));
    expect(started, out).toBe(true);
    const byFile = Object.fromEntries(warnings(out).map((w) => [w["file"], w["msg"]]));
    expect(Object.keys(byFile).sort()).toEqual([`../${path.basename(dir)}-outside.bot`, "/etc/hostname", "big.bot", "pipe.bot"].sort());
    expect(byFile["pipe.bot"]).toMatch(/pipe\.bot is not a regular file/);
    expect(byFile[`../${path.basename(dir)}-outside.bot`]).toMatch(/is outside the bot folder/);
    expect(byFile["/etc/hostname"]).toMatch(/is outside the bot folder/);
    expect(byFile["big.bot"]).toMatch(/big\.bot is 11534336 bytes, over the 10485760 bytes the check reads/);
  }, 60_000);
});
