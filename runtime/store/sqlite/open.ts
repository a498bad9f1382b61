/** @module Opens a SQLite database file for the runtime: WAL, busy timeout, sync level, migrations, and errors that say how to fix them. */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { migrate } from "./migrate.ts";
import { StoreError } from "../types.ts";

/**
 * SQLite's `synchronous` in WAL mode. `normal`: a commit is durable once written to the WAL file, which
 * survives a process crash or `kill -9`; only an OS crash or power loss can lose the last commits (the
 * database stays consistent). `full`: every commit is also flushed to the disk before it returns.
 */
export type SyncLevel = "normal" | "full";

export interface OpenOptions {
  /** How long a writer waits for another connection's lock before failing (SQLite `busy_timeout`). */
  busyTimeoutMs?: number;
  /** Default `normal` (`BOT_DB_SYNC`). */
  synchronous?: SyncLevel;
}

export function openDatabase(file: string, { busyTimeoutMs = 5000, synchronous = "normal" }: OpenOptions = {}): Database.Database {
  if (file !== ":memory:") {
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
    } catch (error) {
      throw new StoreError(
        `cannot create the folder for the database ${file}: ${(error as Error).message}. Create it yourself or pass --db with a writable path.`,
        "open",
        error,
      );
    }
  }
  let db: Database.Database;
  try {
    db = new Database(file, { timeout: busyTimeoutMs });
  } catch (error) {
    throw describeOpenError(file, error);
  }
  try {
    // WAL lets status callbacks and the dispatcher read while a webhook writes. A flush per commit
    // blocks the event loop for milliseconds, so it is the operator's choice (docs/operations.md).
    // Pragmas through exec, not db.pragma(): each db.pragma() makes a Statement object, and on Node 24 a
    // better-sqlite3 12 Statement collected when no Node environment is current aborts the process (its
    // destructor's RemoveEnvironmentCleanupHook); 13 fixes it but needs Node 22. Settings return nothing we need.
    db.exec("PRAGMA journal_mode = WAL");
    db.exec(`PRAGMA synchronous = ${synchronous === "full" ? "FULL" : "NORMAL"}`);
    // Statement journals and sort scratch in memory: otherwise a temp file is created, written and
    // deleted for many multi-row writes inside a transaction.
    db.exec("PRAGMA temp_store = MEMORY");
    db.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
    migrate(db);
  } catch (error) {
    db.close();
    if (error instanceof StoreError) throw error;
    throw describeOpenError(file, error);
  }
  return db;
}

/** Turns SQLite's codes into a sentence with the fix. Also used for write failures at run time. */
export function describeOpenError(file: string, error: unknown): StoreError {
  const code = (error as { code?: string }).code ?? "";
  const message = (error as Error).message ?? String(error);
  if (code.startsWith("SQLITE_READONLY") || /readonly|read-only/i.test(message)) {
    return new StoreError(
      `the database ${file} is read-only (${code || message}): the bot must write to it. Make the file and its folder writable by this user (it also writes ${path.basename(file)}-wal and -shm beside it), or pass --db with a writable path.`,
      "readonly",
      error,
    );
  }
  if (code.startsWith("SQLITE_CANTOPEN")) {
    return new StoreError(
      `cannot open the database ${file} (${code}): check that the folder exists and is writable, or pass --db with another path.`,
      "open",
      error,
    );
  }
  if (code === "SQLITE_NOTADB" || code === "SQLITE_CORRUPT") {
    return new StoreError(
      `${file} is not a usable SQLite database (${code}): restore it from a backup (see docs/operations.md) or pass --db with a new path.`,
      "open",
      error,
    );
  }
  return new StoreError(`cannot use the database ${file}: ${message}`, "open", error);
}
