/** @module Runs the Store contract on SQLite (a file in a temp dir and `:memory:`), plus SQLite-only checks: migrations, reopening, bad files. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { createSqliteStore, loadMigrations, migrate, StoreError } from "../../runtime/store/index.ts";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { newLease } from "../../runtime/broadcast/lease.ts";
import { createSqliteBroadcastStore } from "../../runtime/store/sqlite/broadcasts.ts";
import { runBroadcastStoreContract } from "./broadcast-store-contract.ts";
import { runStoreContract, session } from "./store-contract.ts";

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bot-store-"));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

runStoreContract("SQLite file", () => createSqliteStore(path.join(tempDir(), ".bot", "bot.db")));
runStoreContract("SQLite :memory:", () => createSqliteStore(":memory:"));

// A peer runner is another process on this machine: its lease names a real pid, which SIGKILL ends.
runBroadcastStoreContract("SQLite", async () => {
  const file = path.join(tempDir(), ".bot", "bot.db");
  const store = createSqliteStore(file);
  const broadcasts = createSqliteBroadcastStore(file);
  const closers: (() => Promise<unknown>)[] = [() => broadcasts.close(), () => store.close()];
  return {
    store,
    broadcasts,
    peer: async () => {
      const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
      const exited = once(child, "exit");
      const peer = createSqliteBroadcastStore(file);
      closers.unshift(() => peer.close());
      closers.unshift(async () => {
        child.kill("SIGKILL");
        await exited;
      });
      return {
        broadcasts: peer,
        lease: { ...newLease(), pid: child.pid! },
        die: async () => {
          child.kill("SIGKILL");
          await exited;
        },
      };
    },
    close: async () => {
      for (const close of closers) await close();
    },
  };
});

describe("SQLite specifics", () => {
  it("records versioned migrations and applies each once", () => {
    const file = path.join(tempDir(), "m.db");
    const db = new Database(file);
    const versions = loadMigrations().map((m) => m.version);
    expect(versions[0]).toBe(1);
    expect(migrate(db)).toEqual(versions);
    expect(migrate(db)).toEqual([]);
    expect(db.prepare("SELECT version FROM schema_migrations ORDER BY version").all()).toEqual(versions.map((version) => ({ version })));
    expect(db.pragma("journal_mode", { simple: true })).toBe("delete");
    db.close();
  });

  it("opens in WAL mode and keeps data across reopen", async () => {
    const file = path.join(tempDir(), "bot.db");
    const store = createSqliteStore(file);
    await store.apply({ at: 1, session: { userId: "+1555", session: session("+1555", "kept") } });
    await store.close();
    const reopened = createSqliteStore(file);
    expect((await reopened.getUser("+1555"))!.session!.topic).toBe("kept");
    await reopened.close();
    const raw = new Database(file);
    expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
    raw.close();
  });

  it("takes back only rows stuck in sending since the given time", async () => {
    const store = createSqliteStore(":memory:");
    const row = { userId: "+1555", kind: "reply" as const, body: "hi", media: [], dueAt: 1000, seq: 0, cancelable: true };
    await store.apply({ at: 1000, outbox: [row] });
    await store.claimDue({ now: 1000, ordering: "strict", strictWaitMs: 10_000, limit: 10 });
    expect(await store.recoverInterrupted(5000, 999)).toBe(0);
    expect(await store.recoverInterrupted(5000, 1000)).toBe(1);
    expect((await store.listOutbox())[0]!.state).toBe("unknown");
    await store.close();
  });

  it("refuses a database from a newer schema with a clear error", () => {
    const file = path.join(tempDir(), "newer.db");
    const db = new Database(file);
    migrate(db);
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)").run();
    db.close();
    expect(() => createSqliteStore(file)).toThrow(StoreError);
    expect(() => createSqliteStore(file)).toThrow(/schema version 999, which this runtime does not know/);
  });

  it("applies a missing migration numbered below one already applied (versions are a set)", () => {
    const file = path.join(tempDir(), "gap.db");
    const db = new Database(file);
    const shipped = loadMigrations();
    migrate(db, shipped);
    // A core migration added later with a number below the broadcast tables' 100 must still be applied.
    const later = { version: 50, name: "later-core-change", sql: "CREATE TABLE later_core (x INTEGER)" };
    const all = [...shipped, later].sort((a, b) => a.version - b.version);
    expect(migrate(db, all)).toEqual([50]);
    expect(migrate(db, all)).toEqual([]);
    db.close();
  });

  it("refuses a file that is not a database, saying how to recover", () => {
    const file = path.join(tempDir(), "junk.db");
    fs.writeFileSync(file, "this is not sqlite ".repeat(300));
    expect(() => createSqliteStore(file)).toThrow(/not a usable SQLite database.*backup/);
  });
});
