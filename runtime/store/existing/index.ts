/**
 * @module Read-only openers: the database a command would read, opened only if it exists at this version. Nothing
 * is created or migrated; a missing file, schema or table is a StoreError saying so ("schema x does not exist").
 */
import { StoreError } from "../types.ts";
import type { PostgresStore, PostgresStoreOptions } from "../postgres/index.ts";

export { openExistingSqlite } from "./sqlite.ts";
export type { ExistingSqliteOptions } from "./sqlite.ts";
export { checkExistingSchema } from "./postgres-check.ts";
export { missingMigrationsProblem } from "./problems.ts";

/** The PostgreSQL store at `url` (`?schema=` honoured), checked instead of migrated. Loads pg only when called. */
export async function openExistingPostgres(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
  const { openStoreFromUrl } = await import("../postgres/from-env.ts");
  return openStoreFromUrl(url, { ...options, existingOnly: true });
}

export { StoreError };
