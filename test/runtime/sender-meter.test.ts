/**
 * @module The dispatcher under a sender's meter, against the emulator metering like Twilio, on a virtual clock:
 * a long code never exceeds 1 segment/s, a reply gets through a 2,000-recipient broadcast within 2 s, and a
 * reply that cannot go within its validity is marked expired instead of sent late.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startEmulator } from "../../sandbox/emulator/index.ts";
import type { EmulatedMessage, Emulator, MeteringOptions } from "../../sandbox/emulator/index.ts";
import { createTwilioClient } from "../../runtime/twilio/client.ts";
import { createSqliteStore } from "../../runtime/store/index.ts";
import type { NewOutboxRow, Store } from "../../runtime/store/index.ts";
import { createDispatcher } from "../../runtime/outbox/index.ts";
import type { Dispatcher } from "../../runtime/outbox/index.ts";
import { createMemoryLogger } from "../../runtime/log/logger.ts";
import { createSenderMeter, senderModel } from "../../runtime/sending/index.ts";
import type { SenderConfig } from "../../compiler/lint/types.ts";

const T0 = Date.UTC(2026, 11, 2, 15);
const FROM = "+15005550006";
const user = (i: number) => `+1555${String(1_000_000 + i).slice(1)}`;
const ONE = "Sale today only";
const THREE = `Big news: ${"our spring collection is here and everything is twenty percent off ".repeat(5)}`.slice(0, 400);

interface Rig {
  emulator: Emulator;
  store: Store;
  dispatcher: Dispatcher;
  clock: { now(): number; advance(ms: number): void };
  lines: () => Record<string, unknown>[];
  /** Moves the clock in steps, a dispatcher pass at each, as its poll loop would. */
  run(ms: number, stepMs?: number): Promise<void>;
  queue(rows: NewOutboxRow[]): Promise<void>;
}

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.dispatcher.stop();
  await rig?.emulator.close();
  await rig?.store.close();
  rig = null;
});

async function start(sender: SenderConfig, metering: MeteringOptions): Promise<Rig> {
  let now = T0;
  const clock = { now: () => now, advance: (ms: number) => void (now += ms) };
  const emulator = await startEmulator({ seed: 7, now: clock.now, metering, delivery: { latencyMs: 0 } });
  const store = createSqliteStore(":memory:");
  const { logger, lines } = createMemoryLogger("info");
  const twilio = createTwilioClient({ accountSid: emulator.accountSid, authToken: emulator.authToken, baseUrl: emulator.url });
  const meter = createSenderMeter({ model: senderModel({ config: sender, from: FROM, messagingServiceSid: null }), store: store.senderMeter!, clock });
  const dispatcher = createDispatcher({
    store,
    twilio,
    clock,
    logger,
    sender: { from: FROM, messagingServiceSid: null },
    publicUrl: null,
    meter,
    settings: { ordering: "relaxed" },
    fireReminder: async () => undefined,
  });
  return {
    emulator,
    store,
    dispatcher,
    clock,
    lines,
    async run(ms, stepMs = 50) {
      for (let t = 0; t < ms; t += stepMs) {
        clock.advance(stepMs);
        await dispatcher.tick();
      }
    },
    queue: (rows) => store.apply({ at: clock.now(), outbox: rows }),
  };
}

const message = (userId: string, kind: NewOutboxRow["kind"], body: string, dueAt: number): NewOutboxRow => ({
  userId,
  kind,
  body,
  media: [],
  dueAt,
  seq: 0,
  cancelable: true,
});

/** Each segment of each message at the moment the sender's queue releases it (a c-segment message holds the sender c / rate s). */
function segmentTimes(messages: EmulatedMessage[], rate: number): number[] {
  return messages.flatMap((m) => Array.from({ length: m.numSegments }, (_, k) => m.releaseAt! + (k * 1000) / rate)).sort((a, b) => a - b);
}

