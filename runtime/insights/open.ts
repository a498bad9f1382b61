/**
 * @module Opens the message log for the insights, read-only: the database `bot run` uses (DATABASE_URL's
 * PostgreSQL when set, else the SQLite file), never created or migrated. A missing file, schema or table is
 * refused with a sentence that says so; a database from before recording began reads as all "unknown".
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { createInsightsStore } from "../store/insights/index.ts";
import type { InsightsStore } from "../store/insights/types.ts";
import { sqliteExecutor } from "../store/sqlite/exec.ts";
import { postgresExecutor } from "../store/postgres/exec.ts";
import { createPool, describeConnectError, redactUrl } from "../store/postgres/pool.ts";
import { databaseUrlProblem } from "../store/database-url.ts";

export type OpenedInsights = { ok: true; store: InsightsStore; database: string } | { ok: false; message: string };

export interface InsightsTarget {
  /** `--db`: the SQLite file. */
  db?: string;
  root: string;
  env: NodeJS.ProcessEnv;
}

/** Where the data is, as `bot run` decides: DATABASE_URL wins, then --db, BOT_DB, `<bot>/.bot/bot.db`. */
export async function openInsights(target: InsightsTarget): Promise<OpenedInsights> {
  const url = target.env["DATABASE_URL"]?.trim();
  if (url) return openPostgres(url);
  const file = path.resolve(target.db ?? (target.env["BOT_DB"]?.trim() || path.join(target.root, ".bot", "bot.db")));
  return openSqlite(file);
}

function openSqlite(file: string): OpenedInsights {
  if (!fs.existsSync(file)) {
    return { ok: false, message: `no database at ${file}: bot run creates it when it starts. Pass --db with the file bot run uses, or set DATABASE_URL.` };
  }
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    return { ok: false, message: `cannot open ${file} read-only: ${(error as Error).message}` };
  }
  const exec = sqliteExecutor(db);
  const table = db.prepare("SELECT 1 AS ok FROM sqlite_master WHERE type = 'table' AND name = 'messages'");
  if (table.get() === undefined) {
    db.close();
    return { ok: false, message: `${file} is not a bot database (it has no message log): pass --db with the file bot run uses.` };
  }
  return { ok: true, store: createInsightsStore(exec, async () => void db.close()), database: file };
}

async function openPostgres(url: string): Promise<OpenedInsights> {
  const problem = databaseUrlProblem(url);
  if (problem !== null) return { ok: false, message: `DATABASE_URL: ${problem}` };
  const parsed = new URL(url);
  const schema = parsed.searchParams.get("schema") ?? "public";
  parsed.searchParams.delete("schema");
  const where = redactUrl(url);
  let pool;
  try {
    pool = createPool(parsed.toString(), { schema, max: 2 });
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  try {
    const found = await pool.query<{ table: string | null }>("SELECT to_regclass('messages')::text AS table");
    if (found.rows[0]?.table == null) {
      await pool.end();
      return {
        ok: false,
        message: `${where} has no message log in schema "${schema}": bot run creates it when it starts. Check DATABASE_URL (and its ?schema=).`,
      };
    }
  } catch (error) {
    await pool.end().catch(() => undefined);
    return { ok: false, message: describeConnectError(url, error).message };
  }
  const opened = pool;
  return { ok: true, store: createInsightsStore(postgresExecutor(opened), () => opened.end()), database: where };
}
