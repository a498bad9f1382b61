/** @module The SQLite VersionStore: the shared one (../versions/) over a better-sqlite3 connection of its own (WAL shares the file with `bot run`). */
import type Database from "better-sqlite3";
import type { VersionStore } from "../versions/types.ts";
import { createVersionStore } from "../versions/index.ts";
import { sqliteExecutor } from "./exec.ts";
import { openDatabase } from "./open.ts";
import type { OpenOptions } from "./open.ts";

/** Opens (creating and migrating as needed) the database file and builds the VersionStore on it; `close` closes the connection. */
export function createSqliteVersionStore(file: string, options: OpenOptions = {}): VersionStore {
  return versionStoreOn(openDatabase(file, options), true);
}

export function versionStoreOn(db: Database.Database, owned = false): VersionStore {
  return createVersionStore(sqliteExecutor(db), { close: async () => void (owned && db.close()) });
}
