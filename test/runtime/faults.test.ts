/** @module Twilio misbehaving (500, 429, hanging, dropped connections, refused connections, final errors): nothing lost, nothing sent twice, a log line each. */
import { afterEach, describe, expect, it } from "vitest";
import type { Fault } from "../../sandbox/emulator/index.ts";
import { createDispatcher } from "../../runtime/outbox/index.ts";
import { createSqliteStore } from "../../runtime/store/index.ts";
import { createTwilioClient } from "../../runtime/twilio/client.ts";
import { createMemoryLogger } from "../../runtime/log/logger.ts";
import { ALICE, BOB, BOT_NUMBER, events, manualClock, startHarness, T0 } from "./harness.ts";
import type { Harness } from "./harness.ts";

let h: Harness;
afterEach(async () => {
  await h?.close();
});

/** Sends "hello" from ALICE with `fault` armed, then drives the dispatcher (advancing past reconcile/backoff) until it settles. */
async function helloThrough(fault: Fault): Promise<void> {
  h = await startHarness({ timeoutMs: 300 });
  h.emulator.injectFault(fault);
  await h.text(ALICE, "hello");
  for (let i = 0; i < 6; i++) {
    await h.tick();
    h.clock.advance(1_000);
  }
}

async function aliceRows() {
  return (await h.store.listOutbox({ userId: ALICE })).map((r) => ({ state: r.state, attempts: r.attempts, sid: r.sid }));
}

