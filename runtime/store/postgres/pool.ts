/** @module Opens the PostgreSQL pool for the runtime: bigint columns as numbers, an optional schema, and connection errors that say how to fix them. */
import pg from "pg";
import { StoreError } from "../types.ts";
import { redactDatabaseUrl } from "../database-url.ts";

/** Hides the password (and secret-looking query values) when the database URL is shown in an error or log line. */
export const redactUrl = redactDatabaseUrl;

export interface PoolOptions {
  /** Schema holding the tables (created if missing); default `public`. Lets several bots or test files share one database. */
  schema?: string;
  /** Connections in the pool (default 10). */
  max?: number;
  /** How long to wait for a connection before failing (default 10 s). */
  connectionTimeoutMs?: number;
  /** Server-side limit per statement, ms (default 30 s; 0: none), so a stuck query fails instead of holding a connection. */
  statementTimeoutMs?: number;
  /** Told about an error on a pooled connection (the server restarted or failed over); the connection is dropped. */
  onConnectionError?: (error: unknown) => void;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

// Times are epoch milliseconds and ids stay far below 2^53, so bigint (int8) columns and counts can be
// JavaScript numbers; pg's default of strings would leak into every record.
const INT8 = 20;
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8 && format !== "binary" ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
};

export function checkSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new StoreError(
      `schema name "${schema}" is not allowed: use lower-case letters, digits and underscores, starting with a letter or underscore`,
      "open",
    );
  }
  return schema;
}

export function createPool(url: string, options: PoolOptions = {}): pg.Pool {
  const schema = checkSchemaName(options.schema ?? "public");
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
    application_name: "bot-runtime",
    // Every connection resolves table names in the chosen schema.
    options: `-c search_path=${schema} -c statement_timeout=${options.statementTimeoutMs ?? 30_000}`,
    types,
  });
  const onError = options.onConnectionError ?? (() => undefined);
  // A client losing its server (restart, failover) must not crash the process: pg emits 'error' on the
  // pool for an idle client and on the client itself while it is checked out, and an 'error' event with no
  // listener is thrown. Every client gets a listener for its whole life; the query in flight fails and
  // its caller retries, the pool drops the client and the next query opens a fresh connection.
  pool.on("error", onError);
  pool.on("connect", (client) => {
    client.on("error", onError);
  });
  return pool;
}

/** Turns pg's and the network's errors into a sentence with the fix. */
export function describeConnectError(url: string, error: unknown): StoreError {
  const code = (error as { code?: string }).code ?? "";
  const message = (error as Error).message ?? String(error);
  const where = redactUrl(url);
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN" || /timeout/i.test(message)) {
    return new StoreError(
      `cannot reach PostgreSQL at ${where} (${code || message}): check that the server is running and DATABASE_URL names the right host and port.`,
      "open",
      error,
    );
  }
  if (code === "28P01" || code === "28000") {
    return new StoreError(`PostgreSQL refused the login at ${where} (${message}): check the user and password in DATABASE_URL.`, "open", error);
  }
  if (code === "3D000") {
    return new StoreError(`the database in ${where} does not exist (${message}): create it (createdb) or fix DATABASE_URL.`, "open", error);
  }
  if (code === "42501") {
    return new StoreError(
      `the PostgreSQL user in ${where} lacks a privilege (${message}): grant it CREATE on the database/schema, or run migrations as the owner.`,
      "open",
      error,
    );
  }
  return new StoreError(`cannot use PostgreSQL at ${where}: ${message}`, "open", error);
}
