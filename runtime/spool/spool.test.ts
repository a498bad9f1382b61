/** The spool on its own: refused at start when its folder cannot be written, full at its bound (the store's error stands), replay in order, a torn line skipped, a dead process's spool claimed. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createMemoryLogger } from "../log/logger.ts";
import type { QueuedMessage, Store } from "../store/types.ts";
import { openSpool, spooledStore } from "./index.ts";
import type { SpoolSettings } from "./index.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
function tmp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bot-spool-"));
  dirs.push(dir);
  return dir;
}

const message = (n: number, from = "+15550001111"): QueuedMessage => ({
  sid: `SM${String(n).padStart(32, "0")}`,
  from,
  body: `m ${n}`,
  media: [],
  mediaTypes: [],
});
const away = () => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });

/** A store whose database is away until `up` is set; what it stored, in order. */
function fakeStore() {
  const stored: string[] = [];
  const state = { up: false };
  const store = {
    kind: "postgres",
    async enqueueInbound(m: QueuedMessage) {
      if (!state.up) throw away();
      if (stored.includes(m.sid)) return false;
      stored.push(m.sid);
      return true;
    },
    async recordStatus(sid: string, event: { status: string }) {
      if (!state.up) throw away();
      stored.push(`${sid}:${event.status}`);
      return { found: true, advanced: true, userId: null, status: event.status };
    },
    async apply() {},
  } as unknown as Store;
  return { store, stored, state };
}

const settings = (dir: string, over: Partial<SpoolSettings> = {}): SpoolSettings => ({ dir, maxBytes: 1024 * 1024, maxAgeMs: 3_600_000, ...over });

describe("the spool", () => {
  it("is refused at start, naming the folder, when the folder cannot be made", () => {
    const blocked = path.join(tmp(), "a-file");
    fs.writeFileSync(blocked, "");
    const dir = path.join(blocked, "spool");
    expect(() => openSpool({ settings: settings(dir), logger: createMemoryLogger().logger, clock: { now: () => 0 } })).toThrow(
      new RegExp(`the spool folder ${dir.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} cannot be written`),
    );
  });

  it("takes webhooks while the store is away and stores them in arrival order when it is back", async () => {
    const { store, stored, state } = fakeStore();
    const spool = openSpool({ settings: settings(tmp()), logger: createMemoryLogger().logger, clock: { now: () => 1000 } });
    const spooled = spooledStore(store, spool);
    expect(await spooled.enqueueInbound(message(1), 1000)).toBe(true);
    expect(await spooled.recordStatus("SMaaaa", { status: "delivered", at: 1001, errorCode: null })).toMatchObject({ advanced: false });
    state.up = true;
    // Something is spooled: a new webhook goes behind it, not ahead.
    expect(await spooled.enqueueInbound(message(2), 1002)).toBe(true);
    expect(stored).toEqual([]);
    expect(spool.depth().entries).toBe(3);
    expect(await spool.replay(store)).toEqual({ replayed: 3, left: 0 });
    expect(stored).toEqual([message(1).sid, "SMaaaa:delivered", message(2).sid]);
    expect(spool.pending()).toBe(false);
    expect(fs.readFileSync(spool.file, "utf8")).toBe("");
    // Back to normal: straight to the store.
    expect(await spooled.enqueueInbound(message(3), 1003)).toBe(true);
    expect(stored.at(-1)).toBe(message(3).sid);
    await spool.stop();
    expect(fs.existsSync(spool.file)).toBe(false);
  });

  it("is full at BOT_SPOOL_MAX_MB: the store's own error stands (503) and a log line says how big the spool is", async () => {
    const { store } = fakeStore();
    const memory = createMemoryLogger();
    const spool = openSpool({ settings: settings(tmp(), { maxBytes: 200 }), logger: memory.logger, clock: { now: () => 0 } });
    const spooled = spooledStore(store, spool);
    expect(await spooled.enqueueInbound(message(1), 0)).toBe(true);
    await expect(spooled.enqueueInbound(message(2), 0)).rejects.toThrow(/ECONNREFUSED/);
    const full = memory.lines().find((l) => l["event"] === "spool.full");
    expect(String(full?.["msg"])).toMatch(/the spool is full \(1 webhooks, 0\.0 MB of BOT_SPOOL_MAX_MB=/);
    await spool.stop();
  });

  it("replays a spool its process left (killed), skipping a line cut short, and drops entries past their age", async () => {
    const dir = tmp();
    const { store, stored, state } = fakeStore();
    state.up = true;
    const entry = (n: number, at: number) => JSON.stringify({ v: 1, kind: "inbound", at, message: message(n) });
    // pid 2^22+1 is above Linux's pid_max: no such process.
    fs.writeFileSync(path.join(dir, "spool-4194305-1.jsonl"), `${entry(1, 5000)}\n${entry(2, 100)}\n${entry(3, 5001)}\n{"v":1,"kind":"inb`);
    const memory = createMemoryLogger();
    const spool = openSpool({ settings: settings(dir, { maxAgeMs: 4000 }), logger: memory.logger, clock: { now: () => 6000 } });
    expect(await spool.replay(store)).toEqual({ replayed: 3, left: 0 });
    expect(stored).toEqual([message(1).sid, message(3).sid]);
    expect(memory.lines().map((l) => l["event"])).toEqual(expect.arrayContaining(["spool.torn", "spool.expired", "spool.replayed"]));
    expect(fs.readdirSync(dir).filter((name) => !name.startsWith(`spool-${process.pid}-`))).toEqual([]);
    await spool.stop();
  });
});
