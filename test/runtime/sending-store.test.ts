/** @module What the sender meter needs from each store: meter rows shared by every process, claims by kind, giving a claim back, the `expired` state. */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createSqliteStore, loadMigrations, migrate, storeOn } from "../../runtime/store/index.ts";
import type { NewOutboxRow, Store } from "../../runtime/store/index.ts";
import { createPostgresStore } from "../../runtime/store/postgres/index.ts";
import { createSenderMeter, senderModel } from "../../runtime/sending/index.ts";

const T0 = 1_700_000_000_000;
const ALICE = "+15550000001";
const BOB = "+15550000002";
const url = process.env["TEST_DATABASE_URL"]?.trim() || null;

const row = (userId: string, kind: NewOutboxRow["kind"], body = "hi"): NewOutboxRow => ({ userId, kind, body, media: [], dueAt: T0, seq: 0, cancelable: true });
const claim = (store: Store, kinds?: NewOutboxRow["kind"][]) =>
  store.claimDue({ now: T0, ordering: "relaxed", strictWaitMs: 10_000, limit: 10, ...(kinds && { kinds }) });

const folders: string[] = [];
const pgSchemas: string[] = [];
afterAll(async () => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  if (url && pgSchemas.length) {
    const admin = new pg.Pool({ connectionString: url, max: 1 });
    for (const schema of pgSchemas) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  }
});

/** Two connections to one database, as two processes would have. */
type OpenPair = () => Promise<[Store, Store]>;

const sqlitePair: OpenPair = async () => {
  const folder = mkdtempSync(join(tmpdir(), "sending-store-"));
  folders.push(folder);
  const file = join(folder, "bot.db");
  return [createSqliteStore(file), createSqliteStore(file)];
};

const postgresPair: OpenPair = async () => {
  const schema = `sending_${process.pid}_${randomBytes(3).toString("hex")}`;
  pgSchemas.push(schema);
  const a = await createPostgresStore(url!, { schema, max: 4 });
  const b = await createPostgresStore(url!, { schema, max: 4 });
  return [a, b];
};

function suite(name: string, open: OpenPair): void {
  describe(`sending on ${name}`, () => {
    it("claims only the kinds asked for", async () => {
      const [store, other] = await open();
      await store.apply({ at: T0, outbox: [row(ALICE, "broadcast"), row(BOB, "reply")] });
      const replies = await claim(store, ["reply", "reminder"]);
      expect(replies.rows.map((r) => [r.userId, r.kind])).toEqual([[BOB, "reply"]]);
      expect((await claim(store, ["broadcast"])).rows.map((r) => r.kind)).toEqual(["broadcast"]);
      await Promise.all([store.close(), other.close()]);
    });

    it("gives a claim back without counting the attempt, and only from `sending`", async () => {
      const [store, other] = await open();
      await store.apply({ at: T0, outbox: [row(ALICE, "reply")] });
      const [claimed] = (await claim(store)).rows;
      expect(claimed!.attempts).toBe(1);
      expect(await store.releaseClaim(claimed!.id, { at: T0, nextAttemptAt: T0 + 500, error: null, errorCode: null })).toBe(true);
      expect(await store.releaseClaim(claimed!.id, { at: T0, nextAttemptAt: T0 + 500, error: null, errorCode: null })).toBe(false);
      const back = (await store.getOutbox(claimed!.id))!;
      expect([back.state, back.attempts, back.nextAttemptAt]).toEqual(["pending", 0, T0 + 500]);
      await Promise.all([store.close(), other.close()]);
    });

    it("marks a claimed reply `expired`, a final state that holds nothing back", async () => {
      const [store, other] = await open();
      await store.apply({ at: T0, outbox: [row(ALICE, "reply", "first"), { ...row(ALICE, "reply", "second"), dueAt: T0 + 1 }] });
      const [first] = (await store.claimDue({ now: T0 + 1, ordering: "strict", strictWaitMs: 10_000, limit: 10 })).rows;
      expect(first!.body).toBe("first");
      expect(await store.markExpired(first!.id, { at: T0 + 2, error: "too late", log: null })).toBe(true);
      expect(await store.markExpired(first!.id, { at: T0 + 2, error: "too late", log: null })).toBe(false);
      expect((await store.getOutbox(first!.id))!.state).toBe("expired");
      expect((await store.listOutbox({ state: "expired" })).map((r) => r.id)).toEqual([first!.id]);
      const next = await store.claimDue({ now: T0 + 2, ordering: "strict", strictWaitMs: 10_000, limit: 10 });
      expect(next.rows.map((r) => r.body)).toEqual(["second"]);
      await Promise.all([store.close(), other.close()]);
    });

    it("shares one meter per sender between two connections: together they never exceed the sender's rate", async () => {
      const [a, b] = await open();
      let now = T0;
      const clock = { now: () => now };
      const model = senderModel({ config: { type: "long-code", horizonSeconds: 3 }, from: "+15005550006", messagingServiceSid: null });
      const meters = [a, b].map((store) => createSenderMeter({ model, store: store.senderMeter!, clock }));
      // Both "processes" ask at once, 20 times each, every 100 ms for 10 s: the long code has room for 10 s + 3 s of segments.
      let granted = 0;
      for (let step = 0; step < 100; step++) {
        const grants = await Promise.all(meters.map((meter) => meter.take(1, "conversational")));
        granted += grants.filter((g) => g.granted).length;
        now += 100;
      }
      expect(granted).toBeGreaterThanOrEqual(12);
      expect(granted).toBeLessThanOrEqual(13);
      const snapshot = await meters[1]!.snapshot();
      expect(snapshot.backlogMs).toBeLessThanOrEqual(3000);
      await Promise.all([a.close(), b.close()]);
    });
  });
}

