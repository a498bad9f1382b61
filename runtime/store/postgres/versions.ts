/**
 * @module The PostgreSQL VersionStore: the shared one (../versions/) on a small pool of its own, migrated on
 * open, plus LISTEN on a dedicated connection so every process hears a publish or rollback at its commit.
 * A lost listening connection is re-opened in the background; the caller's polling covers the gap.
 */
import pg from "pg";
import { createVersionStore } from "../versions/index.ts";
import type { VersionStore } from "../versions/types.ts";
import { StoreError } from "../types.ts";
import { databaseUrlProblem } from "../database-url.ts";
import { postgresExecutor } from "./exec.ts";
import { migrate } from "./migrate.ts";
import { checkSchemaName, createPool, describeConnectError } from "./pool.ts";

export interface PostgresVersionStoreOptions {
  connectionTimeoutMs?: number;
  statementTimeoutMs?: number;
}

/** `url` as `DATABASE_URL` takes it (`?schema=name` included); throws StoreError on a bad URL or connection. */
export async function createPostgresVersionStore(url: string, options: PostgresVersionStoreOptions = {}): Promise<VersionStore> {
  const problem = databaseUrlProblem(url);
  if (problem !== null) throw new StoreError(problem, "open");
  const parsed = new URL(url);
  const schema = checkSchemaName(parsed.searchParams.get("schema") ?? "public");
  parsed.searchParams.delete("schema");
  const plain = parsed.toString();
  const pool = createPool(plain, { ...options, schema, max: 2 });
  try {
    await migrate(pool, { schema });
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error instanceof StoreError ? error : describeConnectError(plain, error);
  }
  return createVersionStore(postgresExecutor(pool), {
    close: () => pool.end(),
    listen: (onChange, onTrouble) => listen(plain, `bot_live_${schema}`, onChange, onTrouble, options.connectionTimeoutMs),
  });
}

async function listen(
  url: string,
  channel: string,
  onChange: () => void,
  onTrouble: (error: unknown) => void = () => undefined,
  connectionTimeoutMs = 10_000,
): Promise<() => Promise<void>> {
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url, application_name: "bot-runtime versions", connectionTimeoutMillis: connectionTimeoutMs });
    next.on("error", (error) => {
      if (client !== next) return;
      client = null;
      onTrouble(error);
      schedule();
    });
    next.on("notification", (message) => {
      if (message.channel === channel) onChange();
    });
    await next.connect();
    await next.query(`LISTEN "${channel}"`);
    if (closed) {
      await next.end().catch(() => undefined);
      return;
    }
    client = next;
    // Anything published while this connection was away is caught by this check.
    onChange();
  };
  const schedule = () => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = null;
      connect().catch((error: unknown) => {
        onTrouble(error);
        schedule();
      });
    }, 1000);
    retry.unref();
  };
  await connect();
  return async () => {
    closed = true;
    if (retry) clearTimeout(retry);
    const current = client;
    client = null;
    await current?.end().catch(() => undefined);
  };
}