describe("send failures", () => {
  const unclear: [string, Fault][] = [
    ["500 before creating", { type: "status", status: 500 }],
    ["500 after creating", { type: "status", status: 500, afterCreate: true }],
    ["a hang before creating", { type: "hang" }],
    ["a hang after creating", { type: "hang", afterCreate: true }],
    ["a dropped connection before creating", { type: "close" }],
    ["a dropped connection after creating", { type: "close", afterCreate: true }],
  ];
  for (const [name, fault] of unclear) {
    it(`delivers exactly once after ${name}, reconciling before any resend`, async () => {
      await helloThrough(fault);
      expect(h.received(ALICE)).toEqual(["Hi there!"]);
      const [row] = await aliceRows();
      expect(row!.state).toBe("sent");
      expect(row!.sid).toBe(h.emulator.messagesTo(ALICE).find((m) => m.direction !== "inbound")!.sid);
      expect(events(h, "send.unknown")).toHaveLength(1);
      const settled = fault.afterCreate ? "reconcile.found" : "reconcile.resend";
      expect(events(h, settled)).toHaveLength(1);
      expect(row!.attempts).toBe(fault.afterCreate ? 1 : 2);
    });
  }

  it("backs off on 429 and sends once the backoff has passed", async () => {
    h = await startHarness();
    h.emulator.injectFault({ type: "status", status: 429, times: 2 });
    await h.text(ALICE, "hello");
    await h.tick();
    expect(h.received(ALICE)).toEqual([]);
    const [retry] = await h.store.listOutbox({ userId: ALICE });
    expect(retry).toMatchObject({ state: "pending", errorCode: 20429, attempts: 1 });
    expect(retry!.nextAttemptAt).toBeGreaterThan(T0);
    await h.tick();
    expect(h.received(ALICE)).toEqual([]);
    for (let i = 0; i < 4; i++) {
      h.clock.advance(2_000);
      await h.tick();
    }
    expect(h.received(ALICE)).toEqual(["Hi there!"]);
    expect(events(h, "send.retry")).toHaveLength(2);
    expect(String(events(h, "send.retry")[0]!["msg"])).toMatch(/did not reach Twilio, retrying in \d+ ms/);
  });

  it("gives up after the attempt limit with an explanation", async () => {
    h = await startHarness({ dispatcher: { maxAttempts: 3 } });
    h.emulator.injectFault({ type: "status", status: 429, times: 10 });
    await h.text(ALICE, "hello");
    for (let i = 0; i < 5; i++) {
      await h.tick();
      h.clock.advance(60_000);
    }
    expect(h.received(ALICE)).toEqual([]);
    expect(await aliceRows()).toEqual([{ state: "failed", attempts: 3, sid: null }]);
    expect(String(events(h, "send.failed")[0]!["msg"])).toMatch(/gave up after 3 attempts.*Do: Retry with exponential backoff/);
  });

  it("keeps a row unknown while Twilio cannot be asked, then settles it", async () => {
    h = await startHarness({ timeoutMs: 300 });
    h.emulator.injectFault({ type: "status", status: 500, afterCreate: true });
    h.emulator.injectFault({ type: "status", status: 503, route: "list", times: 2 });
    await h.text(ALICE, "hello");
    // A lookup that failed is tried again once its claim (send timeout + reconcile delay) has run out.
    const claimMs = h.config.sendTimeoutMs + 1_000;
    for (let i = 0; i < 8; i++) {
      await h.tick();
      h.clock.advance(claimMs);
    }
    expect(h.received(ALICE)).toEqual(["Hi there!"]);
    expect(events(h, "reconcile.error")).toHaveLength(2);
    expect(events(h, "reconcile.found")).toHaveLength(1);
  });

  it("holds a user's next message while an earlier one is unknown (strict ordering)", async () => {
    h = await startHarness({ timeoutMs: 300 });
    h.emulator.injectFault({ type: "close", afterCreate: true });
    await h.text(ALICE, "multi");
    await h.tick();
    await h.tick();
    expect(h.received(ALICE)).toEqual(["one"]);
    expect((await h.store.listOutbox({ userId: ALICE })).map((r) => r.state)).toEqual(["unknown", "pending", "pending"]);
    for (let i = 0; i < 4; i++) {
      h.clock.advance(1_000);
      await h.tick();
    }
    expect(h.received(ALICE)).toEqual(["one", "two", "three"]);
  });

  it("marks a final Twilio error failed with its explanation, without retrying", async () => {
    h = await startHarness();
    h.emulator.configure({ recipientErrors: { [ALICE]: 21614 } });
    await h.text(ALICE, "hello");
    await h.text(BOB, "hello");
    await h.tick();
    h.clock.advance(120_000);
    await h.tick();
    expect(await aliceRows()).toEqual([{ state: "failed", attempts: 1, sid: null }]);
    expect(h.received(BOB)).toEqual(["Hi there!"]);
    const [line] = events(h, "send.failed");
    expect(line).toMatchObject({ code: 21614, level: 50 });
    expect(String(line!["msg"])).toMatch(/21614.*not a mobile number.*Do: /i);
    const [log] = await h.store.listMessages({ userId: ALICE, direction: "out" });
    expect(log).toMatchObject({ status: "failed", errorCode: 21614 });
  });
});

describe("connection refused", () => {
  it("retries what surely never reached Twilio", async () => {
    const store = createSqliteStore(":memory:");
    const clock = manualClock();
    const { logger, lines } = createMemoryLogger();
    // Port 9 (discard) on loopback: nothing listens, the connection is refused.
    const client = createTwilioClient({ accountSid: "AC" + "0".repeat(32), authToken: "t", baseUrl: "http://127.0.0.1:9", timeoutMs: 1000 });
    const dispatcher = createDispatcher({
      store,
      twilio: client,
      clock,
      logger,
      sender: { from: BOT_NUMBER, messagingServiceSid: null },
      publicUrl: null,
      fireReminder: async () => undefined,
      random: () => 0.5,
    });
    await store.apply({ at: T0, outbox: [{ userId: ALICE, kind: "reply", body: "hi", media: [], dueAt: T0, seq: 0, cancelable: true }] });
    const report = await dispatcher.tick();
    expect(report).toMatchObject({ retried: 1, unknown: 0, sent: 0 });
    const [row] = await store.listOutbox();
    expect(row).toMatchObject({ state: "pending", attempts: 1 });
    expect(row!.error).toMatch(/ECONNREFUSED/);
    expect(lines().some((l) => l["event"] === "send.retry")).toBe(true);
    await store.close();
  });
});
