/**
 * @module The HandoffStore contract (docs/handoff.md): opening idempotently, standing aside in a step's
 * transaction, operator replies through the outbox, STOP, closing with a return topic, the idle sweep and
 * reminders dropped meanwhile. Run unchanged on SQLite and on PostgreSQL (test/runtime/handoff-store.test.ts).
 */
import { describe, expect, it } from "vitest";
import type { HandoffStore, NewLogEntry, Store } from "../../runtime/store/index.ts";
import { session } from "./store-contract.ts";

const T0 = 1_700_000_000_000;
const MIN = 60_000;
const ANN = "+15550001001";
const BOB = "+15550001002";
const NOBODY = "+15550009999";

export interface HandoffHarness {
  store: Store;
  /** A second store on the same database (another process on PostgreSQL; the same file on SQLite). */
  peer?: Store;
}

function log(userId: string, body: string, direction: "in" | "out", at: number, outboxId: number | null = null): NewLogEntry {
  return {
    direction,
    sid: `SM${direction}${at}${body.length}${userId.slice(-4)}`,
    userId,
    body,
    media: [],
    status: direction === "in" ? "received" : "sent",
    errorCode: null,
    segments: 1,
    encoding: "GSM-7",
    priceEstimate: null,
    outboxId,
    createdAt: at,
  };
}

