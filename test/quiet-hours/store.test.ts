/** @module Quiet hours in the broadcast store, on SQLite and PostgreSQL: window keys stored per recipient, counted while queued, and only open windows released. */
import { afterAll, describe, expect, it } from "vitest";
import type { BroadcastStore, NewBroadcast } from "../../runtime/broadcast/index.ts";
import { newSession } from "../../engine/index.ts";
import { openDatabase, storeOn } from "../../runtime/store/index.ts";
import type { Store } from "../../runtime/store/index.ts";
import { createPostgresStore } from "../../runtime/store/postgres/index.ts";
import { broadcastStoreOn } from "../../runtime/store/sqlite/broadcasts.ts";
import { dropSchema, freshSchemaUrl, testDatabaseUrl } from "../support/postgres.ts";

const EAST = "21:00-08:00 America/New_York";
const WEST = "21:00-08:00 America/Los_Angeles";
const input: NewBroadcast = {
  body: "x",
  filters: [],
  fingerprint: "quiet",
  senderType: "short-code",
  rate: 10,
  startAt: 0,
  optedOut: 0,
  skipped: 0,
  segments: 3,
  costEstimate: 0,
  origin: "cli",
};
const part = { body: "hello", media: [], delayMs: 0, cancelable: true };
const lease = { token: "a", pid: 1, host: "h" };
const schemas: string[] = [];
afterAll(async () => {
  for (const schema of schemas) await dropSchema(schema);
});

async function contract(open: () => Promise<{ store: Store; broadcasts: BroadcastStore; close: () => Promise<void> }>) {
  const { store, broadcasts, close } = await open();
  try {
    for (const id of ["+1", "+2", "+3"]) await store.apply({ at: 0, session: { userId: id, session: newSession(id, 0) } });
    const { broadcast } = await broadcasts.create(
      input,
      [
        { userId: "+1", parts: [part], patch: null, segments: 1, window: WEST },
        { userId: "+2", parts: [part], patch: null, segments: 1, window: EAST },
        // No window: quiet hours do not apply to this recipient.
        { userId: "+3", parts: [part], patch: null, segments: 1 },
      ],
      0,
      lease,
    );
    expect(await broadcasts.queuedWindows(broadcast.id)).toEqual(
      [
        { window: WEST, queued: 1 },
        { window: EAST, queued: 1 },
      ].sort((a, b) => a.window.localeCompare(b.window)),
    );
    // Only the East window is open: the West recipient waits.
    expect(await broadcasts.release(broadcast.id, "a", { now: 10, budget: 5, intervalMs: 100, openWindows: [EAST] })).toMatchObject({ recipients: 2, rows: 2 });
    expect((await store.listOutbox()).map((r) => r.userId).sort()).toEqual(["+2", "+3"]);
    expect(await broadcasts.queuedWindows(broadcast.id)).toEqual([{ window: WEST, queued: 1 }]);
    expect(await broadcasts.release(broadcast.id, "a", { now: 20, budget: 5, intervalMs: 100, openWindows: [] })).toMatchObject({ recipients: 0 });
    expect(await broadcasts.finishIfComplete(broadcast.id, 30)).toBe(false);
    expect(await broadcasts.release(broadcast.id, "a", { now: 40, budget: 5, intervalMs: 100, openWindows: [WEST, EAST] })).toMatchObject({ recipients: 1 });
    expect(await broadcasts.queuedWindows(broadcast.id)).toEqual([]);
  } finally {
    await close();
  }
}

describe("quiet hours in the broadcast store", () => {
  it("SQLite", async () => {
    await contract(async () => {
      const db = openDatabase(":memory:");
      return { store: storeOn(db), broadcasts: broadcastStoreOn(db), close: async () => void db.close() };
    });
  });

  it.skipIf(testDatabaseUrl === null)("PostgreSQL", async () => {
    const { url, schema } = freshSchemaUrl("quiet");
    schemas.push(schema);
    await contract(async () => {
      const store = await createPostgresStore(url, { schema });
      return { store, broadcasts: store.broadcastStore(), close: () => store.close() };
    });
  });
});
