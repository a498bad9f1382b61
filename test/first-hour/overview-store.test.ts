/**
 * The dashboard overview's counts (issue 27, item 8), one contract run unchanged on SQLite and PostgreSQL: inbound,
 * outbound by final status, failures with their top error codes, opt-outs (still opted out) and new users, each
 * within the window asked for.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createSqliteStore } from "../../runtime/store/index.ts";
import type { NewLogEntry, Store } from "../../runtime/store/index.ts";
import { createPostgresStore } from "../../runtime/store/postgres/index.ts";
import { dropSchema, freshSchemaUrl, SKIP_REASON, testDatabaseUrl } from "../support/postgres.ts";

const T0 = 1_700_000_000_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function log(direction: "in" | "out", userId: string, at: number, status: string | null, errorCode: number | null = null): NewLogEntry {
  return {
    direction,
    sid: null,
    userId,
    body: "hi",
    media: [],
    status,
    errorCode,
    segments: 1,
    encoding: "GSM-7",
    priceEstimate: null,
    outboxId: null,
    createdAt: at,
  };
}

async function seed(store: Store): Promise<void> {
  const at = (t: number) => ({ at: t });
  await store.apply({ ...at(T0 - 8 * DAY), seen: { userId: "+15550000001" }, log: [log("in", "+15550000001", T0 - 8 * DAY, "received")] });
  await store.apply({ ...at(T0 - 3 * DAY), seen: { userId: "+15550000004" }, log: [log("out", "+15550000004", T0 - 3 * DAY, "delivered")] });
  await store.apply({
    ...at(T0 - HOUR),
    seen: { userId: "+15550000002" },
    log: [
      log("in", "+15550000002", T0 - HOUR, "received"),
      log("out", "+15550000002", T0 - HOUR, "delivered"),
      log("out", "+15550000002", T0 - HOUR, "failed", 30007),
      log("out", "+15550000002", T0 - HOUR, "failed", 21610),
    ],
  });
  await store.apply({
    ...at(T0 - HOUR),
    seen: { userId: "+15550000003" },
    optOut: { userId: "+15550000003", optedOut: true, reason: "STOP" },
    log: [log("out", "+15550000003", T0 - HOUR, "undelivered", 30007)],
  });
  // Opted out, then back in: not an opt-out any more.
  await store.apply({ ...at(T0 - 2 * HOUR), seen: { userId: "+15550000005" }, optOut: { userId: "+15550000005", optedOut: true, reason: "STOP" } });
  await store.apply({ ...at(T0 - HOUR), optOut: { userId: "+15550000005", optedOut: false, reason: "START" } });
}

function contract(open: () => Promise<Store>) {
  it("counts the last 24 hours and the last 7 days", async () => {
    const store = await open();
    try {
      await seed(store);
      expect(await store.overview!.counts(T0 - DAY, T0)).toEqual({
        inbound: 1,
        outbound: { total: 4, byStatus: { delivered: 1, failed: 2, undelivered: 1 } },
        failures: {
          total: 3,
          topErrors: [
            { code: 30007, count: 2 },
            { code: 21610, count: 1 },
          ],
        },
        optOuts: 1,
        newUsers: 3,
      });
      const week = await store.overview!.counts(T0 - 7 * DAY, T0);
      expect([week.inbound, week.outbound.total, week.newUsers]).toEqual([1, 5, 4]);
      expect(await store.overview!.counts(T0, T0 + DAY)).toEqual({
        inbound: 0,
        outbound: { total: 0, byStatus: {} },
        failures: { total: 0, topErrors: [] },
        optOuts: 0,
        newUsers: 0,
      });
    } finally {
      await store.close();
    }
  });
}

describe("on SQLite", () => {
  const dir = mkdtempSync(join(tmpdir(), "bot-overview-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  contract(async () => createSqliteStore(join(dir, "bot.db")));
});

describe.skipIf(testDatabaseUrl === null)(`on PostgreSQL${testDatabaseUrl === null ? ` (${SKIP_REASON})` : ""}`, () => {
  const { schema } = testDatabaseUrl === null ? { schema: "" } : freshSchemaUrl("overview");
  afterAll(() => dropSchema(schema));
  contract(() => createPostgresStore(testDatabaseUrl!, { schema }));
});
