/**
 * @module Opens an existing SQLite database read-only: no folder, file, table or migration is created. For the
 * commands that only read (`bot logs`, `bot broadcast --dry-run/--status/--list`, `bot insights`): a mistyped
 * `--db` is reported as missing instead of becoming a new empty database that looks like an empty log.
 */
import fs from "node:fs";
import Database from "better-sqlite3";
import { describeOpenError } from "../sqlite/open.ts";
import { loadMigrations } from "../sqlite/migrate.ts";
import type { Migration } from "../sqlite/migrate.ts";
import { retained } from "../sqlite/retain.ts";
import { StoreError } from "../types.ts";
import { missingMigrationsProblem } from "./problems.ts";

export interface ExistingSqliteOptions {
  busyTimeoutMs?: number;
  migrations?: Migration[];
}

/** The database at `file`, opened read-only after checking it holds this version's tables; throws StoreError otherwise. */
export function openExistingSqlite(file: string, options: ExistingSqliteOptions = {}): Database.Database {
  if (file === ":memory:" || !fs.existsSync(file)) {
    throw new StoreError(
      `the database ${file} does not exist: check --db (or BOT_DB); bot run creates it on its first start, read-only commands never do`,
      "open",
    );
  }
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, timeout: options.busyTimeoutMs ?? 5000 });
  } catch (error) {
    throw describeOpenError(file, error);
  }
  try {
    const table = retained(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")).get();
    if (table === undefined) throw new StoreError(`the database ${file} holds no bot tables: check --db, or start bot run once to create them`, "open");
    const rows = retained(db.prepare("SELECT version FROM schema_migrations")).all() as { version: number }[];
    const problem = missingMigrationsProblem(
      `the database ${file}`,
      rows.map((row) => row.version),
      options.migrations ?? loadMigrations(),
    );
    if (problem !== null) throw new StoreError(problem.message, problem.code);
  } catch (error) {
    db.close();
    if (error instanceof StoreError) throw error;
    throw describeOpenError(file, error);
  }
  return db;
}
