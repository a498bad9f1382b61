/** @module Opt-out on every path: STOP/START/HELP before the engine, and nothing ever sent to an opted-out number (replies, delays, reminders, broadcasts, 21610). */
import { afterEach, describe, expect, it } from "vitest";
import { ALICE, BOB, BOT_NUMBER, events, startHarness, T0 } from "./harness.ts";
import type { Harness } from "./harness.ts";

let h: Harness;
afterEach(async () => {
  await h?.close();
});

/** No REST create was even attempted for ALICE: every row canceled, no 21610 round trip. */
async function nothingAttempted(h: Harness): Promise<void> {
  expect(events(h, "send.failed")).toEqual([]);
  expect((await h.store.listOutbox({ userId: ALICE })).filter((r) => r.state === "failed" || r.state === "sending")).toEqual([]);
}

describe("STOP", () => {
  it("opts the user out before the engine runs and sends nothing back", async () => {
    h = await startHarness();
    await h.text(ALICE, "stop");
    await h.tick();
    expect(h.received(ALICE)).toEqual([]);
    expect(await h.store.getUser(ALICE)).toMatchObject({ optedOut: true, optedOutAt: T0, optOutReason: "STOP" });
    // The engine never saw it: no session was created.
    expect((await h.store.getUser(ALICE))!.session).toBeNull();
    expect(events(h, "optout")).toHaveLength(1);
  });

  it("cancels a pending delayed part", async () => {
    h = await startHarness();
    await h.text(ALICE, "wait nocancel");
    await h.tick();
    await h.text(ALICE, "UNSUBSCRIBE");
    h.clock.advance(10_000);
    await h.tick();
    expect(h.received(ALICE)).toEqual(["now"]);
    await nothingAttempted(h);
  });

  it("cancels a pending reminder", async () => {
    h = await startHarness();
    await h.text(ALICE, "remind me");
    await h.tick();
    await h.text(ALICE, "Quit");
    h.clock.advance(120_000);
    await h.tick();
    await h.tick();
    expect(h.received(ALICE)).toEqual(["ok, in a minute"]);
    expect((await h.store.listOutbox({ userId: ALICE })).map((r) => [r.kind, r.state])).toEqual([
      ["reply", "sent"],
      ["reminder", "canceled"],
    ]);
    expect(events(h, "reminder.fired")).toEqual([]);
  });

  it("does not answer an opted-out user, and answers again after START", async () => {
    h = await startHarness();
    await h.text(ALICE, "STOP");
    await h.text(ALICE, "hello");
    await h.tick();
    expect(h.received(ALICE)).toEqual([]);
    expect(events(h, "inbound").map((l) => l["outcome"])).toEqual(["opted-out", "ignored-opted-out"]);
    await h.text(ALICE, "start");
    await h.tick();
    // START is Twilio's to confirm; the bot does not answer it.
    expect(h.received(ALICE)).toEqual([]);
    expect(await h.store.getUser(ALICE)).toMatchObject({ optedOut: false, optOutReason: "START" });
    await h.text(ALICE, "hello");
    await h.tick();
    expect(h.received(ALICE)).toEqual(["Hi there!"]);
    await nothingAttempted(h);
  });

  it("checks opt-out again at dispatch time, whatever queued the row", async () => {
    h = await startHarness();
    await h.text(ALICE, "STOP");
    // A broadcast queued by another tool straight into the store, not knowing about the opt-out.
    await h.store.apply({ at: T0, outbox: [{ userId: ALICE, kind: "broadcast", body: "Sale!", media: [], dueAt: T0, seq: 0, cancelable: false }] });
    await h.tick();
    expect(h.received(ALICE)).toEqual([]);
    expect((await h.store.listOutbox({ userId: ALICE }))[0]).toMatchObject({ state: "canceled", error: "opted out" });
    expect(events(h, "send.canceled")).toHaveLength(1);
  });
});

describe("START, YES and HELP", () => {
  it("passes YES to the bot when the user is not opted out", async () => {
    h = await startHarness();
    await h.text(ALICE, "yes");
    await h.tick();
    expect(h.received(ALICE)).toEqual(["you said yes"]);
  });

  it("leaves HELP to Twilio by default", async () => {
    h = await startHarness();
    await h.text(ALICE, "help");
    await h.tick();
    expect(h.received(ALICE)).toEqual([]);
    expect(events(h, "inbound").map((l) => l["outcome"])).toEqual(["help"]);
  });

  it("lets the bot answer HELP when configured", async () => {
    h = await startHarness({ config: { help: "bot" } });
    await h.text(ALICE, "HELP");
    await h.tick();
    expect(h.received(ALICE)).toEqual(["bot help text"]);
  });
});

describe("Twilio 21610", () => {
  it("from the REST API marks the user opted out and cancels what is pending", async () => {
    h = await startHarness();
    // Opted out at Twilio (e.g. via another bot on the same Messaging Service) without this runtime knowing.
    h.emulator.setOptOut(ALICE, BOT_NUMBER, true);
    await h.text(ALICE, "multi");
    await h.tick();
    h.clock.advance(60_000);
    await h.tick();
    expect(h.received(ALICE)).toEqual([]);
    expect(await h.store.getUser(ALICE)).toMatchObject({ optedOut: true, optOutReason: "twilio 21610" });
    expect((await h.store.listOutbox({ userId: ALICE })).map((r) => r.state)).toEqual(["failed", "canceled", "canceled"]);
    expect(events(h, "send.failed")).toHaveLength(1);
    expect(events(h, "send.failed")[0]).toMatchObject({ code: 21610 });
  });

  it("from a status callback marks the user opted out", async () => {
    h = await startHarness({ emulator: { delivery: { failures: { [ALICE]: { status: "failed", errorCode: 21610 } } } } });
    await h.text(ALICE, "hello");
    await h.text(BOB, "hello");
    await h.tick();
    expect(await h.store.getUser(ALICE)).toMatchObject({ optedOut: true, optOutReason: "twilio 21610" });
    expect((await h.store.getUser(BOB))!.optedOut).toBe(false);
    expect(events(h, "status.error")[0]).toMatchObject({ code: 21610 });
  });
});
