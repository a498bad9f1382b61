/**
 * @module The BroadcastStore contract: broadcasts, recipients, claiming, cancel, progress and finish; runner
 * leases (acquire, heartbeat, release, takeover once the holder is gone); and the message log. Run
 * unchanged on SQLite and on PostgreSQL, where "gone" means the holder's process liveness, not its pid.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newLease, runnerIsDead } from "../../runtime/broadcast/lease.ts";
import type { BroadcastStore, Lease, NewBroadcast, NewRecipient } from "../../runtime/store/broadcasts/types.ts";
import type { NewLogEntry, Store } from "../../runtime/store/index.ts";
import { session } from "./store-contract.ts";

/** Another runner process on the same database, which the test can make disappear (kill -9 for liveness). */
export interface Peer {
  broadcasts: BroadcastStore;
  lease: Lease;
  die(): Promise<void>;
}

export interface BroadcastHarness {
  store: Store;
  broadcasts: BroadcastStore;
  peer(): Promise<Peer>;
  close(): Promise<void>;
}

const T0 = 1_700_000_000_000;
const HOUR = 3_600_000;
const user = (i: number) => `+1555000${String(i).padStart(4, "0")}`;

function broadcast(extra: Partial<NewBroadcast> = {}): NewBroadcast {
  return {
    body: "Sale today",
    filters: ["score > 1"],
    fingerprint: "fp-1",
    senderType: "short-code",
    rate: 10,
    startAt: T0,
    optedOut: 1,
    skipped: 0,
    segments: 3,
    costEstimate: 0.0249,
    origin: "cli",
    ...extra,
  };
}

function recipient(userId: string, parts = 1, patch: NewRecipient["patch"] = null): NewRecipient {
  return {
    userId,
    parts: Array.from({ length: parts }, (_, k) => ({
      body: `Sale for ${userId} part ${k}`,
      media: k ? [] : ["https://x.test/a.png"],
      delayMs: k * 1000,
      cancelable: true,
    })),
    patch,
    segments: parts,
  };
}

function log(userId: string, direction: "in" | "out", body: string, at: number, outboxId: number | null = null, sid: string | null = null): NewLogEntry {
  return {
    direction,
    sid,
    userId,
    body,
    media: [],
    status: direction === "in" ? "received" : "queued",
    errorCode: null,
    segments: 1,
    encoding: "GSM-7",
    priceEstimate: null,
    outboxId,
    createdAt: at,
  };
}

const sent = (sid: string, userId: string, outboxId: number, at = T0) => ({
  at,
  sid,
  status: "queued",
  log: log(userId, "out", `to ${userId}`, at, outboxId, sid),
});

