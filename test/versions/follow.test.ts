/**
 * @module Following the live version in one process, on a real SQLite file: a publish swaps the bot the next
 * step gets (a step holding the old one keeps it), a version whose IR format is newer is refused (the process
 * keeps its version, logs one error naming it, and reports it in its status), and `bot run`'s choice of version
 * (files never published are published; stored files never change what is live; `--live`).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.ts";
import type { BotIR } from "../../compiler/ir/types.ts";
import { createSqliteVersionStore } from "../../runtime/store/sqlite/versions.ts";
import type { VersionStore } from "../../runtime/store/versions/types.ts";
import { chooseVersion } from "../../runtime/versions/choose.ts";
import { startFollowing } from "../../runtime/versions/follow.ts";
import { createBotHolder } from "../../runtime/versions/holder.ts";
import { diffTriggers, irHash, newVersionOf, triggerSummary } from "../../runtime/versions/summary.ts";
import { settleTopic } from "../../runtime/versions/topics.ts";
import type { EngineEnv } from "../../engine/types.ts";

const bot = (text: string): BotIR => compile([{ path: "bot.bot", text }]).ir;
const env = { clock: { now: () => 0 }, random: () => 0 } as unknown as EngineEnv;

function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}

let dir: string;
let versions: VersionStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "follow-"));
  versions = createSqliteVersionStore(join(dir, "bot.db"));
});
afterEach(async () => {
  await versions.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("following the live version", () => {
  it("swaps in a published version at the next check, while a step holding the old one keeps it", async () => {
    const v1 = bot("+ hi\n- one\n");
    await versions.publish(newVersionOf(v1, "test", null), 1);
    const holder = createBotHolder(v1, 1, () => env);
    const { logger, lines } = capture();
    const follower = await startFollowing({ versions, holder, logger, pollMs: 60_000 });
    try {
      const inProgress = holder.current();
      await versions.publish(newVersionOf(bot("+ hi\n- two\n"), "test", "second"), 2);
      await follower.check();
      expect(holder.current().version).toBe(2);
      expect(inProgress.version).toBe(1);
      expect(inProgress.ir).toBe(v1);
      expect(follower.status()).toEqual({ running: 2, live: 2, problem: null });
      expect(lines.find((l) => l["event"] === "versions.live")).toMatchObject({ version: 2, was: 1, by: "test" });
    } finally {
      await follower.stop();
    }
  });

  it("refuses a version written in a newer IR format: keeps its version, logs one error naming it, reports it", async () => {
    const v1 = bot("+ hi\n- one\n");
    await versions.publish(newVersionOf(v1, "test", null), 1);
    const holder = createBotHolder(v1, 1, () => env);
    const { logger, lines } = capture();
    const follower = await startFollowing({ versions, holder, logger, pollMs: 60_000 });
    try {
      const future = { ...newVersionOf(v1, "newer", null), irVersion: 99, irHash: "future" };
      future.ir = JSON.stringify({ ...v1, irVersion: 99, compiler: { name: "dexter-bot", version: "9.0.0" } });
      await versions.publish(future, 2);
      await follower.check();
      await follower.check();
      expect(holder.current().version).toBe(1);
      const errors = lines.filter((l) => l["event"] === "versions.refused");
      expect(errors).toHaveLength(1);
      expect(errors[0]!["msg"]).toMatch(
        /version 2 .* cannot run in this process: irVersion is 99 \(written by dexter-bot 9\.0\.0\).*keeps answering with version 1; upgrade/,
      );
      expect(follower.status()).toMatchObject({ running: 1, live: 2, problem: expect.stringMatching(/^version 2 is live but refused here/) });
      // Rolling back to a version it can run clears the problem.
      await versions.setLive(1, 3, "ops", "rollback");
      await follower.check();
      expect(follower.status()).toEqual({ running: 1, live: 1, problem: null });
    } finally {
      await follower.stop();
    }
  });
});

describe("the bot holder", () => {
  it("wraps the current engine I/O and every one built after it (the server counts $ calls and macros)", () => {
    const built: string[] = [];
    const holder = createBotHolder(bot("+ hi\n- one\n"), 1, (ir) => (built.push(ir.triggers[0]!.text), { ...env, random: () => 0.5 }));
    holder.wrapEnv((e) => ({ ...e, random: () => 0.25 }));
    expect(holder.current().env.random()).toBe(0.25);
    holder.swap(bot("+ hey\n- two\n"), 2);
    expect(holder.current().env.random()).toBe(0.25);
    expect(built).toEqual(["hi", "hey"]);
    expect(holder.movedToDefault()).toBe(1);
    expect(holder.moves).toBe(1);
  });
});

describe("which version bot run starts with", () => {
  const v1 = bot("+ hi\n- one\n");
  const v2 = bot("+ hi\n- two\n");

  it("publishes files never published, and runs them", async () => {
    const first = await chooseVersion(versions, v1, { live: false, by: "bot run", at: 1 });
    expect(first).toMatchObject({ type: "run", version: 1, note: { kind: "published", previous: null } });
    const second = await chooseVersion(versions, v2, { live: false, by: "bot run", at: 2 });
    expect(second).toMatchObject({ type: "run", version: 2, note: { kind: "published", previous: 1 } });
  });

  it("never rolls back: files that are an older stored version run the live one", async () => {
    await versions.publish(newVersionOf(v1, "a", null), 1);
    await versions.publish(newVersionOf(v2, "b", null), 2);
    const old = await chooseVersion(versions, v1, { live: false, by: "bot run", at: 3 });
    expect(old).toMatchObject({ type: "run", version: 2, note: { kind: "files-are-older", files: 1 } });
    if (old.type === "run") expect(irHash(old.ir)).toBe(irHash(v2));
    expect((await versions.live())?.number).toBe(2);
    expect(await chooseVersion(versions, v2, { live: false, by: "bot run", at: 3 })).toMatchObject({ version: 2, note: { kind: "live-is-files" } });
  });

  it("--live runs what is live and refuses when nothing is", async () => {
    expect(await chooseVersion(versions, v1, { live: true, by: "bot run", at: 1 })).toMatchObject({ type: "refused", message: /no version is published yet/ });
    await versions.publish(newVersionOf(v2, "b", null), 1);
    expect(await chooseVersion(versions, v1, { live: true, by: "bot run", at: 2 })).toMatchObject({ type: "run", version: 1, note: { kind: "live-only" } });
  });
});

describe("what a version is", () => {
  it("hashes the same bot alike whatever compiled it and wherever its lines are", () => {
    const a = bot("+ hi\n- one\n");
    expect(irHash({ ...a, compiler: { name: "x", version: "1" } })).toBe(irHash(a));
    expect(irHash(bot("+ hi\n- two\n"))).not.toBe(irHash(a));
    // Spans move when lines are added above; the trigger's reply hash does not.
    const moved = triggerSummary(bot("// a comment\n\n+ hi\n- one\n"));
    expect(moved).toEqual(triggerSummary(a));
  });

  it("lists triggers added, removed and changed", () => {
    const before = triggerSummary(bot("+ hi\n- one\n\n+ bye\n- later\n\n> topic quiz\n+ *\n- q\n< topic\n"));
    const after = triggerSummary(bot("+ hi\n- ONE\n\n+ help\n- sure\n"));
    expect(diffTriggers(before, after)).toEqual({ added: ["default: help"], removed: ["default: bye", "quiz: *"], changed: ["default: hi"] });
  });

  it("moves a session in a topic the version lacks to default", () => {
    const ir = bot("+ hi\n- one\n");
    const session = { userId: "u", topic: "quiz", vars: { name: "Ann" } } as never;
    expect(settleTopic(session, ir)).toMatchObject({ removed: "quiz", session: { topic: "default", vars: { name: "Ann" } } });
    expect(settleTopic({ ...(session as object), topic: "default" } as never, ir)).toBeNull();
  });
});
