/** @module `DATABASE_URL`: why one cannot be used, and how it is shown (password redacted, even in a URL too broken to parse). */
import { redactUrl } from "../log/redact-url.ts";

export function redactDatabaseUrl(url: string): string {
  try {
    new URL(url);
  } catch {
    // `scheme://user:password@host`: everything between the user's ':' and the last '@' is the password
    // (an unencoded '@' or '/' in it is what breaks the URL).
    return url.replace(/^([^:/]*:\/\/[^:/@]*:).*@/, "$1***@");
  }
  return redactUrl(url);
}

/** Why `url` cannot be a PostgreSQL `DATABASE_URL`, or null when it can; the reason shows the URL redacted. */
export function databaseUrlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `DATABASE_URL ${redactDatabaseUrl(url)} is not a URL: give postgres://user:password@host:5432/database (percent-encode @, : and / in the password)`;
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    return `DATABASE_URL ${redactDatabaseUrl(url)} is not a PostgreSQL URL (scheme ${parsed.protocol}): give postgres://user:password@host:5432/database, or unset DATABASE_URL to use the SQLite file (--db)`;
  }
  if (!parsed.hostname) return `DATABASE_URL ${redactDatabaseUrl(url)} names no host: give postgres://user:password@host:5432/database`;
  if (parsed.pathname.replace(/^\//, "") === "")
    return `DATABASE_URL ${redactDatabaseUrl(url)} names no database: add it after the host, e.g. postgres://user:password@host:5432/bot`;
  return null;
}
