/** @module Versioned SQLite migrations: numbered `.sql` files applied in order, each in its own transaction, recorded in `schema_migrations`. */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type Database from "better-sqlite3";
import { StoreError } from "../types.ts";

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

/** Reads `NNN-name.sql` files; the number is the version, and numbers must be unique. */
export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const migrations = fs
    .readdirSync(dir)
    .filter((file) => /^\d+-[\w-]+\.sql$/.test(file))
    .map((file) => {
      const [, version, name] = /^(\d+)-([\w-]+)\.sql$/.exec(file)!;
      return { version: Number(version), name: name!, sql: fs.readFileSync(path.join(dir, file), "utf8") };
    })
    .sort((a, b) => a.version - b.version);
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]!.version === migrations[i - 1]!.version) {
      throw new StoreError(`two migrations share version ${migrations[i]!.version} in ${dir}`, "migration");
    }
  }
  return migrations;
}

/** Applies the migrations the database has not seen. Returns the versions applied. */
export function migrate(db: Database.Database, migrations: Migration[] = loadMigrations(), now: number = Date.now()): number[] {
  db.exec(
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)",
  );
  const row = db.prepare("SELECT MAX(version) AS v FROM schema_migrations").get() as { v: number | null };
  const current = row.v ?? 0;
  const newest = migrations.at(-1)?.version ?? 0;
  if (current > newest) {
    throw new StoreError(
      `the database is at schema version ${current}, newer than this runtime knows (${newest}): run a newer version of the bot runtime, or point --db at another file`,
      "newer-schema",
    );
  }
  const applied: number[] = [];
  const record = db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, now);
    })();
    applied.push(migration.version);
  }
  return applied;
}
