/** @module Chooses the PostgreSQL store from a `DATABASE_URL`, with errors that name the variable. */
import { StoreError } from "../types.ts";
import { createPostgresStore } from "./index.ts";
import type { PostgresStore, PostgresStoreOptions } from "./index.ts";
import { databaseUrlProblem } from "../database-url.ts";
import { redactUrl } from "./pool.ts";
import { isDatabaseUnavailable } from "../unavailable.ts";

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
  const problem = databaseUrlProblem(url);
  if (problem !== null) throw new StoreError(problem, "open");
  const parsed = new URL(url);
  // `?schema=name` keeps one bot's tables apart from another's in a shared database.
  const schema = parsed.searchParams.get("schema");
  if (schema !== null) {
    parsed.searchParams.delete("schema");
    return createPostgresStore(parsed.toString(), { ...options, schema });
  }
  return createPostgresStore(url, options);
}

export interface StartRetry {
  /** Give up after this long (default 60 s): a supervisor then sees the non-zero exit. */
  timeoutMs?: number;
  /** Told before each wait, with the reason and the wait. */
  onRetry?: (error: StoreError, waitMs: number, attempt: number) => void;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * `openStoreFromUrl`, retried with backoff (0.5 s doubling to 8 s) while PostgreSQL is unreachable or
 * starting up, as when the database and the runtime start together; a bad password, a missing database
 * or a newer schema fail at once, since waiting will not fix them.
 */
export async function openStoreWithRetry(url: string, options: PostgresStoreOptions = {}, retry: StartRetry = {}): Promise<PostgresStore> {
  const deadline = Date.now() + (retry.timeoutMs ?? 60_000);
  const sleep = retry.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await openStoreFromUrl(url, options);
    } catch (error) {
      if (!(error instanceof StoreError) || error.code !== "open" || !isDatabaseUnavailable(error.cause) || Date.now() >= deadline) throw error;
      const wait = Math.min(8000, 500 * 2 ** (attempt - 1), Math.max(0, deadline - Date.now()));
      retry.onRetry?.(error, wait, attempt);
      await sleep(wait);
    }
  }
}
