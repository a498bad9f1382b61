/**
 * @module Recovery in seconds: a status callback that never comes (its process died, or the database
 * refused it) is replaced by asking Twilio, so strict ordering releases the next part without waiting
 * out BOT_STRICT_WAIT_MS; and on PostgreSQL, rows a dead process left mid-send are looked up at Twilio
 * after the reconcile delay, not the send timeout on top of it, found ones recorded, the rest sent once.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../sandbox/emulator/index.ts";
import type { Emulator } from "../../sandbox/emulator/index.ts";
import { createMemoryLogger } from "../../runtime/log/logger.ts";
import { createDispatcher } from "../../runtime/outbox/index.ts";
import type { DispatcherSettings } from "../../runtime/outbox/index.ts";
import { createSqliteStore } from "../../runtime/store/index.ts";
import type { NewOutboxRow, Store } from "../../runtime/store/index.ts";
import { createPostgresStore } from "../../runtime/store/postgres/index.ts";
import type { PostgresStore } from "../../runtime/store/postgres/index.ts";
import { createTwilioClient } from "../../runtime/twilio/client.ts";
import { ALICE, BOB, BOT_NUMBER, manualClock, T0 } from "./harness.ts";
import type { ManualClock } from "./harness.ts";

const part = (userId: string, body: string, seq: number): NewOutboxRow => ({ userId, kind: "reply", body, media: [], dueAt: T0, seq, cancelable: true });

/** A loopback URL nothing listens on: where the status callbacks of a process that died would go. */
async function deadUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

interface Rig {
  emulator: Emulator;
  clock: ManualClock;
  logs: () => Record<string, unknown>[];
  dispatcher(store: Store, settings?: Partial<DispatcherSettings>, publicUrl?: string | null): ReturnType<typeof createDispatcher>;
  received(to: string): string[];
  close(): Promise<void>;
}

async function startRig(): Promise<Rig> {
  const clock = manualClock();
  // Rows are created at T0; each test moves this clock on from wherever the last one left it.
  const emulator = await startEmulator({ seed: 5, now: clock.now, delivery: { latencyMs: 1 } });
  const client = createTwilioClient({ accountSid: emulator.accountSid, authToken: emulator.authToken, baseUrl: emulator.url, timeoutMs: 1000 });
  const { logger, lines } = createMemoryLogger("debug");
  return {
    emulator,
    clock,
    logs: lines,
    dispatcher: (store, settings = {}, publicUrl = null) =>
      createDispatcher({
        store,
        twilio: client,
        clock,
        logger,
        sender: { from: BOT_NUMBER, messagingServiceSid: null },
        publicUrl,
        fireReminder: async () => undefined,
        random: () => 0.5,
        settings: { reconcileDelayMs: 1000, ...settings },
      }),
    received: (to) =>
      emulator
        .messagesTo(to)
        .filter((m) => m.direction === "outbound-api")
        .map((m) => m.body),
    close: () => emulator.close(),
  };
}

const events = (rig: Rig, event: string) => rig.logs().filter((line) => line["event"] === event);

