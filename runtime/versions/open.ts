/** @module The VersionStore `bot run` would use with this configuration: PostgreSQL when `DATABASE_URL` is set, else the SQLite file (`--db`, `BOT_DB`, or `<bot>/.bot/bot.db`). */
import type { RuntimeConfig } from "../config.ts";
import type { VersionStore } from "../store/versions/types.ts";
import { createSqliteVersionStore } from "../store/sqlite/versions.ts";

export async function openVersionStore(config: Pick<RuntimeConfig, "databaseUrl" | "dbPath" | "dbSync" | "postgres">): Promise<VersionStore> {
  if (config.databaseUrl) {
    // Loaded only when asked for, as in bot run.
    const { createPostgresVersionStore } = await import("../store/postgres/versions.ts");
    return createPostgresVersionStore(config.databaseUrl, {
      connectionTimeoutMs: config.postgres.connectTimeoutMs,
      statementTimeoutMs: config.postgres.statementTimeoutMs,
    });
  }
  return createSqliteVersionStore(config.dbPath, { synchronous: config.dbSync });
}
