/** @module The loop guard's store on SQLite and PostgreSQL: counts from the message log (accepted outbound only), holds, clears; and the rules table. */
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_LOOP_GUARD, judge } from "../../runtime/loop-guard/index.ts";
import type { LoopGuardStore } from "../../runtime/loop-guard/index.ts";
import { openDatabase, storeOn } from "../../runtime/store/index.ts";
import { parseRuntimeSettings } from "../../runtime/runtime-settings.ts";
import type { NewLogEntry, Store } from "../../runtime/store/index.ts";
import { createPostgresStore } from "../../runtime/store/postgres/index.ts";
import { dropSchema, freshSchemaUrl, testDatabaseUrl } from "../support/postgres.ts";

const U = "+15550001111";
const entry = (body: string, at: number, sid: string | null, direction: "in" | "out" = "out"): NewLogEntry => ({
  direction,
  sid,
  userId: U,
  body,
  media: [],
  status: sid ? "queued" : "failed",
  errorCode: null,
  segments: 1,
  encoding: "GSM-7",
  priceEstimate: 0,
  outboxId: null,
  createdAt: at,
});

describe("settings", () => {
  it("default on, off with enabled: false, bad values named by key", () => {
    expect(parseRuntimeSettings({}).settings.loopGuard).toEqual(DEFAULT_LOOP_GUARD);
    expect(parseRuntimeSettings({ loopGuard: { enabled: false } }).settings.loopGuard).toBeNull();
    expect(parseRuntimeSettings({ loopGuard: { identical: 5, identicalWindowSeconds: 60, perMinute: 30 } }).settings.loopGuard).toEqual({
      identical: 5,
      identicalWindowMs: 60_000,
      perMinute: 30,
    });
    expect(parseRuntimeSettings({ loopGuard: { identical: 0 } }).errors.join("\n")).toMatch(/runtime\.loopGuard\.identical/);
    expect(parseRuntimeSettings({ loopGuard: { every: 3 } }).errors.join("\n")).toMatch(/runtime\.loopGuard/);
  });
});

describe("rules", () => {
  const many = (n: number, body: string, at: number) => Array.from({ length: n }, () => ({ body, at }));
  it.each([
    ["19 identical in 5 min: the 20th may go", many(19, "hi", 1_000), "hi", null],
    ["20 identical: the 21st may not", many(20, "hi", 1_000), "hi", "identical"],
    ["20 identical but another body goes", many(11, "hi", 1_000), "other", null],
    ["older than 5 minutes do not count", many(20, "hi", -100_000), "hi", null],
    ["12 in the last minute: the 13th may not", many(12, "x", 150_000).map((m, i) => ({ ...m, body: `x${i}` })), "y", "rate"],
  ])("%s", (_what, recent, body, rule) => {
    expect(judge(recent, body, 200_000, DEFAULT_LOOP_GUARD)?.rule ?? null).toBe(rule);
  });
});

const schemas: string[] = [];
afterAll(async () => {
  for (const schema of schemas) await dropSchema(schema);
});

async function contract(store: Store) {
  const guard: LoopGuardStore = store.loopGuard!;
  await store.apply({
    at: 0,
    seen: { userId: U },
    log: [entry("a", 100, "SM1"), entry("b", 200, "SM2"), entry("c", 300, null), entry("in", 400, "SM3", "in")],
  });
  // Only outbound messages Twilio accepted count, newest first.
  expect(await guard.recentOutbound(U, 0, 10)).toEqual([
    { body: "b", at: 200 },
    { body: "a", at: 100 },
  ]);
  expect(await guard.recentOutbound(U, 150, 10)).toEqual([{ body: "b", at: 200 }]);
  expect(await guard.latest(U)).toBeNull();
  await guard.hold({ userId: U, rule: "rate", detail: "13 messages", trippedAt: 1000, until: 61_000 });
  expect(await guard.active(2000)).toEqual([{ userId: U, rule: "rate", detail: "13 messages", trippedAt: 1000, until: 61_000, clearedAt: null }]);
  expect(await guard.active(61_000)).toEqual([]);
  expect(await guard.clear(U, 3000)).toBe(true);
  expect(await guard.clear(U, 3000)).toBe(false);
  expect(await guard.latest(U)).toMatchObject({ clearedAt: 3000 });
  // A new trip replaces the old hold and is active again.
  await guard.hold({ userId: U, rule: "identical", detail: "21 identical", trippedAt: 5000, until: 305_000 });
  expect(await guard.latest(U)).toMatchObject({ rule: "identical", clearedAt: null });
}

describe("loop guard store", () => {
  it("SQLite", async () => {
    const db = openDatabase(":memory:");
    await contract(storeOn(db));
    db.close();
  });
  it.skipIf(testDatabaseUrl === null)("PostgreSQL", async () => {
    const { url, schema } = freshSchemaUrl("loopguard");
    schemas.push(schema);
    const store = await createPostgresStore(url, { schema });
    try {
      await contract(store);
    } finally {
      await store.close();
    }
  });
});
