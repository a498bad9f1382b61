/** @module Versioned SQLite migrations: numbered `.sql` files applied in order, each in its own transaction, recorded in `schema_migrations`. */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type Database from "better-sqlite3";
import { StoreError } from "../types.ts";
import { retained } from "./retain.ts";

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

/**
 * Applies every migration the database has not seen. Versions are a set, not a high-water mark: the
 * broadcast tables are numbered from 100 so they never collide with the core's, and a database that
 * has 100 must still get a later core 003.
 */
export function migrate(db: Database.Database, migrations: Migration[] = loadMigrations(), now: number = Date.now()): number[] {
  db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
  const applied = new Set((retained(db.prepare("SELECT version FROM schema_migrations")).all() as { version: number }[]).map((r) => r.version));
  const known = new Set(migrations.map((m) => m.version));
  const unknown = [...applied].filter((v) => !known.has(v)).sort((a, b) => a - b);
  if (unknown.length > 0) {
    throw new StoreError(
      `the database has schema version${unknown.length === 1 ? "" : "s"} ${unknown.join(", ")}, which this runtime does not know: run a newer version of the bot runtime, or point --db at another file`,
      "newer-schema",
    );
  }
  const record = retained(db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"));
  const done: number[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, now);
    })();
    done.push(migration.version);
  }
  return done;
}
