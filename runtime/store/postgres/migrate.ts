/** @module Versioned PostgreSQL migrations: numbered `.sql` files in `migrations/`, applied in order under an advisory lock, recorded in `schema_migrations`. */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type pg from "pg";
import { loadMigrations } from "../sqlite/migrate.ts";
import type { Migration } from "../sqlite/migrate.ts";
import { StoreError } from "../types.ts";
import { MIGRATION_LOCK } from "./locks.ts";

export type { Migration };

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

/** This store's migrations (the same `NNN-name.sql` layout as SQLite's, but PostgreSQL's own SQL). */
export function loadPostgresMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  return loadMigrations(dir);
}

export interface MigrateOptions {
  schema: string;
  migrations?: Migration[];
  now?: number;
}

/**
 * Applies the migrations the schema has not seen, each in its own transaction, and returns their versions.
 * Several processes starting at once queue on one advisory lock, so each migration runs exactly once.
 */
export async function migrate(pool: pg.Pool, options: MigrateOptions): Promise<number[]> {
  const { schema, migrations = loadPostgresMigrations(), now = Date.now() } = options;
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query("SELECT pg_advisory_lock($1, hashtext($2))", [MIGRATION_LOCK, schema]);
    try {
      if (schema !== "public") await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS "${schema}".schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)`,
      );
      // Versions are a set, not a high-water mark, as in SQLite: the broadcast tables are numbered from 100,
      // and a schema that has 100 must still get a later core 004.
      const { rows } = await client.query<{ version: number }>(`SELECT version FROM "${schema}".schema_migrations`);
      const seen = new Set(rows.map((row) => row.version));
      const known = new Set(migrations.map((m) => m.version));
      const unknown = [...seen].filter((v) => !known.has(v)).sort((a, b) => a - b);
      if (unknown.length > 0) {
        const newest = migrations.at(-1)?.version ?? 0;
        throw new StoreError(
          `the PostgreSQL schema "${schema}" is at version ${unknown.at(-1)}, newer than this runtime knows (${newest}): run a newer version of the bot runtime, or point DATABASE_URL at another database`,
          "newer-schema",
        );
      }
      const applied: number[] = [];
      for (const migration of migrations) {
        if (seen.has(migration.version)) continue;
        await client.query("BEGIN");
        try {
          await client.query(`SET LOCAL search_path TO "${schema}"`);
          await client.query(migration.sql);
          await client.query(`INSERT INTO "${schema}".schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`, [
            migration.version,
            migration.name,
            now,
          ]);
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK");
          throw new StoreError(
            `PostgreSQL migration ${migration.version}-${migration.name} failed and was rolled back: ${(error as Error).message}`,
            "migration",
            error,
          );
        }
        applied.push(migration.version);
      }
      return applied;
    } finally {
      await client.query("SELECT pg_advisory_unlock($1, hashtext($2))", [MIGRATION_LOCK, schema]);
    }
  } catch (error) {
    broken = !(error instanceof StoreError);
    throw error;
  } finally {
    client.release(broken);
  }
}
