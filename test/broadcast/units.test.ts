/** @module Unit tables: --where parsing and matching, times, sender detection and policy, pacing windows, and the store's unique key, leases and cancel. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { detectSender, matches, paceWindow, parseTime, parseWhere, policyVerdict, unknownVariables, WhereError } from "../../runtime/broadcast/index.ts";
import type { NewBroadcast } from "../../runtime/broadcast/index.ts";
import { newSession } from "../../engine/index.ts";
import { openDatabase, storeOn } from "../../runtime/store/index.ts";
import type { UserRecord } from "../../runtime/store/index.ts";
import { broadcastStoreOn } from "../../runtime/store/sqlite/broadcasts.ts";

function user(vars: Record<string, string>, meta: Record<string, string> = {}): UserRecord {
  const session = newSession("+15550001111", 0);
  Object.assign(session.vars, vars);
  Object.assign(session.meta, meta);
  return { id: "+15550001111", session, optedOut: false, optedOutAt: null, optOutReason: null, firstSeenAt: 0, lastSeenAt: 0 };
}

describe("--where", () => {
  const u = user({ score: "4", plan: "Gold Plus" }, { _fromCountry: "US", _lastMsgReceived: String(Date.parse("2024-06-01")) });
  it.each([
    ["_fromCountry = US", true],
    ["_fromCountry = us", true],
    ["_fromCountry != US", false],
    ["score > 3", true],
    ["score < 3", false],
    ["score = 4.0", true],
    ["plan contains gold", true],
    ["plan exists", true],
    ["missing exists", false],
    ["_platformId = +15550001111", true],
    ["_lastMsgReceived > 2024-05-01", true],
    ["_lastMsgReceived < 2024-05-01", false],
    ['plan = "Gold Plus"', true],
  ])("%s → %s", (expression, expected) => {
    expect(matches(u, parseWhere(expression))).toBe(expected);
  });
  it.each([["score >"], ["score ~ 3"], ["= 3"], ["score > abc"], ["_lastMsgReceived > yesterday-ish"]])("rejects %s with the accepted forms", (expression) => {
    expect(() => parseWhere(expression)).toThrow(WhereError);
  });
  it("reports names never set and not namespace variables", () => {
    const conditions = ["scroe > 3", "_fromCountry = US", "_reminder_nap exists", "plan exists"].map(parseWhere);
    expect(unknownVariables(conditions, new Set(["plan"]))).toEqual(["scroe"]);
  });
});

describe("times", () => {
  const now = Date.parse("2024-06-01T12:00:00Z");
  it.each([
    ["2024-05-01", Date.parse("2024-05-01")],
    ["2024-05-01T10:00:00Z", Date.parse("2024-05-01T10:00:00Z")],
    ["-2h", now - 7_200_000],
    ["+30m", now + 1_800_000],
    ["now", now],
    ["1714521600000", 1714521600000],
  ])("%s", (text, expected) => expect(parseTime(text, now, "--since")).toBe(expected));
  it.each(["2024-02-30", "2024-13-01", "13/45/2024", "tomorrow-ish", "2024-05-01T25:00", ""])("rejects %s", (text) => {
    expect(() => parseTime(text, now, "--since")).toThrow(/--since ".*" is not a time: use an ISO date/);
  });
});

describe("sender", () => {
  it.each([
    [{ from: "+15005550006" }, "long-code"],
    [{ from: "+18005550100" }, "toll-free"],
    [{ from: "+18885550100" }, "toll-free"],
    [{ from: "12345" }, "short-code"],
    [{ from: "123456" }, "short-code"],
    [{ from: "+447700900123" }, "long-code"],
    [{ from: "+15005550006", messagingServiceSid: "MG" + "0".repeat(32) }, "messaging-service"],
    [{}, "long-code"],
  ])("%j → %s", (given, type) => {
    expect(detectSender({ configured: null, from: null, messagingServiceSid: null, ...given }).type).toBe(type);
  });
  it("config wins over the number", () => {
    expect(detectSender({ configured: "short-code", from: "+15005550006", messagingServiceSid: null })).toEqual({
      type: "short-code",
      source: "sender.type in bot.config.yaml",
    });
  });
  it("refuses long-code broadcasts from 100 recipients and queues past validity", () => {
    expect(policyVerdict({ sender: "long-code", recipients: 99, queueWaitSeconds: 0 }).ok).toBe(true);
    expect(policyVerdict({ sender: "long-code", recipients: 100, queueWaitSeconds: 0 }).ok).toBe(false);
    expect(policyVerdict({ sender: "short-code", recipients: 100_000, queueWaitSeconds: 0 }).ok).toBe(true);
    expect(policyVerdict({ sender: "toll-free", recipients: 50, queueWaitSeconds: 40_000 }).ok).toBe(false);
  });
});

describe("pacing window", () => {
  it("never allows more than the rate per second, and at least one row per window", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 1000, noNaN: true }), (rate) => {
        const { windowMs, cap } = paceWindow(rate);
        expect(cap).toBeGreaterThanOrEqual(1);
        expect(cap / (windowMs / 1000)).toBeLessThanOrEqual(Math.max(rate, 1000 / windowMs) + 1e-9);
      }),
    );
  });
});

describe("SQLite broadcast store", () => {
  const input: NewBroadcast = {
    body: "x",
    filters: [],
    fingerprint: "f",
    senderType: "short-code",
    rate: 10,
    startAt: 0,
    optedOut: 0,
    skipped: 0,
    segments: 2,
    costEstimate: 0,
    origin: "cli",
  };
  const part = { body: "hello", media: [], delayMs: 0, cancelable: true };
  async function setup() {
    const db = openDatabase(":memory:");
    const store = storeOn(db);
    const broadcasts = broadcastStoreOn(db);
    for (const id of ["+1", "+2"]) await store.apply({ at: 0, session: { userId: id, session: newSession(id, 0) } });
    return { store, broadcasts };
  }
  const lease = (token: string) => ({ token, pid: 1, host: "h" });

  it("keeps one row per (broadcast, user) and refuses a duplicate unfinished broadcast without writing", async () => {
    const { broadcasts } = await setup();
    await expect(
      broadcasts.create(
        input,
        [
          { userId: "+1", parts: [part], patch: null, segments: 1 },
          { userId: "+1", parts: [part], patch: null, segments: 1 },
        ],
        0,
        null,
      ),
    ).rejects.toThrow(/UNIQUE/);
    expect(await broadcasts.list()).toEqual([]);
    const created = await broadcasts.create(input, [{ userId: "+1", parts: [part], patch: null, segments: 1 }], 0, lease("a"));
    expect(created.type).toBe("created");
    expect((await broadcasts.create(input, [], 0, null)).type).toBe("duplicate");
    expect(await broadcasts.list()).toHaveLength(1);
  });

  it("releases under the lease only, applies the topic patch, skips users who opted out, and cancels what is pending", async () => {
    const { store, broadcasts } = await setup();
    const { broadcast } = await broadcasts.create(
      input,
      [
        { userId: "+1", parts: [part], patch: { topic: "promo" }, segments: 1 },
        { userId: "+2", parts: [part], patch: null, segments: 1 },
      ],
      0,
      lease("a"),
    );
    expect(await broadcasts.acquire(broadcast.id, lease("b"), 10, 30_000, () => false)).toMatchObject({ type: "busy" });
    expect(await broadcasts.release(broadcast.id, "b", { now: 10, budget: 5, intervalMs: 100 })).toEqual({ recipients: 0, rows: 0, optedOut: 0 });
    await store.apply({ at: 5, optOut: { userId: "+2", optedOut: true, reason: "STOP" } });
    expect(await broadcasts.release(broadcast.id, "a", { now: 10, budget: 5, intervalMs: 100 })).toEqual({ recipients: 1, rows: 1, optedOut: 1 });
    expect((await store.getUser("+1"))!.session!.topic).toBe("promo");
    expect(await broadcasts.inFlight(broadcast.id, 0)).toBe(1);
    expect(await broadcasts.cancel(broadcast.id, 20)).toBe(true);
    expect((await store.listOutbox()).map((r) => [r.kind, r.state])).toEqual([["broadcast", "canceled"]]);
    expect(await broadcasts.progress(broadcast.id)).toMatchObject({ state: "canceled", optedOut: 1, canceled: 1, accepted: 0 });
    expect(await broadcasts.cancel(broadcast.id, 30)).toBe(false);
  });

  it("lets a dead runner's lease be taken over at once", async () => {
    const { broadcasts } = await setup();
    const { broadcast } = await broadcasts.create(input, [{ userId: "+1", parts: [part], patch: null, segments: 1 }], 0, lease("a"));
    expect(await broadcasts.acquire(broadcast.id, lease("b"), 10, 30_000, () => true)).toMatchObject({ type: "acquired", tookOver: true });
    expect(await broadcasts.heartbeat(broadcast.id, "a", 11)).toBe(false);
  });
});
