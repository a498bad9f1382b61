/** @module SQLite-only inbound behaviour: the queue across a restart, group commit, claims left by older versions, sync level, checkpoint worker. */
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

const queued = (sid: string, from: string, body = "hi") => ({ sid, from, body, media: [], mediaTypes: [], facts: {} });

describe("SQLite inbound queue", () => {
  it("keeps an accepted message through a restart: a queued row runs after it, a done one does not", async () => {
    const file = tempFile();
    const first = createSqliteStore(file);
    expect(await first.enqueueInbound(queued("SMdone", ALICE), T0)).toBe(true);
    expect(await first.enqueueInbound(queued("SMwaiting", ALICE, "later"), T0 + 1)).toBe(true);
    expect(await first.completeInbound("SMdone", step(ALICE, "one"))).toBe(true);
    await first.close();

    const second = createSqliteStore(file);
    expect(await second.queuedUsers(10)).toEqual([ALICE]);
    expect(await second.nextInbound(ALICE)).toMatchObject({ message: { sid: "SMwaiting", body: "later" }, receivedAt: T0 + 1 });
    // Twilio's retries of either are no-ops.
    expect(await second.enqueueInbound(queued("SMdone", ALICE), T0 + 2)).toBe(false);
    expect(await second.enqueueInbound(queued("SMwaiting", ALICE), T0 + 2)).toBe(false);
    await second.close();
  });

  it("commits steps queued together in one transaction, and a failing step loses only itself", async () => {
    const store = createSqliteStore(":memory:");
    for (const sid of ["SMa", "SMb", "SMc"]) await store.enqueueInbound(queued(sid, sid === "SMb" ? BOB : ALICE), T0);
    // The CHECK constraint on outbox.kind rejects this row inside the shared transaction.
    const broken = { ...step(BOB, "broken"), outbox: [{ ...reply(BOB, "broken"), kind: "bogus" as NewOutboxRow["kind"] }] };
    const results = await Promise.allSettled([
      store.completeInbound("SMa", step(ALICE, "a")),
      store.completeInbound("SMb", broken),
      store.completeInbound("SMc", step(ALICE, "c")),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((await store.listOutbox()).map((r) => r.body)).toEqual(["a", "c"]);
    expect(await store.isInboundDone("SMb")).toBe(false);
    // The failed step's row is still queued: it runs again.
    expect((await store.nextInbound(BOB))?.message.sid).toBe("SMb");
    await store.close();
  });

  it("migrates an older file: done claims stay done, a 'processing' claim of a dead worker is dropped so Twilio's retry is accepted", async () => {
    const file = tempFile();
    const raw = new Database(file);
    raw.exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
    const dir = path.join(path.dirname(new URL(import.meta.url).pathname), "migrations");
    for (const [version, name] of [
      [1, "initial"],
      [2, "early-status"],
    ] as const) {
      raw.exec(fs.readFileSync(path.join(dir, `00${version}-${name}.sql`), "utf8"));
      raw.prepare("INSERT INTO schema_migrations VALUES (?, ?, ?)").run(version, name, T0);
    }
    raw.prepare("INSERT INTO inbound (sid, user_id, state, token, claimed_at, done_at) VALUES ('SMold', ?, 'done', 't', ?, ?)").run(ALICE, T0, T0);
    raw.prepare("INSERT INTO inbound (sid, user_id, state, token, claimed_at) VALUES ('SMdead', ?, 'processing', 'old', ?)").run(ALICE, T0);
    raw.close();
    const store = createSqliteStore(file);
    expect(await store.isInboundDone("SMold")).toBe(true);
    expect(await store.enqueueInbound(queued("SMold", ALICE), T0)).toBe(false);
    expect(await store.enqueueInbound(queued("SMdead", ALICE), T0)).toBe(true);
    await store.close();
  });

  it("never completes a sid twice, even from a second connection on the same file", async () => {
    const file = tempFile();
    const a = createSqliteStore(file);
    const b = createSqliteStore(file);
    await a.enqueueInbound(queued("SMx", ALICE), T0);
    expect(await a.completeInbound("SMx", step(ALICE, "from a"))).toBe(true);
    expect(await b.completeInbound("SMx", step(ALICE, "from b"))).toBe(false);
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
    expect(loadConfig({ BOT_DB_SYNC: "off" }, { db: ":memory:" }, "/bot")).toEqual({
      ok: false,
      errors: ['BOT_DB_SYNC must be one of normal, full, got "off".'],
    });
  });

  it("checkpoints in the background and leaves no WAL behind after close", async () => {
    const file = tempFile();
    const store = createSqliteStore(file);
    for (let i = 0; i < 300; i++) {
      const sid = `SM${i}`;
      await store.enqueueInbound(queued(sid, ALICE), T0);
      expect(await store.completeInbound(sid, step(ALICE, `m${i}`))).toBe(true);
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
