/** @module PostgreSQL for tests: TEST_DATABASE_URL (skipped without it), one fresh schema per use so parallel test files never share rows, dropped at the end. */
import { randomBytes } from "node:crypto";
import pg from "pg";

export const testDatabaseUrl = process.env["TEST_DATABASE_URL"]?.trim() || null;

export const SKIP_REASON = "TEST_DATABASE_URL is not set (e.g. TEST_DATABASE_URL=postgres://bot:bot@127.0.0.1:5432/bot_test)";

/** A DATABASE_URL naming a new schema in the test database (the runtime creates and migrates it on open). */
export function freshSchemaUrl(prefix = "t"): { url: string; schema: string } {
  if (testDatabaseUrl === null) throw new Error(SKIP_REASON);
  const schema = `${prefix}_${process.pid}_${randomBytes(4).toString("hex")}`;
  const url = new URL(testDatabaseUrl);
  url.searchParams.set("schema", schema);
  return { url: url.toString(), schema };
}

export async function dropSchema(schema: string): Promise<void> {
  if (testDatabaseUrl === null) return;
  const admin = new pg.Client({ connectionString: testDatabaseUrl });
  await admin.connect();
  try {
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await admin.end();
  }
}