/** The most segments in any one-second window [t, t + 1000). */
function busiestSecond(times: number[]): number {
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[j]! <= times[i]! - 1000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe("sending under the sender's meter", () => {
  it("a long code never exceeds 1 segment/s in any one-second window, counting segments (1- and 3-segment bodies, replies among them)", async () => {
    // The emulator queues at most 12 s per sender: a dispatcher that did not meter would meet 21611 at once.
    rig = await start({ type: "long-code" }, { segmentsPerSecond: 1, queueSeconds: 12 });
    const bodies = Array.from({ length: 30 }, (_, i) => (i % 3 === 1 ? THREE : ONE));
    await rig.queue(bodies.map((body, i) => message(user(i), "broadcast", body, T0)));
    await rig.run(10_000);
    await rig.queue([message(user(100), "reply", "Your table is booked for 8 pm.", rig.clock.now()), message(user(101), "reply", THREE, rig.clock.now())]);
    await rig.run(70_000, 100);
    const out = rig.emulator.messages().filter((m) => m.direction !== "inbound");
    expect(out).toHaveLength(32);
    expect(out.filter((m) => m.numSegments === 3)).toHaveLength(11);
    expect(out.every((m) => m.releaseAt !== null && m.errorCode === null)).toBe(true);
    const times = segmentTimes(out, 1);
    expect(times).toHaveLength(30 - 10 + 10 * 3 + 1 + 3);
    expect(busiestSecond(times)).toBe(1);
    // What the dispatcher handed over: broadcast messages only into an (almost) empty queue, replies within the horizon.
    for (const m of out) {
      const wait = m.releaseAt! - m.dateCreated;
      expect(wait).toBeLessThanOrEqual(m.body.startsWith("Your") || m.to === user(101) ? 10_000 : 3_000);
    }
    expect((await rig.store.listOutbox()).every((r) => r.state === "sent")).toBe(true);
  });

  it("a reply sent during a 2,000-recipient broadcast on the same sender goes out within 2 s", async () => {
    rig = await start({ type: "long-code" }, { segmentsPerSecond: 1 });
    await rig.queue(Array.from({ length: 2000 }, (_, i) => message(user(i), "broadcast", ONE, T0)));
    await rig.run(20_000);
    const broadcastBefore = rig.emulator.messages().length;
    // The broadcast runs at the sender's full rate: about one message a second.
    expect(broadcastBefore).toBeGreaterThanOrEqual(19);
    expect(broadcastBefore).toBeLessThanOrEqual(21);
    const askedAt = rig.clock.now();
    await rig.queue([message(user(5000), "reply", "Your appointment is at 3:30 pm.", askedAt)]);
    await rig.run(3_000);
    const reply = rig.emulator.messagesTo(user(5000))[0]!;
    expect(reply.releaseAt! - askedAt).toBeLessThanOrEqual(2_000);
    // The broadcast gave way for one message only and goes on.
    await rig.run(5_000);
    expect(rig.emulator.messages().length).toBeGreaterThanOrEqual(broadcastBefore + 7);
    expect(busiestSecond(segmentTimes(rig.emulator.messages(), 1))).toBe(1);
  });

  it("a reply that cannot go within its validity is marked expired (RUN020) instead of sent late; those sent carry a ValidityPeriod", async () => {
    rig = await start({ type: "long-code", replyValiditySeconds: 5 }, { segmentsPerSecond: 1 });
    await rig.queue(Array.from({ length: 12 }, (_, i) => message(user(i), "reply", `Answer ${i}`, T0)));
    await rig.run(8_000);
    const rows = await rig.store.listOutbox();
    const sent = rows.filter((r) => r.state === "sent");
    const expired = rows.filter((r) => r.state === "expired");
    expect(sent.length + expired.length).toBe(12);
    // One segment a second: the replies Twilio can start within 5 s go; the rest would have arrived late.
    expect(sent.length).toBe(6);
    expect(expired.length).toBe(6);
    const out = rig.emulator.messages();
    expect(out).toHaveLength(6);
    for (const m of out) {
      expect(m.validityPeriod).toBeGreaterThanOrEqual(1);
      expect(m.validityPeriod).toBeLessThanOrEqual(5);
      expect(m.releaseAt! - m.dateCreated).toBeLessThanOrEqual(m.validityPeriod! * 1000);
    }
    expect(out.some((m) => m.errorCode === 30036)).toBe(false);
    const logged = rig.lines().filter((l) => l["code"] === "RUN020");
    expect(logged).toHaveLength(6);
    expect(String(logged[0]!["msg"])).toMatch(/not sent: it waited 5 s, past its validity of 5 s/);
  });

  it("treats Twilio's back-pressure (63017 above the account cap) as slowing down, not as failure", async () => {
    rig = await start({ type: "short-code" }, { segmentsPerSecond: 100, accountMps: 5 });
    await rig.queue(Array.from({ length: 40 }, (_, i) => message(user(i), "broadcast", ONE, T0)));
    await rig.run(30_000, 100);
    const rows = await rig.store.listOutbox();
    expect(rows.filter((r) => r.state === "sent")).toHaveLength(40);
    expect(rows.every((r) => r.attempts <= 1)).toBe(true);
    expect(rig.lines().some((l) => l["event"] === "send.back-pressure" && l["code"] === 63017)).toBe(true);
  });
});
