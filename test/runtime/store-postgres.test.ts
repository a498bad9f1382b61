/** @module Runs the Store contract on PostgreSQL (TEST_DATABASE_URL), plus what only several processes sharing one database can show. */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StoreError } from "../../runtime/store/index.ts";
import type { NewOutboxRow } from "../../runtime/store/index.ts";
import { createPostgresStore, loadPostgresMigrations, migrate, createPool } from "../../runtime/store/postgres/index.ts";
import type { PostgresStore } from "../../runtime/store/postgres/index.ts";
import { openStoreFromUrl } from "../../runtime/store/postgres/from-env.ts";
import { newLease } from "../../runtime/broadcast/lease.ts";
import { runBroadcastStoreContract } from "./broadcast-store-contract.ts";
import { runStoreContract } from "./store-contract.ts";

const url = process.env["TEST_DATABASE_URL"]?.trim() || null;
const T0 = 1_700_000_000_000;
const ALICE = "+15550000001";
const BOB = "+15550000002";

if (url === null) {
  console.warn(
    "store-postgres.test.ts: PostgreSQL tests SKIPPED because TEST_DATABASE_URL is not set; set it to run them, e.g. TEST_DATABASE_URL=postgres://bot:bot@127.0.0.1:5432/bot_test",
  );
  describe.skip("PostgreSQL store: SKIPPED because TEST_DATABASE_URL is not set (e.g. TEST_DATABASE_URL=postgres://bot:bot@127.0.0.1:5432/bot_test)", () => {
    it("runs the Store contract and the multi-process checks on PostgreSQL", () => undefined);
  });
} else {
  definePostgresTests(url);
}

