/**
 * @module The insights store on SQLite and PostgreSQL alike: the match recorded with an inbound log row in the
 * step's transaction, read back through the read-only opening `bot insights` uses: counts by kind (rows without a
 * match are unknown, never missed), missed groups (opted-out users and other kinds left out, --since/--topic),
 * trigger hits and examples; and a database from before recording began reads as all unknown.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { openInsights } from "../../runtime/insights/open.ts";
import type { InsightsStore, MessageMatch } from "../../runtime/store/insights/types.ts";
import { createSqliteStore } from "../../runtime/store/index.ts";
import type { NewLogEntry, Store } from "../../runtime/store/index.ts";
import { openStoreFromUrl } from "../../runtime/store/postgres/from-env.ts";
import { dropSchema, freshSchemaUrl, testDatabaseUrl } from "../support/postgres.ts";

const T0 = 1_700_000_000_000;
const dirs: string[] = [];
const schemas: string[] = [];
afterAll(async () => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  for (const schema of schemas) await dropSchema(schema);
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bot-insights-store-"));
  dirs.push(dir);
  return dir;
}

const SOURCE = { file: "shop.bot", line: 4, column: 1 };
const trigger = (id: number, topic: string, text: string) => ({ id, topic, text, source: SOURCE });

let sid = 0;
function inbound(userId: string, body: string, at: number, match?: MessageMatch): NewLogEntry {
  return {
    direction: "in",
    sid: `SM${String(++sid).padStart(32, "0")}`,
    userId,
    body,
    media: [],
    status: "received",
    errorCode: null,
    segments: null,
    encoding: null,
    priceEstimate: null,
    outboxId: null,
    createdAt: at,
    ...(match && { match }),
  };
}

async function seed(store: Store): Promise<void> {
  const log = async (entry: NewLogEntry) => store.apply({ at: entry.createdAt, seen: { userId: entry.userId }, log: [entry] });
  // Before recording began: no match.
  await log(inbound("+15550000001", "old message", T0));
  await log(inbound("+15550000001", "hello", T0 + 1, { kind: "trigger", text: "hello", topic: "default", trigger: trigger(0, "default", "hello") }));
  await log(
    inbound("+15550000001", "Opening hours?", T0 + 2, { kind: "catch-all", text: "opening hours", topic: "default", trigger: trigger(3, "default", "*") }),
  );
  await log(
    inbound("+15550000002", "opening hours", T0 + 3, { kind: "catch-all", text: "opening hours", topic: "default", trigger: trigger(3, "default", "*") }),
  );
  await log(inbound("+15550000002", "maybe", T0 + 4, { kind: "none", text: "maybe", topic: "quiz", trigger: null }));
  await log(
    inbound("+15550000003", "opening hours", T0 + 5, { kind: "catch-all", text: "opening hours", topic: "default", trigger: trigger(3, "default", "*") }),
  );
  await log(inbound("+15550000003", "STOP", T0 + 6, { kind: "keyword", text: null, topic: null, trigger: null }));
  await store.apply({ at: T0 + 6, optOut: { userId: "+15550000003", optedOut: true, reason: "STOP" } });
  await log(inbound("+15550000003", "still here", T0 + 7, { kind: "opted-out", text: null, topic: null, trigger: null }));
}

async function expectReports(store: InsightsStore): Promise<void> {
  expect(await store.recording()).toBe(true);
  expect(await store.counts({})).toEqual({ trigger: 1, "catch-all": 3, none: 1, keyword: 1, "opted-out": 1, "handed-off": 0, unknown: 1 });
  const missed = await store.missed({ limit: 10 });
  expect(missed).toEqual([
    { text: "opening hours", count: 2, unanswered: 0, firstSeen: T0 + 2, lastSeen: T0 + 3, userCount: 2, users: ["+15550000001", "+15550000002"] },
    { text: "maybe", count: 1, unanswered: 1, firstSeen: T0 + 4, lastSeen: T0 + 4, userCount: 1, users: ["+15550000002"] },
  ]);
  // Equal counts: the most recently seen first.
  expect((await store.missed({ limit: 10, since: T0 + 3 })).map((g) => [g.text, g.count])).toEqual([
    ["maybe", 1],
    ["opening hours", 1],
  ]);
  expect((await store.missed({ limit: 10, topic: "quiz" })).map((g) => g.text)).toEqual(["maybe"]);
  expect(await store.missed({ limit: 1 })).toHaveLength(1);
  expect((await store.triggerHits({})).sort((a, b) => a.text.localeCompare(b.text))).toEqual([
    { topic: "default", text: "*", hits: 3, lastHit: T0 + 5 },
    { topic: "default", text: "hello", hits: 1, lastHit: T0 + 1 },
  ]);
  expect(await store.examples({ topic: "default", text: "*" }, { limit: 2 })).toEqual([
    { userId: "+15550000003", body: "opening hours", at: T0 + 5 },
    { userId: "+15550000002", body: "opening hours", at: T0 + 3 },
  ]);
}

describe("insights store on SQLite", () => {
  it("records matches with the log rows and reports them read-only", async () => {
    const dir = tempDir();
    const file = path.join(dir, "bot.db");
    const store = createSqliteStore(file);
    await seed(store);
    const opened = await openInsights({ db: file, root: dir, env: {} });
    if (!opened.ok) throw new Error(opened.message);
    try {
      await expectReports(opened.store);
    } finally {
      await opened.store.close();
      await store.close();
    }
  });

  it("reads a database from before recording began as all unknown, and writes nothing to it", async () => {
    const dir = tempDir();
    const file = path.join(dir, "old.db");
    const db = new Database(file);
    db.exec("CREATE TABLE messages (id INTEGER PRIMARY KEY, direction TEXT, user_id TEXT, body TEXT, created_at INTEGER)");
    db.exec("CREATE TABLE users (id TEXT PRIMARY KEY, opted_out INTEGER)");
    db.exec(
      `INSERT INTO messages (direction, user_id, body, created_at) VALUES ('in', '+1', 'hi', ${T0}), ('in', '+1', 'yo', ${T0 + 1}), ('out', '+1', 'Hi', ${T0 + 1})`,
    );
    db.close();
    const before = fs.readFileSync(file);
    const opened = await openInsights({ db: file, root: dir, env: {} });
    if (!opened.ok) throw new Error(opened.message);
    expect(await opened.store.recording()).toBe(false);
    expect(await opened.store.counts({})).toEqual({ trigger: 0, "catch-all": 0, none: 0, keyword: 0, "opted-out": 0, "handed-off": 0, unknown: 2 });
    expect(await opened.store.missed({ limit: 5 })).toEqual([]);
    await opened.store.close();
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it("refuses a file that is not a bot database", async () => {
    const dir = tempDir();
    const file = path.join(dir, "other.db");
    new Database(file).close();
    const opened = await openInsights({ db: file, root: dir, env: {} });
    expect(opened.ok).toBe(false);
    if (!opened.ok) expect(opened.message).toMatch(/is not a bot database/);
  });
});

describe.runIf(testDatabaseUrl !== null)("insights store on PostgreSQL", () => {
  it("records matches with the log rows and reports them read-only", async () => {
    const { url, schema } = freshSchemaUrl("insights_store");
    schemas.push(schema);
    const store = await openStoreFromUrl(url);
    await seed(store);
    const opened = await openInsights({ root: ".", env: { DATABASE_URL: url } });
    if (!opened.ok) throw new Error(opened.message);
    try {
      await expectReports(opened.store);
    } finally {
      await opened.store.close();
      await store.close();
    }
  });
});
