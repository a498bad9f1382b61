/**
 * @module The read-only check of a PostgreSQL schema: it exists and holds every migration this runtime knows.
 * Used in place of `migrate()` by commands that only read (`bot logs`, `bot broadcast --status` …), so that a
 * typo in `?schema=` is reported instead of silently creating an empty schema that looks like an empty log.
 */
import type pg from "pg";
import { loadPostgresMigrations } from "../postgres/migrate.ts";
import type { Migration } from "../postgres/migrate.ts";
import { StoreError } from "../types.ts";
import { missingMigrationsProblem } from "./problems.ts";

/** Throws StoreError when the schema is missing, empty or behind this runtime's migrations; creates and changes nothing. */
export async function checkExistingSchema(pool: pg.Pool, schema: string, migrations: Migration[] = loadPostgresMigrations()): Promise<void> {
  const found = await pool.query<{ n: string }>("SELECT count(*) AS n FROM information_schema.schemata WHERE schema_name = $1", [schema]);
  if (Number(found.rows[0]?.n ?? 0) === 0) {
    throw new StoreError(
      `schema ${schema} does not exist: check ?schema= in DATABASE_URL (bot run creates the schema on its first start; read-only commands never do)`,
      "open",
    );
  }
  const table = await pool.query<{ t: string | null }>("SELECT to_regclass($1) AS t", [`"${schema}".schema_migrations`]);
  if (table.rows[0]?.t === null || table.rows[0]?.t === undefined) {
    throw new StoreError(`schema ${schema} holds no bot tables: check ?schema= in DATABASE_URL, or start bot run once to create them`, "open");
  }
  const { rows } = await pool.query<{ version: number }>(`SELECT version FROM "${schema}".schema_migrations`);
  const problem = missingMigrationsProblem(
    `schema ${schema}`,
    rows.map((row) => row.version),
    migrations,
  );
  if (problem !== null) throw new StoreError(problem.message, problem.code);
}