function definePostgresTests(url: string): void {
  // One schema per test file run, so test files running in parallel never see each other's rows.
  const base = `store_test_${process.pid}_${randomBytes(3).toString("hex")}`;
  const schemas = new Set<string>();
  let admin: pg.Pool;
  const opened: PostgresStore[] = [];

  const open = async (schema = base): Promise<PostgresStore> => {
    schemas.add(schema);
    const store = await createPostgresStore(url, { schema, max: 4 });
    opened.push(store);
    return store;
  };

  /** Empties every table but the migration record, so each test starts from a fresh, migrated schema. */
  const truncate = async (schema: string): Promise<void> => {
    const { rows } = await admin.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name <> 'schema_migrations'",
      [schema],
    );
    if (rows.length) await admin.query(`TRUNCATE ${rows.map((r) => `"${schema}"."${r.table_name}"`).join(", ")} RESTART IDENTITY`);
  };

  beforeAll(() => {
    admin = new pg.Pool({ connectionString: url, max: 2 });
  });
  afterAll(async () => {
    await Promise.all(opened.map((store) => store.close()));
    for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  });

  runStoreContract("PostgreSQL", async () => {
    const store = await open();
    await truncate(base);
    return store;
  });

  // A peer runner is a second store (another process's pool and liveness lock); closing it ends its
  // liveness exactly as kill -9 does. Its lease names this test's own, live pid: only liveness can free it.
  runBroadcastStoreContract("PostgreSQL", async () => {
    const store = await open();
    await truncate(base);
    const peers: PostgresStore[] = [];
    return {
      store,
      broadcasts: store.broadcastStore(),
      peer: async () => {
        const peer = await open();
        peers.push(peer);
        return { broadcasts: peer.broadcastStore(), lease: newLease(), die: () => peer.close() };
      },
      close: async () => {
        await Promise.all([...peers, store].map((s) => s.close()));
      },
    };
  });

  describe("PostgreSQL: several processes sharing one database", () => {
    const message = (userId: string, body: string, seq = 0): NewOutboxRow => ({ userId, kind: "reply", body, media: [], dueAt: T0, seq, cancelable: true });

    /** Two stores with their own pools, as two runtime processes would have, on a freshly emptied schema. */
    const twoProcesses = async (): Promise<[PostgresStore, PostgresStore]> => {
      const pair: [PostgresStore, PostgresStore] = [await open(), await open()];
      await truncate(base);
      return pair;
    };

    /** Claims until a pass comes back empty; rows skipped as locked are being claimed by the other process. */
    const drain = async (store: PostgresStore, ordering: "strict" | "relaxed", now = T0): Promise<number[]> => {
      const ids: number[] = [];
      for (;;) {
        const { rows } = await store.claimDue({ now, ordering, strictWaitMs: 10_000, limit: 5 });
        if (rows.length === 0) return ids;
        ids.push(...rows.map((r) => r.id));
      }
    };

    it("two processes claiming due rows at once never claim the same row", async () => {
      const [a, b] = await twoProcesses();
      const users = Array.from({ length: 30 }, (_, i) => `+1555100${String(i).padStart(4, "0")}`);
      await a.apply({ at: T0, outbox: users.flatMap((user) => Array.from({ length: 10 }, (_, seq) => message(user, `m${seq}`, seq))) });
      const claims = await Promise.all([drain(a, "relaxed"), drain(b, "relaxed"), drain(a, "relaxed"), drain(b, "relaxed")]);
      const all = claims.flat();
      expect(all).toHaveLength(300);
      expect(new Set(all).size).toBe(300);
      const rows = await a.listOutbox();
      expect(rows.every((r) => r.state === "sending" && r.attempts === 1)).toBe(true);
    });

    it("strict ordering holds across processes: one message per user in flight", async () => {
      const [a, b] = await twoProcesses();
      const users = Array.from({ length: 20 }, (_, i) => `+1555200${String(i).padStart(4, "0")}`);
      await b.apply({ at: T0, outbox: users.flatMap((user) => [0, 1, 2].map((seq) => message(user, `m${seq}`, seq))) });
      const first = (await Promise.all([drain(a, "strict"), drain(b, "strict"), drain(a, "strict"), drain(b, "strict")])).flat();
      const firstRows = await Promise.all(first.map(async (id) => (await a.getOutbox(id))!));
      expect(firstRows.map((r) => r.body)).toEqual(users.map(() => "m0"));
      expect(new Set(firstRows.map((r) => r.userId)).size).toBe(20);

      for (const row of firstRows) {
        const sid = `SM${row.id}`;
        await a.markSent(row.id, {
          at: T0,
          sid,
          status: "queued",
          log: {
            direction: "out",
            sid,
            userId: row.userId,
            body: row.body,
            media: [],
            status: "queued",
            errorCode: null,
            segments: 1,
            encoding: "GSM-7",
            priceEstimate: null,
            outboxId: row.id,
            createdAt: T0,
          },
        });
        await b.recordStatus(sid, { status: "sent", at: T0 + 1, errorCode: null });
      }
      const second = (await Promise.all([drain(b, "strict", T0 + 2), drain(a, "strict", T0 + 2)])).flat();
      const secondRows = await Promise.all(second.map(async (id) => (await b.getOutbox(id))!));
      expect(secondRows.map((r) => r.body)).toEqual(users.map(() => "m1"));
    });

    it("two processes storing one MessageSid at once store it once, and only one completes it", async () => {
      const [a, b] = await twoProcesses();
      const sids = Array.from({ length: 40 }, (_, i) => `SMc${i}`);
      const queued = (sid: string) => ({ sid, from: ALICE, body: "hi", media: [], mediaTypes: [], facts: {} });
      const stored = await Promise.all(
        sids.map(async (sid) => (await Promise.all([a.enqueueInbound(queued(sid), T0), b.enqueueInbound(queued(sid), T0)])).filter(Boolean).length),
      );
      expect(stored).toEqual(sids.map(() => 1));
      const done = await Promise.all(
        sids.map(
          async (sid) =>
            (
              await Promise.all([a.completeInbound(sid, { at: T0, seen: { userId: ALICE } }), b.completeInbound(sid, { at: T0, seen: { userId: ALICE } })])
            ).filter(Boolean).length,
        ),
      );
      expect(done).toEqual(sids.map(() => 1));
    });

    it("a starting process leaves a live peer's in-flight rows alone, and recovers a dead one's", async () => {
      const [a, b] = await twoProcesses();
      await a.apply({ at: T0, outbox: [message(ALICE, "from a"), { ...message(BOB, ""), kind: "reminder", name: "nap", cancelable: false }] });
      expect((await a.claimDue({ now: T0, ordering: "strict", strictWaitMs: 10_000, limit: 10 })).rows).toHaveLength(2);
      expect(await b.recoverInterrupted(T0 + 1)).toBe(0);
      // The periodic check for stuck rows leaves them too: they have not been sending long enough.
      expect(await b.recoverInterrupted(T0 + 1, T0 - 1)).toBe(0);
      expect((await b.listOutbox()).map((r) => r.state)).toEqual(["sending", "sending"]);
      await a.close();
      // A gone process's rows are taken back at once, by the periodic check as well.
      expect(await b.recoverInterrupted(T0 + 2, T0 - 1)).toBe(2);
      expect((await b.listOutbox()).map((r) => [r.userId, r.state]).sort()).toEqual([
        [ALICE, "unknown"],
        [BOB, "pending"],
      ]);
    });

    it("a process takes back its own rows left sending by a claim whose answer it never got, never a live peer's", async () => {
      const [a, b] = await twoProcesses();
      await a.apply({ at: T0, outbox: [message(ALICE, "claimed, answer lost")] });
      await a.claimDue({ now: T0, ordering: "strict", strictWaitMs: 10_000, limit: 10 });
      expect(await b.recoverInterrupted(T0 + 30_000, T0 - 1, T0 + 50_000, T0 + 10_000)).toBe(0);
      expect(await a.recoverInterrupted(T0 + 5_000, T0 - 1, T0 + 25_000, T0 - 1)).toBe(0);
      expect(await a.recoverInterrupted(T0 + 30_000, T0 - 1, T0 + 50_000, T0 + 10_000)).toBe(1);
      expect((await a.listOutbox())[0]).toMatchObject({ state: "unknown", nextAttemptAt: T0 + 50_000 });
    });

    it("the periodic check takes back a live process's rows stuck in sending since the given time", async () => {
      const [a, b] = await twoProcesses();
      await a.apply({ at: T0, outbox: [message(ALICE, "stuck")] });
      await a.claimDue({ now: T0, ordering: "strict", strictWaitMs: 10_000, limit: 10 });
      expect(await b.recoverInterrupted(T0 + 5000, T0 - 1)).toBe(0);
      expect(await b.recoverInterrupted(T0 + 5000, T0)).toBe(1);
      expect((await a.listOutbox())[0]).toMatchObject({ state: "unknown", error: "interrupted while sending" });
    });

    it("the user lock keeps two processes out of one user's step, but not out of another user's", async () => {
      const [a, b] = await twoProcesses();
      let active = 0;
      let most = 0;
      const step = async () => {
        active += 1;
        most = Math.max(most, active);
        // Real round trips give the other process every chance to run inside the same user's step.
        await a.getUser(ALICE);
        await b.getUser(ALICE);
        active -= 1;
      };
      await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).userLock.run(ALICE, step)));
      expect(most).toBe(1);
      // While process A holds Alice, process B can finish a step for Bob.
      const inner = await a.userLock.run(ALICE, () => b.userLock.run(BOB, async () => "bob done"));
      expect(inner).toBe("bob done");
    });

    it("a user held by a live peer is skipped by tryRun; a dead holder's lock is taken over at once", async () => {
      const [a, b] = await twoProcesses();
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => (entered = resolve));
      const running = a.userLock.run(ALICE, async () => {
        entered();
        await held;
      });
      await inside;
      expect(await b.userLock.tryRun(ALICE, async () => "b ran")).toEqual({ ran: false });
      expect(await b.userLock.tryRun(BOB, async () => "b ran")).toEqual({ ran: true, value: "b ran" });
      // Process A dies holding Alice (its liveness lock goes with its connection): B takes her over, no lease to wait out.
      await a.close();
      expect(await b.userLock.tryRun(ALICE, async () => "taken over")).toEqual({ ran: true, value: "taken over" });
      release();
      await running.catch(() => undefined);
    });

    it("steps waiting on I/O under the user lock hold no connection: 30 users at once on a pool of 2", async () => {
      const schema = `${base}_pool2`;
      schemas.add(schema);
      const store = await createPostgresStore(url, { schema, max: 2 });
      opened.push(store);
      let inside = 0;
      let release!: () => void;
      const slowApi = new Promise<void>((resolve) => (release = resolve));
      const users = Array.from({ length: 30 }, (_, i) => `+1555300${String(i).padStart(4, "0")}`);
      const steps = users.map((user) =>
        store.userLock.run(user, async () => {
          inside += 1;
          await slowApi;
        }),
      );
      // Every user is inside its step while the "$ call" waits, and the pool still answers an unrelated query.
      for (let i = 0; i < 200 && inside < users.length; i++) await new Promise((resolve) => setTimeout(resolve, 25));
      expect(inside).toBe(users.length);
      expect(await store.getUser(ALICE)).toBeNull();
      release();
      await Promise.all(steps);
    });
  });

  describe("PostgreSQL: migrations", () => {
    it("processes starting at once migrate one at a time, each migration once", async () => {
      const schema = `${base}_m1`;
      const stores = await Promise.all(Array.from({ length: 4 }, () => open(schema)));
      expect(stores.every((s) => s.kind === "postgres")).toBe(true);
      const versions = loadPostgresMigrations().map((m) => m.version);
      expect(versions[0]).toBe(1);
      const { rows } = await admin.query(`SELECT version FROM "${schema}".schema_migrations ORDER BY version`);
      expect(rows).toEqual(versions.map((version) => ({ version })));
      const pool = createPool(url, { schema, max: 1 });
      try {
        expect(await migrate(pool, { schema })).toEqual([]);
      } finally {
        await pool.end();
      }
    });

    it("running the migrations twice changes nothing and keeps the data", async () => {
      const schema = `${base}_m2`;
      const first = await open(schema);
      await first.apply({ at: T0, seen: { userId: ALICE } });
      await first.close();
      const again = await open(schema);
      expect(await again.getUser(ALICE)).toMatchObject({ id: ALICE, firstSeenAt: T0 });
    });

    it("refuses a schema from a newer runtime with a clear error", async () => {
      const schema = `${base}_m3`;
      await (await open(schema)).close();
      await admin.query(`INSERT INTO "${schema}".schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)`);
      const attempt = open(schema);
      await expect(attempt).rejects.toThrow(StoreError);
      await expect(attempt).rejects.toThrow(/schema "[a-z0-9_]+" is at version 999, newer than this runtime knows/);
    });

    it("rolls back a failing migration and names it", async () => {
      const schema = `${base}_m4`;
      schemas.add(schema);
      const pool = createPool(url, { schema, max: 1 });
      try {
        const broken = [...loadPostgresMigrations(), { version: 998, name: "broken", sql: "CREATE TABLE half (x int); SELECT no_such_function();" }];
        await expect(migrate(pool, { schema, migrations: broken })).rejects.toThrow(/migration 998-broken failed and was rolled back/);
        const { rows } = await admin.query("SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'half'", [schema]);
        expect(rows).toEqual([]);
        expect(await migrate(pool, { schema })).toEqual([]);
      } finally {
        await pool.end();
      }
    });
  });

  describe("PostgreSQL: bad connections say what to fix", () => {
    it("names an unreachable server without showing the password", async () => {
      const attempt = openStoreFromUrl("postgres://bot:secret@127.0.0.1:1/bot_test", { connectionTimeoutMs: 2000 });
      await expect(attempt).rejects.toThrow(/cannot reach PostgreSQL at postgres:\/\/bot:\*\*\*@127\.0\.0\.1:1\/bot_test/);
    });

    it("names a wrong password and a missing database", async () => {
      const wrong = new URL(url);
      wrong.password = "definitely-wrong";
      await expect(openStoreFromUrl(wrong.toString())).rejects.toThrow(/refused the login/);
      const missing = new URL(url);
      missing.pathname = "/no_such_database_here";
      await expect(openStoreFromUrl(missing.toString())).rejects.toThrow(/does not exist.*createdb/);
    });

    it("takes the schema from ?schema= in DATABASE_URL", async () => {
      const schema = `${base}_url`;
      schemas.add(schema);
      const withSchema = new URL(url);
      withSchema.searchParams.set("schema", schema);
      const store = await openStoreFromUrl(withSchema.toString());
      opened.push(store);
      expect(store.schema).toBe(schema);
      await store.apply({ at: T0, seen: { userId: ALICE } });
      const { rows } = await admin.query(`SELECT id FROM "${schema}".users`);
      expect(rows).toEqual([{ id: ALICE }]);
    });

    it("refuses a URL that is not PostgreSQL's", async () => {
      await expect(openStoreFromUrl("mysql://bot:bot@127.0.0.1/bot")).rejects.toThrow(/not a PostgreSQL URL/);
      await expect(openStoreFromUrl("not a url")).rejects.toThrow(/DATABASE_URL not a url is not a URL/);
      // A password with an unencoded '@' or '/' breaks the URL; the refusal still never shows it.
      const broken = openStoreFromUrl("postgres://bot:pa/ss@word@127.0.0.1:5432/bot");
      await expect(broken).rejects.toThrow(/is not a URL/);
      await expect(broken).rejects.not.toThrow(/pa\/ss|ss@word/);
      await expect(createPostgresStore(url, { schema: "Robert'); DROP" })).rejects.toThrow(/schema name .* is not allowed/);
    });
  });
}
