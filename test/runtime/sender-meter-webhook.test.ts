/** @module End to end through the webhook: a user who texts the bot during a 2,000-recipient broadcast on the same long code gets the answer within 2 s (virtual clock, metering emulator). */
import { afterEach, expect, it } from "vitest";
import { openSenderMeter } from "../../runtime/sending/index.ts";
import type { NewOutboxRow } from "../../runtime/store/index.ts";
import { ALICE, BOT_NUMBER, startHarness } from "./harness.ts";
import type { Harness } from "./harness.ts";

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

it("a reply to a user's text goes out within 2 s while a 2,000-recipient broadcast runs at full rate on the same long code", async () => {
  h = await startHarness({
    emulator: { metering: { segmentsPerSecond: 1 } },
    meter: (store, clock) => openSenderMeter({ store, config: { type: "long-code" }, from: BOT_NUMBER, messagingServiceSid: null, clock }),
  });
  const harness = h;
  const now = harness.clock.now();
  const broadcast: NewOutboxRow[] = Array.from({ length: 2000 }, (_, i) => ({
    userId: `+1555${String(2_000_000 + i).slice(1)}`,
    kind: "broadcast",
    body: "Sale today only",
    media: [],
    dueAt: now,
    seq: 0,
    cancelable: true,
  }));
  await harness.store.apply({ at: now, outbox: broadcast });
  const run = async (ms: number) => {
    for (let t = 0; t < ms; t += 50) {
      harness.clock.advance(50);
      await harness.server.dispatcher.tick();
    }
  };
  await run(10_000);
  expect(harness.emulator.messages().filter((m) => m.direction === "outbound-api").length).toBeGreaterThanOrEqual(9);
  const askedAt = harness.clock.now();
  await harness.text(ALICE, "hello");
  await run(3_000);
  const [reply] = harness.emulator.messagesTo(ALICE).filter((m) => m.direction === "outbound-api");
  expect(reply?.body).toBe("Hi there!");
  expect(reply!.releaseAt! - askedAt).toBeLessThanOrEqual(2_000);
  // The broadcast kept the sender busy before and after: about one message a second.
  const sent = harness.emulator.messages().filter((m) => m.direction === "outbound-api" && m.to !== ALICE);
  expect(sent.length).toBeGreaterThanOrEqual(11);
  expect(sent.length).toBeLessThanOrEqual(14);
});