suite("SQLite", sqlitePair);

describe("SQLite migration 004 (the outbox rebuilt for `expired`)", () => {
  it("keeps every outbox row, its indexes and its id sequence", () => {
    const db = new Database(":memory:");
    const all = loadMigrations();
    // A database from before 004: the later migrations (which add outbox columns) come after it, as they did.
    migrate(
      db,
      all.filter((m) => m.version < 4),
    );
    db.prepare(
      `INSERT INTO outbox (user_id, kind, body, due_at, state, next_attempt_at, sid, status, created_at, updated_at)
       VALUES ('+15550000001', 'reply', 'kept', 1, 'sent', 1, 'SM1', 'delivered', 1, 1), ('+15550000002', 'broadcast', 'gone', 1, 'canceled', 1, NULL, NULL, 1, 1)`,
    ).run();
    db.prepare("DELETE FROM outbox WHERE body = 'gone'").run();
    expect(migrate(db, all)).toEqual(all.filter((m) => m.version >= 4).map((m) => m.version));
    expect(db.prepare("SELECT user_id, body, state, sid, status FROM outbox").all()).toEqual([
      { user_id: "+15550000001", body: "kept", state: "sent", sid: "SM1", status: "delivered" },
    ]);
    const indexes = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outbox' AND sql IS NOT NULL").all() as { name: string }[]
    ).map((r) => r.name);
    expect(indexes.sort()).toEqual(["outbox_state_due", "outbox_user_state"]);
    const store = storeOn(db);
    return store.apply({ at: 2, outbox: [row("+15550000003", "reply")] }).then(async () => {
      // AUTOINCREMENT never reuses the deleted row's id 2.
      expect((await store.listOutbox()).map((r) => r.id)).toEqual([1, 3]);
      db.close();
    });
  });
});
if (url) suite("PostgreSQL", postgresPair);
else describe.skip("sending on PostgreSQL: SKIPPED because TEST_DATABASE_URL is not set", () => it("runs", () => undefined));

describe("SQLite: a row this process left `sending` when a database write failed", () => {
  const migrated = () => {
    const db = new Database(":memory:");
    migrate(db);
    return storeOn(db);
  };

  it("is handed to reconcile once a REST request would have ended (ownStaleBefore), not after STUCK_AFTER_MS", async () => {
    const store = migrated();
    await store.apply({ at: T0, outbox: [row("+15550000009", "reply")] });
    const claimed = await store.claimDue({ now: T0, ordering: "relaxed", strictWaitMs: 10_000, limit: 10 });
    expect(claimed.rows).toHaveLength(1);
    // The next pass, 25 s on: the ten-minute stuck bound has not passed, the 20 s REST timeout + reconcile delay has.
    const now = T0 + 25_000;
    expect(await store.recoverInterrupted(now, now - 600_000, now + 20_000, now - 20_000)).toBe(1);
    expect((await store.listOutbox())[0]?.state).toBe("unknown");
    await store.close();
  });

  it("is left alone while its request could still be in flight", async () => {
    const store = migrated();
    await store.apply({ at: T0, outbox: [row("+15550000009", "reply")] });
    await store.claimDue({ now: T0, ordering: "relaxed", strictWaitMs: 10_000, limit: 10 });
    const now = T0 + 10_000;
    expect(await store.recoverInterrupted(now, now - 600_000, now + 20_000, now - 20_000)).toBe(0);
    expect((await store.listOutbox())[0]?.state).toBe("sending");
    await store.close();
  });
});
