/** @module The Store contract suite: every Store implementation (SQLite now, PostgreSQL later) must pass it unchanged. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { NewLogEntry, NewOutboxRow, Store } from "../../runtime/store/index.ts";
import type { Session } from "../../engine/types.ts";

export type MakeStore = () => Store | Promise<Store>;

const ALICE = "+15550000001";
const BOB = "+15550000002";
const T0 = 1_700_000_000_000;

export function session(userId: string, topic = "default"): Session {
  return { userId, topic, vars: { name: "Ann" }, history: { input: [], reply: [] }, buttons: null, reminders: {}, meta: {}, handoff: false };
}

function message(userId: string, body: string, dueAt = T0, extra: Partial<NewOutboxRow> = {}): NewOutboxRow {
  return { userId, kind: "reply", body, media: [], dueAt, seq: 0, cancelable: true, ...extra };
}

function outLog(userId: string, sid: string, body: string, outboxId: number, at = T0): NewLogEntry {
  return {
    direction: "out",
    sid,
    userId,
    body,
    media: [],
    status: "queued",
    errorCode: null,
    segments: 1,
    encoding: "GSM-7",
    priceEstimate: 0.0083,
    outboxId,
    createdAt: at,
  };
}

const strict = (now: number, limit = 10) => ({ now, ordering: "strict" as const, strictWaitMs: 10_000, limit });

export function runStoreContract(name: string, makeStore: MakeStore): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    describe("the inbound queue", () => {
      const queued = (sid: string, from: string, body = "hi") => ({ sid, from, body, media: [], mediaTypes: [], facts: { FromCity: "X" } });

      it("stores a MessageSid once; a retry, before or after it ran, stores nothing", async () => {
        expect(await store.enqueueInbound(queued("SM1", ALICE), T0)).toBe(true);
        expect(await store.enqueueInbound(queued("SM1", ALICE), T0 + 1)).toBe(false);
        expect(await store.isInboundDone("SM1")).toBe(false);
        expect(await store.completeInbound("SM1", { at: T0, seen: { userId: ALICE } })).toBe(true);
        expect(await store.isInboundDone("SM1")).toBe(true);
        expect(await store.enqueueInbound(queued("SM1", ALICE), T0 + 10 * 60_000)).toBe(false);
        expect(await store.nextInbound(ALICE)).toBeNull();
      });

      it("stores exactly one of ten concurrent deliveries of a sid", async () => {
        const stored = await Promise.all(Array.from({ length: 10 }, () => store.enqueueInbound(queued("SM2", ALICE), T0)));
        expect(stored.filter(Boolean)).toHaveLength(1);
      });

      it("hands out each user's rows in arrival order, the user waiting longest first, with the whole message", async () => {
        await store.enqueueInbound(queued("SMb1", BOB, "b1"), T0);
        await store.enqueueInbound(queued("SMa1", ALICE, "a1"), T0 + 1);
        await store.enqueueInbound(queued("SMb2", BOB, "b2"), T0 + 2);
        expect(await store.queuedUsers(10)).toEqual([BOB, ALICE]);
        expect(await store.queuedUsers(1)).toEqual([BOB]);
        const first = await store.nextInbound(BOB);
        expect(first).toMatchObject({ receivedAt: T0, message: { sid: "SMb1", from: BOB, body: "b1", media: [], facts: { FromCity: "X" } } });
        await store.completeInbound("SMb1", { at: T0 });
        expect((await store.nextInbound(BOB))?.message.body).toBe("b2");
        await store.completeInbound("SMb2", { at: T0 });
        expect(await store.queuedUsers(10)).toEqual([ALICE]);
      });

      it("counts each run of a queued row before it runs; a done or unknown row counts nothing", async () => {
        await store.enqueueInbound(queued("SMrun", ALICE), T0);
        await store.enqueueInbound(queued("SMother", ALICE), T0 + 1);
        expect(await store.startInbound("SMrun")).toBe(1);
        expect(await store.startInbound("SMrun")).toBe(2);
        expect(await store.startInbound("SMrun")).toBe(3);
        expect(await store.startInbound("SMother")).toBe(1);
        // A counted row is still the user's next one: counting never takes it off the queue.
        expect((await store.nextInbound(ALICE))?.message.sid).toBe("SMrun");
        expect(await store.completeInbound("SMrun", { at: T0 })).toBe(true);
        expect(await store.startInbound("SMrun")).toBe(0);
        expect(await store.startInbound("SMnever")).toBe(0);
      });

      it("completes a row once: a second worker's run of it writes nothing", async () => {
        await store.enqueueInbound(queued("SM3", ALICE), T0);
        const [first, second] = await Promise.all([
          store.completeInbound("SM3", { at: T0, outbox: [message(ALICE, "first")] }),
          store.completeInbound("SM3", { at: T0, outbox: [message(ALICE, "second")] }),
        ]);
        expect([first, second].filter(Boolean)).toHaveLength(1);
        expect(await store.listOutbox()).toHaveLength(1);
        expect(await store.completeInbound("SMnever", { at: T0, outbox: [message(ALICE, "ghost")] })).toBe(false);
        expect(await store.listOutbox()).toHaveLength(1);
      });

      it("writes session, user, bot state, rows and log in the commit", async () => {
        await store.enqueueInbound(queued("SM4", ALICE), T0);
        const ok = await store.completeInbound("SM4", {
          at: T0,
          seen: { userId: ALICE },
          session: { userId: ALICE, session: session(ALICE, "menu") },
          bot: { initial: { vars: {}, globals: {} }, writes: [{ scope: "vars", name: "mood", from: null, to: "happy" }] },
          outbox: [message(ALICE, "one"), message(ALICE, "two", T0 + 5000, { seq: 1 })],
          log: [
            {
              direction: "in",
              sid: "SM4",
              userId: ALICE,
              body: "hi",
              media: ["https://x.test/a.png"],
              status: "received",
              errorCode: null,
              segments: 1,
              encoding: null,
              priceEstimate: null,
              outboxId: null,
              createdAt: T0,
            },
          ],
        });
        expect(ok).toBe(true);
        const user = await store.getUser(ALICE);
        expect(user).toMatchObject({ id: ALICE, optedOut: false, firstSeenAt: T0, lastSeenAt: T0 });
        expect(user!.session).toEqual(session(ALICE, "menu"));
        expect(await store.getBotState()).toEqual({ vars: { mood: "happy" }, globals: {} });
        const rows = await store.listOutbox({ userId: ALICE });
        expect(rows.map((r) => [r.body, r.state, r.dueAt, r.seq])).toEqual([
          ["one", "pending", T0, 0],
          ["two", "pending", T0 + 5000, 1],
        ]);
        const log = await store.listMessages({ userId: ALICE });
        expect(log).toHaveLength(1);
        expect(log[0]).toMatchObject({ direction: "in", sid: "SM4", body: "hi", media: ["https://x.test/a.png"], status: "received" });
      });

      it("keeps first-seen and moves last-seen forward", async () => {
        await store.apply({ at: T0, seen: { userId: ALICE } });
        await store.apply({ at: T0 + 1000, seen: { userId: ALICE } });
        expect(await store.getUser(ALICE)).toMatchObject({ firstSeenAt: T0, lastSeenAt: T0 + 1000 });
        expect(await store.getUser(BOB)).toBeNull();
        expect(await store.getBotState()).toBeNull();
      });
    });

    describe("claiming due rows", () => {
      it("claims nothing before its due time", async () => {
        await store.apply({ at: T0, outbox: [message(ALICE, "later", T0 + 5000)] });
        expect((await store.claimDue(strict(T0 + 4999))).rows).toEqual([]);
        const { rows } = await store.claimDue(strict(T0 + 5000));
        expect(rows.map((r) => [r.body, r.state, r.attempts])).toEqual([["later", "sending", 1]]);
        expect((await store.claimDue(strict(T0 + 6000))).rows).toEqual([]);
      });

      it("strict: one row per user in flight until Twilio reports it sent", async () => {
        await store.apply({ at: T0, outbox: [message(ALICE, "a1"), message(ALICE, "a2", T0, { seq: 1 }), message(BOB, "b1")] });
        const first = await store.claimDue(strict(T0));
        expect(first.rows.map((r) => r.body).sort()).toEqual(["a1", "b1"]);
        const a1 = first.rows.find((r) => r.body === "a1")!;
        expect((await store.claimDue(strict(T0))).rows).toEqual([]);
        await store.markSent(a1.id, { at: T0 + 10, sid: "SMa1", status: "queued", log: outLog(ALICE, "SMa1", "a1", a1.id) });
        expect((await store.claimDue(strict(T0 + 20))).rows).toEqual([]);
        await store.recordStatus("SMa1", { status: "sent", at: T0 + 30, errorCode: null });
        expect((await store.claimDue(strict(T0 + 40))).rows.map((r) => r.body)).toEqual(["a2"]);
      });

      it("strict: the bounded wait releases the next row without a callback", async () => {
        await store.apply({ at: T0, outbox: [message(ALICE, "a1"), message(ALICE, "a2", T0, { seq: 1 })] });
        const [a1] = (await store.claimDue(strict(T0))).rows;
        await store.markSent(a1!.id, { at: T0, sid: "SMw1", status: "queued", log: outLog(ALICE, "SMw1", "a1", a1!.id) });
        expect((await store.claimDue(strict(T0 + 9_999))).rows).toEqual([]);
        expect((await store.claimDue(strict(T0 + 10_001))).rows.map((r) => r.body)).toEqual(["a2"]);
      });

      it("strict: an earlier row backing off holds later rows of the same user", async () => {
        await store.apply({ at: T0, outbox: [message(ALICE, "a1"), message(ALICE, "a2", T0, { seq: 1 })] });
        const [a1] = (await store.claimDue(strict(T0))).rows;
        await store.markRetry(a1!.id, { at: T0, nextAttemptAt: T0 + 2000, error: "429", errorCode: 20429, from: "sending" });
        expect((await store.claimDue(strict(T0 + 1000))).rows).toEqual([]);
        const again = await store.claimDue(strict(T0 + 2000));
        expect(again.rows.map((r) => [r.body, r.attempts])).toEqual([["a1", 2]]);
      });

      it("relaxed: every due row goes, by due time", async () => {
        await store.apply({ at: T0, outbox: [message(ALICE, "a2", T0 + 1), message(ALICE, "a1"), message(ALICE, "a3", T0 + 2)] });
        const { rows } = await store.claimDue({ now: T0 + 2, ordering: "relaxed", strictWaitMs: 10_000, limit: 10 });
        expect(rows.map((r) => r.body)).toEqual(["a1", "a2", "a3"]);
      });

      it("honours the limit", async () => {
        await store.apply({ at: T0, outbox: [message(ALICE, "a"), message(BOB, "b")] });
        expect((await store.claimDue(strict(T0, 1))).rows).toHaveLength(1);
      });

      it("cancels, never claims, due rows of an opted-out user", async () => {
        await store.apply({ at: T0, outbox: [message(ALICE, "hello")] });
        // Opted out after the row was queued but by a path that did not cancel it (e.g. another process).
        const [row] = await store.listOutbox();
        await store.apply({ at: T0, optOut: { userId: ALICE, optedOut: true, reason: "STOP" } });
        expect((await store.getOutbox(row!.id))!.state).toBe("canceled");
        await store.apply({ at: T0, outbox: [message(ALICE, "queued after stop")] });
        const claimed = await store.claimDue(strict(T0));
        expect(claimed.rows).toEqual([]);
        expect(claimed.canceled.map((r) => [r.body, r.state])).toEqual([["queued after stop", "canceled"]]);
      });
    });

    describe("opt-out and cancellation", () => {
      it("opting out cancels every pending row: replies, delays, reminders", async () => {
        await store.apply({
          at: T0,
          outbox: [
            message(ALICE, "now"),
            message(ALICE, "delayed", T0 + 5000, { cancelable: false }),
            { ...message(ALICE, "", T0 + 60_000), kind: "reminder", name: "nap", cancelable: false },
            message(BOB, "bob"),
          ],
        });
        await store.apply({ at: T0 + 1, optOut: { userId: ALICE, optedOut: true, reason: "STOP" } });
        expect((await store.listOutbox({ userId: ALICE })).map((r) => r.state)).toEqual(["canceled", "canceled", "canceled"]);
        expect((await store.listOutbox({ userId: BOB }))[0]!.state).toBe("pending");
        expect(await store.getUser(ALICE)).toMatchObject({ optedOut: true, optedOutAt: T0 + 1, optOutReason: "STOP" });
        await store.apply({ at: T0 + 2, optOut: { userId: ALICE, optedOut: false, reason: "START" } });
        expect(await store.getUser(ALICE)).toMatchObject({ optedOut: false, optOutReason: "START" });
      });

      it("a newer inbound cancels only cancelable delayed parts, not reminders or nocancel parts", async () => {
        await store.apply({
          at: T0,
          outbox: [
            message(ALICE, "immediate"),
            message(ALICE, "delayed", T0 + 5000, { seq: 1 }),
            message(ALICE, "nocancel", T0 + 6000, { seq: 2, cancelable: false }),
            { ...message(ALICE, "", T0 + 60_000), kind: "reminder", name: "nap" },
          ],
        });
        await store.apply({ at: T0 + 1000, cancelDelayed: { userId: ALICE, after: T0 + 1000 } });
        expect((await store.listOutbox({ userId: ALICE })).map((r) => [r.body || r.name, r.state])).toEqual([
          ["immediate", "pending"],
          ["delayed", "canceled"],
          ["nocancel", "pending"],
          ["nap", "pending"],
        ]);
      });

      it("a reminder replaces the pending one of the same name, and can be canceled", async () => {
        const reminder = (dueAt: number, name: string): NewOutboxRow => ({ ...message(ALICE, "", dueAt), kind: "reminder", name, cancelable: false });
        await store.apply({ at: T0, outbox: [reminder(T0 + 1000, "nap"), reminder(T0 + 1000, "walk")] });
        await store.apply({ at: T0, outbox: [reminder(T0 + 2000, "nap")] });
        const pending = (await store.listOutbox({ state: "pending" })).map((r) => [r.name, r.dueAt]);
        expect(pending).toEqual([
          ["walk", T0 + 1000],
          ["nap", T0 + 2000],
        ]);
        await store.apply({ at: T0, cancelReminders: [{ userId: ALICE, name: "walk" }] });
        expect((await store.listOutbox({ state: "pending" })).map((r) => r.name)).toEqual(["nap"]);
      });
    });

    describe("sending outcomes", () => {
      it("records the sid and the outbound log entry", async () => {
        await store.apply({ at: T0, outbox: [message(ALICE, "hi")] });
        const [row] = (await store.claimDue(strict(T0))).rows;
        await store.markSent(row!.id, { at: T0 + 5, sid: "SMx", status: "queued", log: outLog(ALICE, "SMx", "hi", row!.id, T0 + 5) });
        expect(await store.getOutbox(row!.id)).toMatchObject({ state: "sent", sid: "SMx", status: "queued", sentAt: T0 + 5 });
        const [log] = await store.listMessages({ direction: "out" });
        expect(log).toMatchObject({ sid: "SMx", outboxId: row!.id, segments: 1, encoding: "GSM-7", status: "queued" });
        expect(log!.statusHistory).toEqual([{ status: "queued", at: T0 + 5, errorCode: null }]);
        expect(await store.knownSids(["SMx", "SMy"])).toEqual(new Set(["SMx"]));
      });

      it("never moves a status backwards, but keeps every callback in the history", async () => {
        await store.apply({ at: T0, outbox: [message(ALICE, "hi")] });
        const [row] = (await store.claimDue(strict(T0))).rows;
        await store.markSent(row!.id, { at: T0, sid: "SMs", status: "queued", log: outLog(ALICE, "SMs", "hi", row!.id) });
        expect(await store.recordStatus("SMs", { status: "delivered", at: T0 + 2, errorCode: null })).toMatchObject({
          found: true,
          advanced: true,
          userId: ALICE,
          status: "delivered",
        });
        expect(await store.recordStatus("SMs", { status: "sent", at: T0 + 3, errorCode: null })).toMatchObject({
          found: true,
          advanced: false,
          status: "delivered",
        });
        const [log] = await store.listMessages({ direction: "out" });
        expect(log!.status).toBe("delivered");
        expect(log!.statusHistory.map((e) => e.status)).toEqual(["queued", "delivered", "sent"]);
        expect((await store.getOutbox(row!.id))!.status).toBe("delivered");
        expect(await store.recordStatus("SMnope", { status: "sent", at: T0, errorCode: null })).toMatchObject({ found: false });
      });

      it("applies a callback that arrived before the sid was saved once the sid is saved", async () => {
        await store.apply({ at: T0, outbox: [message(ALICE, "a1"), message(ALICE, "a2", T0, { seq: 1 })] });
        const [row] = (await store.claimDue(strict(T0))).rows;
        expect(await store.recordStatus("SMearly", { status: "sent", at: T0 + 1, errorCode: null })).toMatchObject({ found: false });
        await store.markSent(row!.id, { at: T0 + 2, sid: "SMearly", status: "queued", log: outLog(ALICE, "SMearly", "a1", row!.id) });
        expect((await store.getOutbox(row!.id))!.status).toBe("sent");
        const [log] = await store.listMessages({ direction: "out" });
        expect(log!.statusHistory.map((e) => e.status)).toEqual(["queued", "sent"]);
        // The early `sent` already releases the next message under strict ordering.
        expect((await store.claimDue(strict(T0 + 3))).rows.map((r) => r.body)).toEqual(["a2"]);
      });

      it("keeps the error code of an undelivered message", async () => {
        await store.apply({ at: T0, outbox: [message(ALICE, "hi")] });
        const [row] = (await store.claimDue(strict(T0))).rows;
        await store.markSent(row!.id, { at: T0, sid: "SMu", status: "queued", log: outLog(ALICE, "SMu", "hi", row!.id) });
        await store.recordStatus("SMu", { status: "undelivered", at: T0 + 1, errorCode: 30007 });
        expect(await store.getOutbox(row!.id)).toMatchObject({ status: "undelivered", errorCode: 30007 });
      });

      it("marks failures final, with the code and an optional log entry", async () => {
        await store.apply({ at: T0, outbox: [message(ALICE, "hi")] });
        const [row] = (await store.claimDue(strict(T0))).rows;
        await store.markFailed(row!.id, {
          at: T0,
          error: "not a mobile number",
          errorCode: 21614,
          log: { ...outLog(ALICE, "", "hi", row!.id), sid: null, status: "failed", errorCode: 21614 },
          from: "sending",
        });
        expect(await store.getOutbox(row!.id)).toMatchObject({ state: "failed", errorCode: 21614 });
        expect((await store.claimDue(strict(T0 + 100_000))).rows).toEqual([]);
        expect((await store.listMessages({ direction: "out" }))[0]).toMatchObject({ status: "failed", errorCode: 21614, sid: null });
      });

      it("after a crash, rows left sending become unknown (reminders go back to pending)", async () => {
        await store.apply({ at: T0, outbox: [message(ALICE, "hi"), { ...message(BOB, "", T0), kind: "reminder", name: "nap", cancelable: false }] });
        const claimed = await store.claimDue(strict(T0));
        expect(claimed.rows).toHaveLength(2);
        expect(await store.recoverInterrupted(T0 + 1)).toBe(2);
        expect((await store.listOutbox()).map((r) => [r.userId, r.state]).sort()).toEqual([
          [ALICE, "unknown"],
          [BOB, "pending"],
        ]);
        // The unknown row holds its user's queue in strict mode until reconciled.
        await store.apply({ at: T0, outbox: [message(ALICE, "next")] });
        expect((await store.claimDue(strict(T0 + 2))).rows.map((r) => r.kind)).toEqual(["reminder"]);
      });

      it("hands each due unknown row to one reconciler and pushes its next check", async () => {
        await store.apply({ at: T0, outbox: [message(ALICE, "hi")] });
        const [row] = (await store.claimDue(strict(T0))).rows;
        await store.markUnknown(row!.id, { at: T0, nextAttemptAt: T0 + 1000, error: "timeout" });
        expect(await store.claimUnknown(T0 + 999, T0 + 5000, 10)).toEqual([]);
        expect((await store.claimUnknown(T0 + 1000, T0 + 5000, 10)).map((r) => r.id)).toEqual([row!.id]);
        expect(await store.claimUnknown(T0 + 1000, T0 + 5000, 10)).toEqual([]);
        await store.markRetry(row!.id, {
          at: T0 + 1000,
          nextAttemptAt: T0 + 1000,
          error: "not found at Twilio",
          errorCode: null,
          from: "unknown",
          claim: T0 + 5000,
        });
        expect((await store.claimDue(strict(T0 + 1000))).rows.map((r) => [r.id, r.attempts])).toEqual([[row!.id, 2]]);
      });

      it("moves a row only from the state it is in: a peer's earlier move wins", async () => {
        await store.apply({ at: T0, outbox: [message(ALICE, "hi")] });
        const [row] = (await store.claimDue(strict(T0))).rows;
        await store.markUnknown(row!.id, { at: T0, nextAttemptAt: T0 + 1000, error: "timeout" });
        // The sender's late answers find the row unknown: a retry or failure from `sending` changes nothing.
        expect(await store.markRetry(row!.id, { at: T0, nextAttemptAt: T0, error: "x", errorCode: null, from: "sending" })).toBe(false);
        expect(await store.markFailed(row!.id, { at: T0, error: "x", errorCode: null, log: null, from: "sending" })).toBe(false);
        expect(await store.markUnknown(row!.id, { at: T0, nextAttemptAt: T0, error: "again" })).toBe(false);
        // Two reconcilers: the claim is the pushed check time; the one whose claim was replaced changes nothing.
        expect(await store.claimUnknown(T0 + 1000, T0 + 20_000, 1)).toHaveLength(1);
        expect(await store.claimUnknown(T0 + 20_000, T0 + 40_000, 1)).toHaveLength(1);
        expect(await store.markRetry(row!.id, { at: T0, nextAttemptAt: T0, error: "x", errorCode: null, from: "unknown", claim: T0 + 20_000 })).toBe(false);
        // A sid Twilio gave for the row still wins over `unknown`, once.
        expect(await store.markSent(row!.id, { at: T0 + 30, sid: "SMown", status: "queued", log: outLog(ALICE, "SMown", "hi", row!.id) })).toBe(true);
        expect(await store.markSent(row!.id, { at: T0 + 31, sid: "SMother", status: "queued", log: outLog(ALICE, "SMother", "hi", row!.id) })).toBe(false);
        expect(await store.markRetry(row!.id, { at: T0, nextAttemptAt: T0, error: "x", errorCode: null, from: "unknown", claim: T0 + 40_000 })).toBe(false);
        expect(await store.getOutbox(row!.id)).toMatchObject({ state: "sent", sid: "SMown" });
        expect(await store.listMessages({ direction: "out" })).toHaveLength(1);
      });

      it("does not count a row's own sid as another message's", async () => {
        await store.apply({ at: T0, outbox: [message(ALICE, "a"), message(BOB, "b")] });
        const [a, b] = (await store.claimDue({ ...strict(T0), ordering: "relaxed" })).rows;
        await store.markSent(a!.id, { at: T0, sid: "SMa", status: "queued", log: outLog(ALICE, "SMa", "a", a!.id) });
        expect(await store.knownSids(["SMa", "SMz"])).toEqual(new Set(["SMa"]));
        expect(await store.knownSids(["SMa"], a!.id)).toEqual(new Set());
        expect(await store.knownSids(["SMa"], b!.id)).toEqual(new Set(["SMa"]));
      });

      it("cancels a claimed row right before its send when the user opted out meanwhile", async () => {
        await store.apply({ at: T0, outbox: [message(ALICE, "a"), message(BOB, "b")] });
        const rows = (await store.claimDue({ ...strict(T0), ordering: "relaxed" })).rows;
        await store.apply({ at: T0 + 1, optOut: { userId: ALICE, optedOut: true, reason: "STOP" } });
        const [a, b] = [rows.find((r) => r.userId === ALICE)!, rows.find((r) => r.userId === BOB)!];
        expect(await store.cancelIfOptedOut(a.id, T0 + 2)).toBe(true);
        expect(await store.cancelIfOptedOut(b.id, T0 + 2)).toBe(false);
        expect(await store.getOutbox(a.id)).toMatchObject({ state: "canceled", error: "opted out" });
        expect((await store.getOutbox(b.id))!.state).toBe("sending");
      });

      it("completes a reminder and writes its messages in one step", async () => {
        await store.apply({ at: T0, outbox: [{ ...message(ALICE, "", T0), kind: "reminder", name: "nap", cancelable: false }] });
        const [row] = (await store.claimDue(strict(T0))).rows;
        expect(
          await store.completeReminder(row!.id, { at: T0, session: { userId: ALICE, session: session(ALICE, "after") }, outbox: [message(ALICE, "wake up")] }),
        ).toBe(true);
        expect((await store.getOutbox(row!.id))!.state).toBe("sent");
        // A second firing (a peer took the row back meanwhile) writes nothing.
        expect(await store.completeReminder(row!.id, { at: T0, outbox: [message(ALICE, "twice")] })).toBe(false);
        expect((await store.getUser(ALICE))!.session!.topic).toBe("after");
        expect((await store.claimDue(strict(T0))).rows.map((r) => r.body)).toEqual(["wake up"]);
      });
    });
  });
}
