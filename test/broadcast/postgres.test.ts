/**
 * @module With DATABASE_URL set, `bot broadcast`, `bot logs`, /api and /dashboard use PostgreSQL exactly as
 * `bot run` does: the users and opt-outs there (never a stale SQLite file beside the bot), and no SQLite
 * file created. An unreachable database is a clear error, the password hidden.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../sandbox/emulator/index.ts";
import type { Emulator } from "../../sandbox/emulator/index.ts";
import { openStoreFromUrl } from "../../runtime/store/postgres/from-env.ts";
import { dropSchema, freshSchemaUrl, SKIP_REASON, testDatabaseUrl } from "../support/postgres.ts";
import { phoneOf, seedStore, seedUsers } from "./fixtures/seed.ts";
import { botFolder, runCli, twilioEnv } from "./helpers.ts";

const UNREACHABLE = "postgres://bot:hunter2@127.0.0.1:1/bot";
const BODY = "Hi <get name>! Reply STOP to opt out";

function withDatabase(env: NodeJS.ProcessEnv, url: string): NodeJS.ProcessEnv {
  return { ...env, DATABASE_URL: url, BOT_PG_START_TIMEOUT_MS: "1000" };
}

function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("TWILIO_") && !k.startsWith("BOT_") && k !== "DATABASE_URL"));
}

describe("DATABASE_URL set but unreachable", () => {
  it("bot broadcast and bot logs exit 1 naming the database (password hidden), read and send nothing, create no SQLite file", async () => {
    const { root, db } = botFolder("");
    const broadcast = await runCli(["broadcast", root, "--body", "Hello all", "--yes"], withDatabase(cleanEnv(), UNREACHABLE));
    expect(broadcast.code).toBe(1);
    expect(broadcast.stderr).toMatch(/bot broadcast: cannot reach PostgreSQL at postgres:\/\/bot:\*+@127\.0\.0\.1:1\/bot/);
    expect(broadcast.stderr).not.toMatch(/hunter2/);
    expect(broadcast.stdout).not.toMatch(/user\(s\) match/);
    const logs = await runCli(["logs", root], withDatabase(cleanEnv(), UNREACHABLE));
    expect(logs.code).toBe(1);
    expect(logs.stderr).toMatch(/bot logs: cannot reach PostgreSQL/);
    expect(fs.existsSync(db)).toBe(false);
    expect(fs.existsSync(path.join(root, ".bot"))).toBe(false);
  }, 60_000);
});

describe.skipIf(testDatabaseUrl === null)(`bot broadcast and bot logs on PostgreSQL${testDatabaseUrl === null ? ` (SKIPPED: ${SKIP_REASON})` : ""}`, () => {
  let emulator: Emulator;
  const schemas: string[] = [];
  beforeAll(async () => {
    emulator = await startEmulator({ seed: 400, delivery: { latencyMs: 5 } });
  });
  afterAll(async () => {
    await emulator?.close();
    for (const schema of schemas) await dropSchema(schema);
  });

  it("broadcasts to PostgreSQL's users, honouring its opt-outs and ignoring a stale SQLite file; bot logs reads it back", async () => {
    const { url, schema } = freshSchemaUrl("bc_cli");
    schemas.push(schema);
    const { root, db } = botFolder("sender:\n  type: short-code\n");
    // A stale SQLite file beside the bot: users 0-2, none of them opted out there.
    await seedUsers(db, { count: 3, optedOut: 0 });
    const before = fs.statSync(db).mtimeMs;

    const store = await openStoreFromUrl(url);
    const ids = await seedStore(store, { count: 8, optedOut: 2 });
    await store.close();

    const env = withDatabase(twilioEnv(emulator, "12345"), url);
    const dry = await runCli(["broadcast", root, "--body", BODY, "--dry-run"], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/8 user\(s\) match; 2 opted out \(excluded\); 6 recipient\(s\)/);
    const sent = await runCli(["broadcast", root, "--body", BODY, "--yes", "--rate", "50", "--settle", "0"], env);
    expect(sent.stderr).not.toMatch(/Error|error:/);
    expect(sent.code).toBe(0);
    expect(sent.stdout).toMatch(/broadcast 1: done/);
    const outbound = emulator.messages().filter((m) => m.direction === "outbound-api");
    expect(outbound.map((m) => m.to).sort()).toEqual(ids.slice(2).sort());
    expect(outbound.find((m) => m.to === phoneOf(7))?.body).toBe("Hi User7! Reply STOP to opt out");
    // The SQLite file was not written, and no other appeared.
    expect(fs.statSync(db).mtimeMs).toBe(before);
    expect(fs.readdirSync(path.dirname(db)).sort()).toEqual(["bot.db"]);

    const logs = await runCli(["logs", root, "--type", "broadcast", "--json", "User7!"], env);
    expect(logs.code).toBe(0);
    const lines = logs.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({ userId: phoneOf(7), type: "broadcast", direction: "out", body: "Hi User7! Reply STOP to opt out", broadcastId: 1 }),
    ]);
    const list = await runCli(["broadcast", root, "--list"], env);
    expect(list.stdout).toMatch(/#1 {2}done +6 recipient\(s\)/);
    const status = await runCli(["broadcast", root, "--status", "1"], env);
    expect(status.stdout).toMatch(/sent\s+6 accepted by Twilio/);
    const missing = await runCli(["broadcast", root, "--status", "7"], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no broadcast 7 in postgres:\/\/bot:\*+@127\.0\.0\.1:5432\//);
  }, 120_000);
});
