/**
 * Read-only commands change nothing (issue 27, item 3): `bot logs` and `bot broadcast --dry-run/--status/--list`
 * on a database that does not exist create no file, folder, schema or table and exit 1 saying what is missing;
 * on an existing one they read it without migrating. Real processes, real SQLite and PostgreSQL.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../runtime/store/index.ts";
import { openExistingSqlite } from "../../runtime/store/existing/index.ts";
import { loadMigrations } from "../../runtime/store/sqlite/migrate.ts";
import { createPostgresStore } from "../../runtime/store/postgres/index.ts";
import { BOT_SOURCE } from "../support/cli.ts";
import { dropSchema, freshSchemaUrl, SKIP_REASON, testDatabaseUrl } from "../support/postgres.ts";

const dir = mkdtempSync(join(tmpdir(), "bot-read-only-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, "hello.bot"), "+ hello\n- Hi!\n");

const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("TWILIO_") && !k.startsWith("BOT_") && k !== "DATABASE_URL"));
function bot(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [...BOT_SOURCE, ...args], { cwd: dir, env: { ...clean, NO_COLOR: "1", ...env }, encoding: "utf8", timeout: 60_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

const READ_ONLY: Array<[string, string[]]> = [
  ["bot logs", ["logs", "."]],
  ["bot broadcast --dry-run", ["broadcast", ".", "--body", "Sale today", "--dry-run"]],
  ["bot broadcast --status", ["broadcast", ".", "--status", "1"]],
  ["bot broadcast --list", ["broadcast", ".", "--list"]],
];

describe("on SQLite", () => {
  for (const [name, args] of READ_ONLY) {
    it(`${name} --db nowhere.db: "does not exist", exit 1, nothing created`, () => {
      const r = bot([...args, "--db", "sub/nowhere.db"]);
      expect(r.out).toMatch(/the database \S*sub\/nowhere\.db does not exist/);
      expect(r.status).toBe(1);
      expect(existsSync(join(dir, "sub"))).toBe(false);
      expect(readdirSync(dir).sort()).toEqual(["hello.bot"]);
    });
  }

  it("an existing database is read, not migrated; a missing migration is refused, not applied", () => {
    const file = join(dir, "state.db");
    openDatabase(file).close();
    const r = bot(["logs", ".", "--db", "state.db"]);
    expect(r.out).toContain("0 message(s)");
    expect(r.status).toBe(0);
    const later = [...loadMigrations(), { version: 999, name: "later", sql: "CREATE TABLE later (x INTEGER)" }];
    expect(() => openExistingSqlite(file, { migrations: later })).toThrow(/lacks migration\(s\) 999 .*start bot run once/);
    const db = openExistingSqlite(file);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'later'").get()).toEqual({ n: 0 });
    db.close();
    rmSync(file);
  });

  it("an empty file is not a bot database", () => {
    writeFileSync(join(dir, "empty.db"), "");
    expect(() => openExistingSqlite(join(dir, "empty.db"))).toThrow(/holds no bot tables/);
    rmSync(join(dir, "empty.db"));
  });
});

describe.skipIf(testDatabaseUrl === null)(`on PostgreSQL${testDatabaseUrl === null ? ` (${SKIP_REASON})` : ""}`, () => {
  const { url, schema } = testDatabaseUrl === null ? { url: "", schema: "" } : freshSchemaUrl("readonly");
  afterAll(() => dropSchema(schema));
  async function schemaExists(): Promise<boolean> {
    const client = new pg.Client({ connectionString: testDatabaseUrl! });
    await client.connect();
    try {
      const { rows } = await client.query("SELECT 1 FROM information_schema.schemata WHERE schema_name = $1", [schema]);
      return rows.length > 0;
    } finally {
      await client.end();
    }
  }

  for (const [name, args] of READ_ONLY) {
    it(`${name} with a mistyped ?schema=: "schema … does not exist", exit 1, no schema created`, async () => {
      const r = bot(args, { DATABASE_URL: url });
      expect(r.out).toContain(`schema ${schema} does not exist`);
      expect(r.status).toBe(1);
      expect(await schemaExists()).toBe(false);
    });
  }

  it("a migrated schema is read", async () => {
    const store = await createPostgresStore(testDatabaseUrl!, { schema });
    await store.close();
    const r = bot(["broadcast", ".", "--list"], { DATABASE_URL: url });
    expect(r.out).toContain("no broadcasts yet");
    expect(r.status).toBe(0);
  });
});
