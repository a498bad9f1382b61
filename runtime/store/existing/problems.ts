/** @module What a read-only opener says about a database whose migrations differ from this runtime's (both dialects). */
import type { Migration } from "../sqlite/migrate.ts";

/** Null when `applied` holds exactly the known migrations; otherwise the sentence and the StoreError code. */
export function missingMigrationsProblem(
  what: string,
  applied: readonly number[],
  migrations: readonly Migration[],
): { message: string; code: "newer-schema" | "migration" } | null {
  const seen = new Set(applied);
  const known = new Set(migrations.map((m) => m.version));
  const unknown = [...seen].filter((v) => !known.has(v)).sort((a, b) => a - b);
  if (unknown.length > 0) {
    return {
      message: `${what} has schema version(s) ${unknown.join(", ")}, which this version does not know: use a newer version of the bot command`,
      code: "newer-schema",
    };
  }
  const missing = migrations.filter((m) => !seen.has(m.version)).map((m) => m.version);
  if (missing.length > 0) {
    return {
      message: `${what} lacks migration(s) ${missing.join(", ")} of this version: start bot run once to bring it up to date (read-only commands never migrate)`,
      code: "migration",
    };
  }
  return null;
}
