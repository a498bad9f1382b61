/** @module The SQLite BroadcastStore: the shared one (../broadcasts/) over a better-sqlite3 connection. */
import type Database from "better-sqlite3";
import type { BroadcastStore } from "../broadcasts/types.ts";
import { createBroadcastStore } from "../broadcasts/index.ts";
import { sqliteExecutor } from "./exec.ts";
import { openDatabase } from "./open.ts";
import type { OpenOptions } from "./open.ts";

/** Opens its own connection to the runtime's database file (WAL lets it share the file with `bot run`). */
export function createSqliteBroadcastStore(file: string, options: OpenOptions = {}): BroadcastStore {
  return broadcastStoreOn(openDatabase(file, options), true);
}

export function broadcastStoreOn(db: Database.Database, owned = false): BroadcastStore {
  return createBroadcastStore(sqliteExecutor(db), { close: async () => void (owned && db.close()) });
}