export function runHandoffStoreContract(name: string, open: () => Promise<HandoffHarness>, close: (h: HandoffHarness) => Promise<void>): void {
  describe(`HandoffStore contract: ${name}`, () => {
    const withStore = (fn: (store: Store, handoffs: HandoffStore, h: HandoffHarness) => Promise<void>) => async () => {
      const h = await open();
      try {
        await h.store.apply({ at: T0, session: { userId: ANN, session: session(ANN) } });
        await h.store.apply({ at: T0, session: { userId: BOB, session: session(BOB) } });
        await fn(h.store, h.store.handoffs!, h);
      } finally {
        await close(h);
      }
    };

    it(
      "opens once per user, parks the session in topic human and cancels the bot's delayed parts",
      withStore(async (store, handoffs) => {
        await store.apply({
          at: T0,
          outbox: [
            { userId: ANN, kind: "reply", body: "later part", media: [], dueAt: T0 + 5 * MIN, seq: 1, cancelable: true },
            { userId: ANN, kind: "reply", body: "kept part", media: [], dueAt: T0 + 5 * MIN, seq: 2, cancelable: false },
          ],
        });
        expect(await handoffs.open({ userId: NOBODY, at: T0, reason: null, openedBy: "operator", assignee: "Kim", returnTopic: null })).toEqual({
          type: "unknown-user",
        });
        const first = await handoffs.open({ userId: ANN, at: T0 + 1, reason: "billing", openedBy: "bot", assignee: null, returnTopic: null });
        expect(first.type).toBe("opened");
        const again = await handoffs.open({ userId: ANN, at: T0 + 2, reason: "other", openedBy: "operator", assignee: "Kim", returnTopic: null });
        expect(again.type).toBe("already-open");
        if (first.type === "unknown-user" || again.type === "unknown-user") throw new Error("unreachable");
        expect(again.handoff.id).toBe(first.handoff.id);
        expect(first.handoff).toMatchObject({ userId: ANN, state: "waiting", reason: "billing", openedBy: "bot", openedAt: T0 + 1, assignee: null });
        const user = await store.getUser(ANN);
        expect(user?.session).toMatchObject({ topic: "human", handoff: true, vars: { name: "Ann" } });
        const rows = await store.listOutbox({ userId: ANN });
        expect(rows.map((r) => [r.body, r.state])).toEqual([
          ["later part", "canceled"],
          ["kept part", "pending"],
        ]);
        expect((await handoffs.current(BOB)) === null).toBe(true);
      }),
    );

    it(
      "counts the user's messages written with a step and lists open handoffs oldest first",
      withStore(async (store, handoffs) => {
        await store.apply({ at: T0, handoff: [{ type: "open", userId: BOB, reason: null, openedBy: "keyword", returnTopic: null }] });
        await store.apply({ at: T0 + MIN, handoff: [{ type: "open", userId: ANN, reason: "refund", openedBy: "bot", returnTopic: "billing" }] });
        await store.apply({ at: T0 + 2 * MIN, handoff: [{ type: "user-message", userId: ANN }], log: [log(ANN, "hello?", "in", T0 + 2 * MIN)] });
        await store.apply({ at: T0 + 3 * MIN, handoff: [{ type: "user-message", userId: ANN }], log: [log(ANN, "anyone?", "in", T0 + 3 * MIN)] });
        const list = await handoffs.list();
        expect(list.map((h) => h.userId)).toEqual([BOB, ANN]);
        expect(list[1]).toMatchObject({ userMessages: 2, lastUserAt: T0 + 3 * MIN, returnTopic: "billing", state: "waiting" });
        expect((await handoffs.list({ state: "active" })).length).toBe(0);
        expect((await handoffs.changedSince(T0 + MIN)).map((h) => h.userId)).toEqual([ANN]);
        const messages = await handoffs.messages(ANN);
        expect(messages.map((m) => [m.origin, m.body])).toEqual([
          ["user", "hello?"],
          ["user", "anyone?"],
        ]);
      }),
    );

    it(
      "queues an operator's reply as a non-cancelable reply linked to the operator, in order, and refuses a closed handoff",
      withStore(async (store, handoffs) => {
        expect(await handoffs.reply({ userId: NOBODY, at: T0, body: "hi", media: [], agent: "Kim" })).toEqual({ type: "unknown-user" });
        expect((await handoffs.reply({ userId: ANN, at: T0, body: "hi", media: [], agent: "Kim" })).type).toBe("not-open");
        await handoffs.open({ userId: ANN, at: T0, reason: null, openedBy: "bot", assignee: null, returnTopic: null });
        const a = await handoffs.reply({ userId: ANN, at: T0 + 1000, body: "Hi, Kim here", media: ["media/map.png"], agent: "Kim" });
        const b = await handoffs.reply({ userId: ANN, at: T0 + 1000, body: "Lee here too", media: [], agent: "Lee" });
        if (a.type !== "queued" || b.type !== "queued") throw new Error(`not queued: ${a.type} ${b.type}`);
        expect(b.outboxId).toBeGreaterThan(a.outboxId);
        expect(b.handoff).toMatchObject({ state: "active", assignee: "Kim", agentMessages: 2, lastAgentAt: T0 + 1000 });
        const row = await store.getOutbox(a.outboxId);
        expect(row).toMatchObject({
          userId: ANN,
          kind: "reply",
          body: "Hi, Kim here",
          media: ["media/map.png"],
          cancelable: false,
          state: "pending",
          dueAt: T0 + 1000,
        });
        await store.apply({ at: T0 + 2000, log: [log(ANN, "Hi, Kim here", "out", T0 + 2000, a.outboxId), log(ANN, "bot text", "out", T0 + 2001)] });
        expect((await handoffs.messages(ANN)).map((m) => [m.origin, m.agent, m.body])).toEqual([
          ["agent", "Kim", "Hi, Kim here"],
          ["bot", null, "bot text"],
        ]);
        // The user's next message does not cancel the operator's rows.
        await store.apply({ at: T0 + 1500, cancelDelayed: { userId: ANN, after: T0 + 1500 }, handoff: [{ type: "user-message", userId: ANN }] });
        expect((await store.getOutbox(b.outboxId))?.state).toBe("pending");
      }),
    );

    it(
      "STOP closes the handoff and returns the session to its topic; a later reply is refused and nothing is queued",
      withStore(async (store, handoffs) => {
        await handoffs.open({ userId: ANN, at: T0, reason: null, openedBy: "bot", assignee: null, returnTopic: null });
        await handoffs.reply({ userId: ANN, at: T0 + 1, body: "hello", media: [], agent: "Kim" });
        await store.apply({
          at: T0 + 2,
          optOut: { userId: ANN, optedOut: true, reason: "STOP" },
          handoff: [{ type: "close", userId: ANN, by: "stop", returnTopic: "default" }],
        });
        const latest = await handoffs.latest(ANN);
        expect(latest).toMatchObject({ state: "closed", closedBy: "stop", closedAt: T0 + 2 });
        expect((await store.getUser(ANN))?.session).toMatchObject({ topic: "default", handoff: false });
        const before = (await store.listOutbox({ userId: ANN })).length;
        expect(await handoffs.reply({ userId: ANN, at: T0 + 3, body: "still there?", media: [], agent: "Kim" })).toMatchObject({ type: "not-open" });
        expect((await store.listOutbox({ userId: ANN })).length).toBe(before);
        // Opted out with a handoff still open (Twilio's 21610, say): refused as opted out.
        await handoffs.open({ userId: BOB, at: T0, reason: null, openedBy: "bot", assignee: null, returnTopic: null });
        await store.apply({ at: T0 + 4, optOut: { userId: BOB, optedOut: true, reason: "twilio 21610" } });
        expect((await handoffs.reply({ userId: BOB, at: T0 + 5, body: "hi", media: [], agent: "Kim" })).type).toBe("opted-out");
        expect((await store.listOutbox({ userId: BOB })).length).toBe(0);
      }),
    );

    it(
      "closes with a return topic and a closing message, once",
      withStore(async (store, handoffs) => {
        expect((await handoffs.close({ userId: ANN, at: T0, by: "operator", returnTopic: "default" })).type).toBe("not-open");
        await handoffs.open({ userId: ANN, at: T0, reason: null, openedBy: "operator", assignee: "Kim", returnTopic: null });
        expect((await handoffs.current(ANN))?.state).toBe("active");
        const closed = await handoffs.close({
          userId: ANN,
          at: T0 + MIN,
          by: "operator",
          returnTopic: "booking",
          message: { body: "Back to the bot!", agent: "Kim" },
        });
        if (closed.type !== "closed") throw new Error(closed.type);
        expect(closed.handoff).toMatchObject({ state: "closed", closedBy: "operator", returnTopic: "booking", closedAt: T0 + MIN });
        expect(await store.getOutbox(closed.outboxId!)).toMatchObject({ body: "Back to the bot!", cancelable: false });
        expect((await store.getUser(ANN))?.session).toMatchObject({ topic: "booking", handoff: false });
        expect((await handoffs.close({ userId: ANN, at: T0 + MIN, by: "operator", returnTopic: "default" })).type).toBe("not-open");
        expect(await handoffs.current(ANN)).toBeNull();
        // A new one may open after the close.
        expect((await handoffs.open({ userId: ANN, at: T0 + 2 * MIN, reason: null, openedBy: "bot", assignee: null, returnTopic: null })).type).toBe("opened");
        expect((await handoffs.list({ state: "closed" })).length).toBe(1);
      }),
    );

    it(
      "closes idle handoffs once, texting the unavailable text only where no agent answered",
      withStore(async (store, handoffs, h) => {
        await handoffs.open({ userId: ANN, at: T0, reason: null, openedBy: "bot", assignee: null, returnTopic: null });
        await handoffs.open({ userId: BOB, at: T0, reason: null, openedBy: "bot", assignee: null, returnTopic: null });
        await handoffs.reply({ userId: BOB, at: T0 + 10 * MIN, body: "looking", media: [], agent: "Kim" });
        const options = { idleMs: 30 * MIN, unavailableText: "Nobody is available", returnTopic: "default", limit: 50 };
        expect(await handoffs.closeIdle({ ...options, now: T0 + 30 * MIN - 1 })).toEqual([]);
        const sweeps = await Promise.all([
          handoffs.closeIdle({ ...options, now: T0 + 30 * MIN }),
          (h.peer ?? store).handoffs!.closeIdle({ ...options, now: T0 + 30 * MIN }),
        ]);
        const closed = sweeps.flat();
        expect(closed.map((c) => c.handoff.userId)).toEqual([ANN]);
        expect(closed[0]!.handoff.closedBy).toBe("idle");
        expect((await store.getOutbox(closed[0]!.outboxId!))?.body).toBe("Nobody is available");
        const later = await handoffs.closeIdle({ ...options, now: T0 + 40 * MIN });
        expect(later.map((c) => [c.handoff.userId, c.outboxId])).toEqual([[BOB, null]]);
        expect((await store.getUser(ANN))?.session).toMatchObject({ topic: "default", handoff: false });
      }),
    );

    it(
      "drops a reminder that came due during a handoff and forgets it in the session",
      withStore(async (store, handoffs) => {
        const s = { ...session(ANN), reminders: { checkin: { name: "checkin", dueAt: T0 + MIN, text: [] } } };
        await store.apply({
          at: T0,
          session: { userId: ANN, session: s },
          outbox: [{ userId: ANN, kind: "reminder", name: "checkin", body: "", media: [], dueAt: T0 + MIN, seq: 0, cancelable: false }],
        });
        await handoffs.open({ userId: ANN, at: T0, reason: null, openedBy: "bot", assignee: null, returnTopic: null });
        const { rows } = await store.claimDue({ now: T0 + MIN, ordering: "relaxed", strictWaitMs: 0, limit: 10 });
        expect(rows.map((r) => r.kind)).toEqual(["reminder"]);
        expect(await handoffs.dropReminder(rows[0]!.id, ANN, "checkin", T0 + MIN)).toBe(true);
        expect(await handoffs.dropReminder(rows[0]!.id, ANN, "checkin", T0 + MIN)).toBe(false);
        expect((await store.getOutbox(rows[0]!.id))?.state).toBe("canceled");
        expect((await store.getUser(ANN))?.session?.reminders).toEqual({});
      }),
    );

    it(
      "two operators replying at once from two processes: both queued, one after the other",
      withStore(async (_store, handoffs, h) => {
        await handoffs.open({ userId: ANN, at: T0, reason: null, openedBy: "bot", assignee: null, returnTopic: null });
        const other = (h.peer ?? h.store).handoffs!;
        const results = await Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            (i % 2 ? other : handoffs).reply({ userId: ANN, at: T0 + 1, body: `m${i}`, media: [], agent: i % 2 ? "Lee" : "Kim" }),
          ),
        );
        expect(results.every((r) => r.type === "queued")).toBe(true);
        expect((await handoffs.current(ANN))?.agentMessages).toBe(6);
        const ids = results.map((r) => (r.type === "queued" ? r.outboxId : 0));
        expect(new Set(ids).size).toBe(6);
      }),
    );
  });
}