describe("a status callback that never comes is asked of Twilio", () => {
  let rig: Rig;
  let dir: string;
  let store: Store;
  beforeAll(async () => {
    rig = await startRig();
  });
  afterEach(async () => {
    await store?.close();
    fs.rmSync(dir, { recursive: true, force: true });
    rig.emulator.reset();
  });
  afterAll(async () => {
    await rig.close();
  });
  const open = () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "bot-status-check-"));
    store = createSqliteStore(path.join(dir, "bot.db"));
    return store;
  };

  it("releases the next part after BOT_STATUS_CHECK_MS, with the status Twilio gives, instead of the strict wait", async () => {
    const dispatcher = rig.dispatcher(open(), { statusCheckMs: 2000, strictWaitMs: 10_000 }, await deadUrl());
    await store.apply({ at: T0, outbox: [part(ALICE, "one", 0), part(ALICE, "two", 1)] });
    await dispatcher.tick();
    // The callback goes to a process that is gone: nothing comes back.
    await rig.emulator.settle();
    expect(rig.emulator.messagesTo(ALICE)[0]!.callbacks.every((c) => c.error !== undefined)).toBe(true);
    rig.clock.advance(1999);
    await dispatcher.tick();
    expect(rig.received(ALICE)).toEqual(["one"]);
    rig.clock.advance(1);
    const report = await dispatcher.tick();
    expect(report.statusesFetched).toBe(1);
    expect(rig.received(ALICE)).toEqual(["one", "two"]);
    const [first] = await store.listOutbox({ userId: ALICE });
    expect(first).toMatchObject({ state: "sent", status: "delivered" });
    const [logged] = await store.listMessages({ userId: ALICE, direction: "out" });
    expect(logged!.status === "delivered" || logged!.statusHistory.some((e) => e.status === "delivered")).toBe(true);
    expect(events(rig, "status.fetched")).toHaveLength(1);
  });

  it("asks again later while Twilio still has the message queued; the strict wait still bounds the hold", async () => {
    rig.emulator.configure({ delivery: { latencyMs: 60_000 } });
    try {
      const dispatcher = rig.dispatcher(open(), { statusCheckMs: 2000, strictWaitMs: 10_000 });
      await store.apply({ at: T0, outbox: [part(BOB, "one", 0), part(BOB, "two", 1)] });
      await dispatcher.tick();
      let fetched = 0;
      for (let t = 0; t < 4; t++) {
        rig.clock.advance(2000);
        fetched += (await dispatcher.tick()).statusesFetched;
      }
      expect(fetched).toBe(0);
      expect(rig.received(BOB)).toEqual(["one"]);
      rig.clock.advance(2001);
      await dispatcher.tick();
      expect(rig.received(BOB)).toEqual(["one", "two"]);
    } finally {
      rig.emulator.configure({ delivery: { latencyMs: 1 } });
    }
  });

  it("a lookup Twilio fails is logged and tried again; nothing is sent out of order", async () => {
    const dispatcher = rig.dispatcher(open(), { statusCheckMs: 2000 });
    await store.apply({ at: T0, outbox: [part(ALICE, "one", 0), part(ALICE, "two", 1)] });
    await dispatcher.tick();
    await rig.emulator.settle();
    rig.emulator.injectFault({ type: "status", status: 500, route: "fetch" });
    rig.clock.advance(2000);
    await dispatcher.tick();
    expect(rig.received(ALICE)).toEqual(["one"]);
    expect(events(rig, "status.check-error").length).toBeGreaterThanOrEqual(1);
    rig.clock.advance(2000);
    await dispatcher.tick();
    expect(rig.received(ALICE)).toEqual(["one", "two"]);
  });

  it("a database gone between the claim and the request puts the row back to pending, sent once it is back, not held mid-send", async () => {
    const real = open();
    let away = true;
    const flaky = new Proxy(real, {
      get(target, key, receiver) {
        if (key === "cancelIfOptedOut" && away) {
          return async () => {
            away = false;
            throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
          };
        }
        const value = Reflect.get(target, key, receiver) as unknown;
        return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    const dispatcher = rig.dispatcher(flaky);
    await store.apply({ at: T0, outbox: [part(BOB, "after the outage", 0)] });
    const report = await dispatcher.tick();
    expect(report.retried).toBe(1);
    expect(rig.received(BOB)).toEqual(["after the outage"]);
    const [row] = await store.listOutbox({ userId: BOB });
    expect(row).toMatchObject({ state: "sent", attempts: 2 });
  });

  it("BOT_STATUS_CHECK_MS=0 only waits, as before", async () => {
    const dispatcher = rig.dispatcher(open(), { statusCheckMs: 0, strictWaitMs: 10_000 });
    await store.apply({ at: T0, outbox: [part(ALICE, "one", 0), part(ALICE, "two", 1)] });
    await dispatcher.tick();
    await rig.emulator.settle();
    rig.clock.advance(9_999);
    await dispatcher.tick();
    expect(rig.received(ALICE)).toEqual(["one"]);
    rig.clock.advance(2);
    await dispatcher.tick();
    expect(rig.received(ALICE)).toEqual(["one", "two"]);
  });
});

const url = process.env["TEST_DATABASE_URL"]?.trim() || null;
if (url === null) {
  describe.skip("PostgreSQL recovery: SKIPPED because TEST_DATABASE_URL is not set", () => {
    it("looks a dead process's rows up after the reconcile delay", () => undefined);
  });
} else {
  describe("PostgreSQL: a survivor takes over a dead process's rows within seconds", () => {
    const schema = `recovery_test_${process.pid}_${randomBytes(3).toString("hex")}`;
    let admin: pg.Pool;
    let rig: Rig;
    const opened: PostgresStore[] = [];
    const open = async (options: { livenessSettleMs?: number } = {}) => {
      const store = await createPostgresStore(url, { schema, max: 3, ...options });
      opened.push(store);
      return store;
    };
    beforeAll(async () => {
      admin = new pg.Pool({ connectionString: url, max: 1 });
      rig = await startRig();
    });
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      rig.emulator.reset();
    });
    afterAll(async () => {
      await admin.end();
      await rig.close();
    });

    /** A process claims ALICE's and BOB's rows, gets ALICE's to Twilio, and dies before recording it (or sending BOB's). */
    const deadPeerMidSend = async (options: { livenessSettleMs?: number } = {}) => {
      const dead = await open();
      const survivor = await open(options);
      await dead.apply({ at: T0, outbox: [part(ALICE, "reached Twilio", 0), part(BOB, "never sent", 0)] });
      expect((await dead.claimDue({ now: T0, ordering: "strict", strictWaitMs: 10_000, limit: 10 })).rows).toHaveLength(2);
      const client = createTwilioClient({ accountSid: rig.emulator.accountSid, authToken: rig.emulator.authToken, baseUrl: rig.emulator.url });
      await client.messages.create({ to: ALICE, from: BOT_NUMBER, body: "reached Twilio" });
      // Its connections close, as they do on kill -9: its liveness lock goes with them.
      await dead.close();
      return survivor;
    };

    it("found ones are recorded, not resent; unsent ones go once; all after the reconcile delay, not send timeout + delay", async () => {
      const survivor = await deadPeerMidSend();
      const dispatcher = rig.dispatcher(survivor, { reconcileDelayMs: 1000, sendTimeoutMs: 15_000 });
      rig.clock.advance(100);
      await dispatcher.tick();
      expect((await survivor.listOutbox()).map((r) => [r.state, r.nextAttemptAt])).toEqual([
        ["unknown", rig.clock.now() + 1000],
        ["unknown", rig.clock.now() + 1000],
      ]);
      rig.clock.advance(1000);
      const report = await dispatcher.tick();
      expect(report).toMatchObject({ reconciled: 1, resent: 1 });
      expect(rig.received(ALICE)).toEqual(["reached Twilio"]);
      expect(rig.received(BOB)).toEqual(["never sent"]);
      expect((await survivor.listOutbox()).map((r) => r.state)).toEqual(["sent", "sent"]);
      // Later passes change nothing: each message exists once at Twilio.
      rig.clock.advance(30_000);
      await dispatcher.tick();
      expect([...rig.received(ALICE), ...rig.received(BOB)]).toHaveLength(2);
    });

    it("right after its own liveness lock was lost (the server restarting), a peer without one is left alone until it settles", async () => {
      const survivor = await deadPeerMidSend({ livenessSettleMs: 1500 });
      // The survivor's own key, from a row it claims, names its liveness backend.
      await survivor.apply({ at: T0, outbox: [{ ...part("+15550009999", "", 0), kind: "reminder", name: "probe", cancelable: false }] });
      await survivor.claimDue({ now: T0, ordering: "strict", strictWaitMs: 10_000, limit: 10 });
      const { rows } = await admin.query<{ claimed_by: number }>(`SELECT claimed_by FROM "${schema}".outbox WHERE user_id = '+15550009999'`);
      const key = rows[0]!.claimed_by;
      const holder = async () =>
        (
          await admin.query<{ pid: number }>(`SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 2 AND objid::text::bigint = $1 AND granted`, [
            key,
          ])
        ).rows[0]?.pid ?? null;
      const before = await holder();
      await admin.query("SELECT pg_terminate_backend($1)", [before]);
      // It notices and re-takes the lock on a new connection in the background within a moment.
      for (let i = 0; i < 100; i++) {
        const now = await holder();
        if (now !== null && now !== before) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const dispatcher = rig.dispatcher(survivor, { reconcileDelayMs: 1000, sendTimeoutMs: 15_000 });
      const peers = async () => (await survivor.listOutbox()).filter((r) => r.kind === "reply").map((r) => r.state);
      rig.clock.advance(100);
      await dispatcher.tick();
      // A live peer would be re-taking its lock now, and settle its own rows.
      expect(await peers()).toEqual(["sending", "sending"]);
      await new Promise((resolve) => setTimeout(resolve, 1600));
      await dispatcher.tick();
      expect(await peers()).toEqual(["unknown", "unknown"]);
      rig.clock.advance(1000);
      await dispatcher.tick();
      expect(await peers()).toEqual(["sent", "sent"]);
      expect([...rig.received(ALICE), ...rig.received(BOB)].sort()).toEqual(["never sent", "reached Twilio"]);
    });
  });
}
