/** @module Chooses the PostgreSQL store from a `DATABASE_URL`, with errors that name the variable. */
import { StoreError } from "../types.ts";
import { createPostgresStore } from "./index.ts";
import type { PostgresStore, PostgresStoreOptions } from "./index.ts";
import { redactUrl } from "./pool.ts";

export { redactUrl };

/** The `DATABASE_URL` to use, or null when it is unset or blank (the SQLite store is used then). */
export function databaseUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string | null {
  const raw = env["DATABASE_URL"]?.trim();
  return raw ? raw : null;
}

/**
 * Opens the PostgreSQL store at `url` (`postgres://user:password@host:port/database`, optionally `?schema=name`);
 * throws StoreError on a bad URL or connection.
 */
export async function openStoreFromUrl(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StoreError(`DATABASE_URL is not a URL: give postgres://user:password@host:5432/database`, "open");
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw new StoreError(
      `DATABASE_URL ${redactUrl(url)} is not a PostgreSQL URL (scheme ${parsed.protocol}): give postgres://user:password@host:5432/database, or unset DATABASE_URL to use the SQLite file (--db)`,
      "open",
    );
  }
  // `?schema=name` keeps one bot's tables apart from another's in a shared database.
  const schema = parsed.searchParams.get("schema");
  if (schema !== null) {
    parsed.searchParams.delete("schema");
    return createPostgresStore(parsed.toString(), { ...options, schema });
  }
  return createPostgresStore(url, options);
}
