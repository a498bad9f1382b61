/** @module SQLite-only inbound behaviour: reservations that die with the process, group commit, rows left by older versions, sync level, checkpoint worker. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../config.ts";
import type { Changes, NewOutboxRow } from "../types.ts";
import { createSqliteStore, openDatabase } from "./index.ts";

const ALICE = "+15550000001";
const BOB = "+15550000002";
const T0 = 1_700_000_000_000;

const dirs: string[] = [];
function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bot-inbound-"));
  dirs.push(dir);
  return path.join(dir, "bot.db");
}
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function reply(userId: string, body: string): NewOutboxRow {
  return { userId, kind: "reply", body, media: [], dueAt: T0, seq: 0, cancelable: true };
}

function step(userId: string, body: string): Changes {
  return { at: T0, seen: { userId }, outbox: [reply(userId, body)] };
}

describe("SQLite inbound claims", () => {
  it("keeps a claim in flight in memory only: a restarted process runs the message, a done one it does not", async () => {
    const file = tempFile();
    const first = createSqliteStore(file);
    expect(await first.claimInbound("SMdone", ALICE, T0, 60_000)).not.toBeNull();
    const token = (await first.claimInbound("SMnew", ALICE, T0, 60_000))!;
    expect(await first.commitInbound("SMnew", token, step(ALICE, "one"))).toBe(true);
    const raw = new Database(file, { readonly: true });
    // Only the finished message is a row; the one still in flight left nothing behind.
    expect(raw.prepare("SELECT sid, state FROM inbound").all()).toEqual([{ sid: "SMnew", state: "done" }]);
    raw.close();
    await first.close();

    const second = createSqliteStore(file);
    expect(await second.claimInbound("SMdone", ALICE, T0 + 1, 60_000)).not.toBeNull();
    expect(await second.claimInbound("SMnew", ALICE, T0 + 1, 60_000)).toBeNull();
    await second.close();
  });

  it("commits steps queued together in one transaction, and a failing step loses only itself", async () => {
    const store = createSqliteStore(":memory:");
    const tokens = await Promise.all(["SMa", "SMb", "SMc"].map((sid) => store.claimInbound(sid, sid === "SMb" ? BOB : ALICE, T0, 60_000)));
    // The CHECK constraint on outbox.kind rejects this row inside the shared transaction.
    const broken = { ...step(BOB, "broken"), outbox: [{ ...reply(BOB, "broken"), kind: "bogus" as NewOutboxRow["kind"] }] };
    const results = await Promise.allSettled([
      store.commitInbound("SMa", tokens[0]!, step(ALICE, "a")),
      store.commitInbound("SMb", tokens[1]!, broken),
      store.commitInbound("SMc", tokens[2]!, step(ALICE, "c")),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((await store.listOutbox()).map((r) => r.body)).toEqual(["a", "c"]);
    expect(await store.isInboundDone("SMb")).toBe(false);
    // The failed step's caller gives the claim back, and Twilio's retry can run it.
    await store.releaseInbound("SMb", tokens[1]!);
    expect(await store.claimInbound("SMb", BOB, T0, 60_000)).not.toBeNull();
    await store.close();
  });

  it("treats a 'processing' row left by an older version as a dead claim", async () => {
    const file = tempFile();
    await createSqliteStore(file).close();
    const raw = new Database(file);
    raw.prepare("INSERT INTO inbound (sid, user_id, state, token, claimed_at) VALUES ('SMold', ?, 'processing', 'old', ?)").run(ALICE, T0);
    raw.close();
    const store = createSqliteStore(file);
    const token = await store.claimInbound("SMold", ALICE, T0, 60_000);
    expect(token).not.toBeNull();
    expect(await store.commitInbound("SMold", token!, step(ALICE, "late"))).toBe(true);
    expect(await store.isInboundDone("SMold")).toBe(true);
    await store.close();
  });

  it("never commits a sid twice, even from a second connection on the same file", async () => {
    const file = tempFile();
    const a = createSqliteStore(file);
    const b = createSqliteStore(file);
    const [ta, tb] = [await a.claimInbound("SMx", ALICE, T0, 60_000), await b.claimInbound("SMx", ALICE, T0, 60_000)];
    expect(await a.commitInbound("SMx", ta!, step(ALICE, "from a"))).toBe(true);
    expect(await b.commitInbound("SMx", tb!, step(ALICE, "from b"))).toBe(false);
    expect((await a.listOutbox()).map((r) => r.body)).toEqual(["from a"]);
    await a.close();
    await b.close();
  });
});

describe("SQLite durability settings", () => {
  it("syncs NORMAL by default and FULL when asked, in WAL mode", () => {
    const normal = openDatabase(tempFile());
    expect(normal.pragma("synchronous", { simple: true })).toBe(1);
    expect(normal.pragma("journal_mode", { simple: true })).toBe("wal");
    normal.close();
    const full = openDatabase(tempFile(), { synchronous: "full" });
    expect(full.pragma("synchronous", { simple: true })).toBe(2);
    full.close();
  });

  it("takes the level from BOT_DB_SYNC, and names the variable when its value is wrong", () => {
    expect(loadConfig({}, { db: ":memory:" }, "/bot")).toMatchObject({ ok: true, config: { dbSync: "normal" } });
    expect(loadConfig({ BOT_DB_SYNC: "FULL" }, { db: ":memory:" }, "/bot")).toMatchObject({ ok: true, config: { dbSync: "full" } });
    expect(loadConfig({ BOT_DB_SYNC: "off" }, { db: ":memory:" }, "/bot")).toEqual({ ok: false, errors: ['BOT_DB_SYNC must be one of normal, full, got "off".'] });
  });

  it("checkpoints in the background and leaves no WAL behind after close", async () => {
    const file = tempFile();
    const store = createSqliteStore(file);
    for (let i = 0; i < 300; i++) {
      const sid = `SM${i}`;
      const token = (await store.claimInbound(sid, ALICE, T0, 60_000))!;
      expect(await store.commitInbound(sid, token, step(ALICE, `m${i}`))).toBe(true);
    }
    await store.close();
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    const reopened = createSqliteStore(file);
    expect(await reopened.listOutbox()).toHaveLength(300);
    await reopened.close();
  });
});

describe("SQLite bot state", () => {
  it("is read once, sees other connections' writes, and cannot be changed in place", async () => {
    const file = tempFile();
    const store = createSqliteStore(file);
    await store.apply({ at: T0, bot: { initial: { vars: { mood: "calm" }, globals: {} }, writes: [] } });
    const state = (await store.getBotState())!;
    expect(state).toEqual({ vars: { mood: "calm" }, globals: {} });
    expect(await store.getBotState()).toBe(state);
    expect(() => {
      state.vars["mood"] = "changed";
    }).toThrow(TypeError);

    const other = new Database(file);
    other.prepare("UPDATE bot_state SET state = ? WHERE id = 1").run(JSON.stringify({ vars: { mood: "edited" }, globals: {} }));
    other.close();
    expect(await store.getBotState()).toEqual({ vars: { mood: "edited" }, globals: {} });

    await store.apply({ at: T0 + 1, bot: { initial: { vars: {}, globals: {} }, writes: [{ scope: "vars", name: "mood", from: "edited", to: "own write" }] } });
    expect(await store.getBotState()).toEqual({ vars: { mood: "own write" }, globals: {} });
    await store.close();
  });
});