export function runBroadcastStoreContract(name: string, make: () => Promise<BroadcastHarness>): void {
  describe(`BroadcastStore contract: ${name}`, () => {
    let h: BroadcastHarness;
    let store: Store;
    let broadcasts: BroadcastStore;
    beforeEach(async () => {
      h = await make();
      ({ store, broadcasts } = h);
    });
    afterEach(async () => {
      await h.close();
    });

    const users = async (count: number, optedOut: number[] = []) => {
      for (let i = 0; i < count; i++) {
        const s = session(user(i));
        s.vars = { name: `User${i}`, score: String(i) };
        s.meta = { _fromCountry: "US" };
        await store.apply({ at: T0 + i, session: { userId: user(i), session: s } });
      }
      for (const i of optedOut) await store.apply({ at: T0 + count, optOut: { userId: user(i), optedOut: true, reason: "STOP" } });
    };
    const budget = (n: number, now = T0, intervalMs = 100) => ({ now, budget: n, intervalMs });
    const claimAll = (id: number, now = T0 + HOUR) => broadcasts.claimDue(id, { now, ordering: "strict", strictWaitMs: 10_000, limit: 100 });

    describe("broadcasts and recipients", () => {
      it("creates a broadcast with its recipients and lease in one step; the same fingerprint unfinished is a duplicate", async () => {
        await users(3);
        const lease = newLease();
        const created = await broadcasts.create(broadcast(), [recipient(user(0)), recipient(user(1))], T0, lease);
        expect(created.type).toBe("created");
        expect(created.broadcast).toMatchObject({
          state: "running",
          recipients: 2,
          filters: ["score > 1"],
          rate: 10,
          costEstimate: 0.0249,
          senderType: "short-code",
          runner: { pid: lease.pid, host: lease.host, heartbeatAt: T0 },
          finishedAt: null,
        });
        const again = await broadcasts.create(broadcast(), [recipient(user(2))], T0 + 1, null);
        expect(again).toMatchObject({ type: "duplicate", broadcast: { id: created.broadcast.id, recipients: 2 } });
        const later = await broadcasts.create(broadcast({ fingerprint: "fp-2", startAt: T0 + HOUR }), [recipient(user(2))], T0, null);
        expect(later.broadcast).toMatchObject({ state: "scheduled", runner: null });
        expect((await broadcasts.list()).map((b) => b.id)).toEqual([later.broadcast.id, created.broadcast.id]);
        expect((await broadcasts.findUnfinished("fp-1"))?.id).toBe(created.broadcast.id);
        expect(await broadcasts.findUnfinished("nope")).toBeNull();
        expect(await broadcasts.get(999)).toBeNull();
        expect(await broadcasts.progress(created.broadcast.id)).toMatchObject({ recipients: 2, queued: 2, released: 0, messages: 0, optedOut: 1 });
      });

      it("of five starts of one broadcast at once, exactly one creates it", async () => {
        await users(2);
        const results = await Promise.all(Array.from({ length: 5 }, () => broadcasts.create(broadcast(), [recipient(user(0))], T0, null)));
        expect(results.filter((r) => r.type === "created")).toHaveLength(1);
        expect(new Set(results.map((r) => r.broadcast.id)).size).toBe(1);
        expect(await broadcasts.list()).toHaveLength(1);
      });

      it("releases recipients within the budget at the pace, skipping who opted out since, applying session patches", async () => {
        await users(5);
        const lease = newLease();
        const { broadcast: b } = await broadcasts.create(
          broadcast(),
          [recipient(user(0), 2, { topic: "promo", vars: { offer: "spring", name: null } }), recipient(user(1)), recipient(user(2)), recipient(user(3))],
          T0,
          lease,
        );
        await store.apply({ at: T0 + 10, optOut: { userId: user(1), optedOut: true, reason: "STOP" } });
        expect(await broadcasts.release(b.id, "not-the-lease", budget(10))).toEqual({ recipients: 0, rows: 0, optedOut: 0 });
        // Two parts of user 0, user 1 skipped, one part of user 2: user 3 would pass the budget of 3.
        expect(await broadcasts.release(b.id, lease.token, budget(3))).toEqual({ recipients: 2, rows: 3, optedOut: 1 });
        const rows = await store.listOutbox();
        expect(rows.map((r) => [r.userId, r.kind, r.seq, r.dueAt, r.cancelable, r.state])).toEqual([
          [user(0), "broadcast", 0, T0, false, "pending"],
          [user(2), "broadcast", 0, T0 + 200, false, "pending"],
          [user(0), "broadcast", 1, T0 + 1100, true, "pending"],
        ]);
        expect(rows[0]!.media).toEqual(["https://x.test/a.png"]);
        const patched = (await store.getUser(user(0)))!.session!;
        expect(patched.topic).toBe("promo");
        expect(patched.vars).toEqual({ score: "0", offer: "spring" });
        expect((await store.getUser(user(2)))!.session!.topic).toBe("default");
        // The pacing cursor carries on from where the last release stopped.
        expect(await broadcasts.release(b.id, lease.token, budget(10))).toEqual({ recipients: 1, rows: 1, optedOut: 0 });
        expect((await store.listOutbox({ userId: user(3) }))[0]!.dueAt).toBe(T0 + 300);
        expect(await broadcasts.progress(b.id)).toMatchObject({ queued: 0, released: 3, messages: 4, waiting: 4, optedOut: 2 });
        expect(await broadcasts.inFlight(b.id, T0)).toBe(4);
      });

      it("spaces due times by a fractional interval in whole milliseconds (15 msg/s)", async () => {
        await users(4);
        const lease = newLease();
        const { broadcast: b } = await broadcasts.create(
          broadcast({ rate: 15 }),
          [0, 1, 2, 3].map((i) => recipient(user(i))),
          T0,
          lease,
        );
        expect(await broadcasts.release(b.id, lease.token, budget(2, T0, 1000 / 15))).toMatchObject({ rows: 2 });
        expect(await broadcasts.release(b.id, lease.token, budget(2, T0, 1000 / 15))).toMatchObject({ rows: 2 });
        expect((await store.listOutbox()).map((r) => r.dueAt - T0)).toEqual([0, 67, 133, 200]);
      });

      it("claims due rows: one part of a recipient at a time, and cancels rows of users who opted out after release", async () => {
        await users(3);
        const lease = newLease();
        const { broadcast: b } = await broadcasts.create(broadcast(), [recipient(user(0), 2), recipient(user(1)), recipient(user(2))], T0, lease);
        await broadcasts.release(b.id, lease.token, budget(10));
        await store.apply({ at: T0 + 10, optOut: { userId: user(2), optedOut: true, reason: "STOP" } });
        // The opt-out above canceled user 2's pending row already; a row released before the STOP and
        // still pending is canceled at claim time instead.
        expect((await store.listOutbox({ userId: user(2) }))[0]!.state).toBe("canceled");
        const first = await claimAll(b.id);
        expect(first.rows.map((r) => [r.userId, r.seq, r.state, r.attempts])).toEqual([
          [user(0), 0, "sending", 1],
          [user(1), 0, "sending", 1],
        ]);
        expect((await claimAll(b.id)).rows).toEqual([]);
        const part0 = first.rows[0]!;
        expect(await store.markSent(part0.id, sent("SMb0", user(0), part0.id))).toBe(true);
        const second = await claimAll(b.id);
        expect(second.rows.map((r) => [r.userId, r.seq])).toEqual([[user(0), 1]]);
        // Only the broadcast's own rows: a reply due to user 1 is not claimed here.
        await store.apply({ at: T0, outbox: [{ userId: user(1), kind: "reply", body: "hi", media: [], dueAt: T0, seq: 0, cancelable: true }] });
        expect((await claimAll(b.id)).rows).toEqual([]);
      });

      it("cancels queued recipients and pending rows, once; progress reports it", async () => {
        await users(4);
        const lease = newLease();
        const { broadcast: b } = await broadcasts.create(broadcast(), [recipient(user(0)), recipient(user(1)), recipient(user(2))], T0, lease);
        await broadcasts.release(b.id, lease.token, budget(1));
        expect(await broadcasts.cancel(b.id, T0 + 5)).toBe(true);
        expect(await broadcasts.cancel(b.id, T0 + 6)).toBe(false);
        expect(await broadcasts.cancel(999, T0)).toBe(false);
        expect(await broadcasts.get(b.id)).toMatchObject({ state: "canceled", finishedAt: T0 + 5, runner: null });
        expect(await broadcasts.progress(b.id)).toMatchObject({ state: "canceled", queued: 0, released: 1, messages: 1, canceled: 1, waiting: 0 });
        expect(await broadcasts.release(b.id, lease.token, budget(10))).toEqual({ recipients: 0, rows: 0, optedOut: 0 });
        expect(await broadcasts.findUnfinished("fp-1")).toBeNull();
      });

      it("finishes only when nothing is queued or waiting; progress counts outcomes and errors", async () => {
        await users(3);
        const lease = newLease();
        const { broadcast: b } = await broadcasts.create(broadcast(), [recipient(user(0)), recipient(user(1)), recipient(user(2))], T0, lease);
        expect(await broadcasts.finishIfComplete(b.id, T0)).toBe(false);
        await broadcasts.release(b.id, lease.token, budget(10));
        expect(await broadcasts.finishIfComplete(b.id, T0)).toBe(false);
        const { rows } = await claimAll(b.id);
        await store.markSent(rows[0]!.id, sent("SMf0", user(0), rows[0]!.id, T0 + 100));
        await store.markSent(rows[1]!.id, sent("SMf1", user(1), rows[1]!.id, T0 + 200));
        await store.markFailed(rows[2]!.id, { at: T0 + 300, error: "invalid number", errorCode: 21211, log: null, from: "sending" });
        await store.recordStatus("SMf0", { status: "delivered", at: T0 + 400, errorCode: null });
        await store.recordStatus("SMf1", { status: "undelivered", at: T0 + 500, errorCode: 30007 });
        expect(await broadcasts.unsettled(b.id, 10)).toEqual([]);
        expect(await broadcasts.finishIfComplete(b.id, T0 + 600)).toBe(true);
        expect(await broadcasts.finishIfComplete(b.id, T0 + 700)).toBe(true);
        expect(await broadcasts.get(b.id)).toMatchObject({ state: "done", finishedAt: T0 + 600, runner: null });
        expect(await broadcasts.progress(b.id)).toMatchObject({
          state: "done",
          messages: 3,
          accepted: 2,
          delivered: 1,
          undelivered: 1,
          failed: 1,
          waiting: 0,
          firstSentAt: T0 + 100,
          lastSentAt: T0 + 200,
        });
        expect((await broadcasts.progress(b.id))!.errors.sort((x, y) => (x.code ?? 0) - (y.code ?? 0))).toEqual([
          { code: 21211, count: 1 },
          { code: 30007, count: 1 },
        ]);
      });

      it("hands each due unknown row of the broadcast to one reconciler, and lists accepted rows still unsettled", async () => {
        await users(2);
        const lease = newLease();
        const { broadcast: b } = await broadcasts.create(broadcast(), [recipient(user(0)), recipient(user(1))], T0, lease);
        await broadcasts.release(b.id, lease.token, budget(10));
        const { rows } = await claimAll(b.id);
        await store.markUnknown(rows[0]!.id, { at: T0, nextAttemptAt: T0 + 10, error: "timeout" });
        await store.markSent(rows[1]!.id, sent("SMu1", user(1), rows[1]!.id));
        expect(await broadcasts.claimUnknown(b.id, T0 + 5, T0 + 60_000, 10)).toEqual([]);
        const [first, second] = await Promise.all([
          broadcasts.claimUnknown(b.id, T0 + 10, T0 + 60_000, 10),
          broadcasts.claimUnknown(b.id, T0 + 10, T0 + 60_000, 10),
        ]);
        expect([...first!, ...second!].map((r) => r.id)).toEqual([rows[0]!.id]);
        expect((await store.getOutbox(rows[0]!.id))!.nextAttemptAt).toBe(T0 + 60_000);
        expect((await broadcasts.unsettled(b.id, 10)).map((r) => r.sid)).toEqual(["SMu1"]);
      });
    });

    describe("runner leases", () => {
      it("acquires a free lease, heartbeats it, refuses a second runner, and frees it on release", async () => {
        await users(1);
        const { broadcast: b } = await broadcasts.create(broadcast(), [recipient(user(0))], T0, null);
        const mine = newLease();
        expect(await broadcasts.acquire(b.id, mine, T0, HOUR, runnerIsDead)).toMatchObject({ type: "acquired", tookOver: false });
        expect(await broadcasts.heartbeat(b.id, mine.token, T0 + 1000)).toBe(true);
        expect(await broadcasts.heartbeat(b.id, "other", T0 + 1000)).toBe(false);
        expect((await broadcasts.get(b.id))!.runner).toEqual({ pid: mine.pid, host: mine.host, heartbeatAt: T0 + 1000 });
        const other = newLease();
        expect(await broadcasts.acquire(b.id, other, T0 + 2000, HOUR, runnerIsDead)).toMatchObject({ type: "busy" });
        await broadcasts.releaseLease(b.id, "not-mine");
        expect((await broadcasts.get(b.id))!.runner).not.toBeNull();
        await broadcasts.releaseLease(b.id, mine.token);
        expect((await broadcasts.get(b.id))!.runner).toBeNull();
        expect(await broadcasts.acquire(b.id, other, T0 + 3000, HOUR, runnerIsDead)).toMatchObject({ type: "acquired", tookOver: false });
        expect(await broadcasts.acquire(999, other, T0, HOUR, runnerIsDead)).toEqual({ type: "missing" });
        await broadcasts.cancel(b.id, T0 + 4000);
        expect(await broadcasts.acquire(b.id, mine, T0 + 5000, HOUR, runnerIsDead)).toMatchObject({ type: "final" });
      });

      it("takes a silent lease over after it goes stale", async () => {
        await users(1);
        const holder = newLease();
        const { broadcast: b } = await broadcasts.create(broadcast(), [recipient(user(0))], T0, holder);
        expect(await broadcasts.acquire(b.id, newLease(), T0 + 29_000, 30_000, runnerIsDead)).toMatchObject({ type: "busy" });
        expect(await broadcasts.acquire(b.id, newLease(), T0 + 31_000, 30_000, runnerIsDead)).toMatchObject({ type: "acquired", tookOver: true });
        expect(await broadcasts.heartbeat(b.id, holder.token, T0 + 32_000)).toBe(false);
      });

      it("takes the lease over at once when its holder's process is gone, never from a live one; its rows left sending are checked first", async () => {
        await users(2);
        const peer = await h.peer();
        const { broadcast: b } = await peer.broadcasts.create(broadcast(), [recipient(user(0)), recipient(user(1))], T0, peer.lease);
        expect(await peer.broadcasts.release(b.id, peer.lease.token, budget(10))).toMatchObject({ rows: 2 });
        const claimed = await peer.broadcasts.claimDue(b.id, { now: T0 + HOUR, ordering: "strict", strictWaitMs: 10_000, limit: 1 });
        expect(claimed.rows).toHaveLength(1);
        // Fresh heartbeat and a stale bound of an hour: only the holder's death can free it.
        expect(await broadcasts.acquire(b.id, newLease(), T0 + 1000, HOUR, runnerIsDead)).toMatchObject({ type: "busy" });
        expect(await broadcasts.recoverSending(b.id, T0 + 1000, T0 + 6000)).toBe(h.store.kind === "postgres" ? 0 : 1);
        await peer.die();
        const mine = newLease();
        const taken = await broadcasts.acquire(b.id, mine, T0 + 2000, HOUR, runnerIsDead);
        expect(taken).toMatchObject({ type: "acquired", tookOver: true, broadcast: { runner: { pid: mine.pid } } });
        if (h.store.kind === "postgres") expect(await broadcasts.recoverSending(b.id, T0 + 2000, T0 + 7000)).toBe(1);
        const row = (await store.getOutbox(claimed.rows[0]!.id))!;
        expect(row).toMatchObject({ state: "unknown" });
        expect(await broadcasts.release(b.id, mine.token, budget(10))).toEqual({ recipients: 0, rows: 0, optedOut: 0 });
        expect(await broadcasts.progress(b.id)).toMatchObject({ released: 2, messages: 2, waiting: 2 });
      });
    });

    describe("users and the message log", () => {
      it("lists and searches users (case-insensitively, with paging), and knows every variable ever set", async () => {
        await users(12, [3]);
        expect((await broadcasts.allUsers()).map((u) => u.id)).toEqual(Array.from({ length: 12 }, (_, i) => user(i)));
        expect((await broadcasts.allUsers())[3]).toMatchObject({ optedOut: true, optOutReason: "STOP" });
        const all = await broadcasts.listUsers({ limit: 5 });
        expect(all.total).toBe(12);
        expect(all.users.map((u) => u.id)).toEqual([user(11), user(10), user(9), user(8), user(7)]);
        expect((await broadcasts.listUsers({ limit: 5, offset: 10 })).users.map((u) => u.id)).toEqual([user(1), user(0)]);
        const found = await broadcasts.listUsers({ search: "user11" });
        expect(found).toMatchObject({ total: 1, users: [{ id: user(11) }] });
        expect((await broadcasts.listUsers({ search: "0000010" })).users.map((u) => u.id)).toEqual([user(10)]);
        expect((await broadcasts.listUsers({ search: "100%" })).total).toBe(0);
        expect(await broadcasts.knownVariables()).toEqual(new Set(["name", "score", "_fromCountry"]));
      });

      it("searches the log by user, direction and type, text, time, status and broadcast; newest first or oldest first, with a limit", async () => {
        await users(2);
        const lease = newLease();
        const { broadcast: b } = await broadcasts.create(broadcast(), [recipient(user(0))], T0, lease);
        await broadcasts.release(b.id, lease.token, budget(10));
        const [row] = (await claimAll(b.id)).rows;
        await store.apply({
          at: T0,
          log: [log(user(0), "in", "Hello there", T0 + 1, null, "SMin0"), log(user(1), "in", "STOP please", T0 + 2, null, "SMin1")],
        });
        await store.apply({ at: T0, outbox: [{ userId: user(0), kind: "reply", body: "Hi!", media: [], dueAt: T0, seq: 0, cancelable: true }] });
        const reply = (await store.listOutbox({ userId: user(0) })).find((r) => r.kind === "reply")!;
        await store.apply({ at: T0, log: [log(user(0), "out", "Hi!", T0 + 3, reply.id, "SMreply")] });
        await store.markSent(row!.id, { at: T0 + 4, sid: "SMbc", status: "queued", log: log(user(0), "out", "Sale for you", T0 + 4, row!.id, "SMbc") });
        await store.recordStatus("SMbc", { status: "delivered", at: T0 + 5, errorCode: null });

        const ids = async (query: Parameters<BroadcastStore["searchLogs"]>[0]) => (await broadcasts.searchLogs(query)).map((r) => r.sid);
        expect(await ids({})).toEqual(["SMin0", "SMin1", "SMreply", "SMbc"]);
        expect(await ids({ newestFirst: true, limit: 2 })).toEqual(["SMbc", "SMreply"]);
        expect(await ids({ userId: user(1) })).toEqual(["SMin1"]);
        expect(await ids({ type: "inbound" })).toEqual(["SMin0", "SMin1"]);
        expect(await ids({ type: "response" })).toEqual(["SMreply"]);
        expect(await ids({ type: "broadcast" })).toEqual(["SMbc"]);
        expect(await ids({ broadcastId: b.id })).toEqual(["SMbc"]);
        expect(await ids({ text: "hello" })).toEqual(["SMin0"]);
        expect(await ids({ text: "50%_" })).toEqual([]);
        expect(await ids({ since: T0 + 2, until: T0 + 3 })).toEqual(["SMin1", "SMreply"]);
        expect(await ids({ status: "delivered" })).toEqual(["SMbc"]);
        const [record] = await broadcasts.searchLogs({ type: "broadcast" });
        expect(record).toMatchObject({
          at: T0 + 4,
          userId: user(0),
          direction: "out",
          type: "broadcast",
          body: "Sale for you",
          media: [],
          status: "delivered",
          segments: 1,
          encoding: "GSM-7",
          broadcastId: b.id,
        });
        expect(record!.statusHistory.map((e) => e.status)).toEqual(["queued", "delivered"]);
        // The store's own listing agrees with the search.
        expect((await store.listMessages({ direction: "in" })).map((m) => m.sid)).toEqual(["SMin0", "SMin1"]);
        expect((await store.listMessages({ userId: user(0), limit: 1 })).map((m) => m.sid)).toEqual(["SMin0"]);
        expect((await store.listMessages({ userId: user(0) })).map((m) => m.sid)).toEqual(["SMin0", "SMreply", "SMbc"]);
      });
    });
  });
}
