/** @module End to end through the real emulator: inbound webhook → engine → outbox → Twilio REST → status callbacks. */
import { afterEach, describe, expect, it } from "vitest";
import { ALICE, BOB, events, startHarness, T0 } from "./harness.ts";
import type { Harness } from "./harness.ts";

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe("webhook happy path", () => {
  it("answers an inbound message through the REST API, with empty TwiML on the webhook", async () => {
    h = await startHarness();
    const result = await h.text(ALICE, "hello");
    expect(result.status).toBe(200);
    expect(result.contentType).toMatch(/xml/);
    expect(result.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect(h.received(ALICE)).toEqual([]);
    await h.tick();
    expect(h.received(ALICE)).toEqual(["Hi there!"]);
    const [sent] = h.emulator.messagesTo(ALICE).filter((m) => m.direction !== "inbound");
    expect(sent!.from).toBe("+15005550006");
    expect(sent!.statusCallback).toBe(`${h.server.url}/sms/status`);
    // The status callbacks reached the runtime and were recorded.
    const [log] = await h.store.listMessages({ direction: "out" });
    expect(log).toMatchObject({ sid: sent!.sid, body: "Hi there!", segments: 1, encoding: "GSM-7", status: "delivered" });
    expect(log!.statusHistory.map((e) => e.status)).toEqual(["queued", "sending", "sent", "delivered"]);
    const [inbound] = await h.store.listMessages({ direction: "in" });
    expect(inbound).toMatchObject({ sid: result.message.sid, body: "hello", userId: ALICE });
  });

  it("keeps the session between messages", async () => {
    h = await startHarness();
    await h.text(ALICE, "hello");
    await h.text(ALICE, "something else");
    const user = await h.store.getUser(ALICE);
    expect(user!.session!.history.input.slice(0, 2)).toEqual(["something else", "hello"]);
  });

  it("sends <send> parts in order, one at a time under strict ordering", async () => {
    h = await startHarness();
    await h.text(ALICE, "multi");
    await h.server.dispatcher.tick();
    // The first part is out; the second waits for its status callback.
    expect(h.received(ALICE)).toEqual(["one"]);
    await h.emulator.settle();
    await h.tick();
    await h.tick();
    expect(h.received(ALICE)).toEqual(["one", "two", "three"]);
  });

  it("relaxed ordering sends every due part at once", async () => {
    h = await startHarness({ config: { ordering: "relaxed" }, dispatcher: { ordering: "relaxed" } });
    await h.text(ALICE, "multi");
    await h.server.dispatcher.tick();
    expect(h.received(ALICE).sort()).toEqual(["one", "three", "two"]);
  });

  it("strict ordering gives up waiting for a callback after the bounded wait", async () => {
    h = await startHarness({ emulator: { delivery: { latencyMs: 60_000 } }, dispatcher: { strictWaitMs: 10_000 } });
    await h.text(ALICE, "multi");
    await h.server.dispatcher.tick();
    await h.server.dispatcher.tick();
    expect(h.received(ALICE)).toEqual(["one"]);
    h.clock.advance(10_001);
    await h.server.dispatcher.tick();
    expect(h.received(ALICE)).toEqual(["one", "two"]);
  });

  it("turns delays into due rows sent when the clock reaches them", async () => {
    h = await startHarness();
    await h.text(ALICE, "wait");
    await h.tick();
    expect(h.received(ALICE)).toEqual(["now"]);
    h.clock.advance(4_999);
    await h.tick();
    expect(h.received(ALICE)).toEqual(["now"]);
    h.clock.advance(1);
    await h.tick();
    expect(h.received(ALICE)).toEqual(["now", "later"]);
  });

  it("a new inbound message cancels pending delayed parts, but not nocancel ones", async () => {
    h = await startHarness();
    await h.text(ALICE, "wait");
    await h.text(BOB, "wait nocancel");
    await h.tick();
    await h.text(ALICE, "hello");
    await h.text(BOB, "hello");
    h.clock.advance(6_000);
    await h.tick();
    await h.tick();
    expect(h.received(ALICE)).toEqual(["now", "Hi there!"]);
    expect(h.received(BOB).sort()).toEqual(["Hi there!", "kept", "now"]);
  });

  it("sends bot-folder media as URLs under the public URL, and serves them", async () => {
    h = await startHarness();
    await h.text(ALICE, "pic");
    await h.tick();
    const [sent] = h.emulator.messagesTo(ALICE).filter((m) => m.direction !== "inbound");
    expect(sent!.mediaUrls).toEqual([`${h.server.url}/media/media/cat.png`]);
    const response = await fetch(sent!.mediaUrls[0]!);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
    const [log] = await h.store.listMessages({ direction: "out" });
    expect(log!.priceEstimate).toBe(0.022);
  });

  it("fires a reminder from its due row and sends its text", async () => {
    h = await startHarness();
    await h.text(ALICE, "remind me");
    await h.tick();
    expect(h.received(ALICE)).toEqual(["ok, in a minute"]);
    expect((await h.store.listOutbox({ state: "pending" })).map((r) => [r.kind, r.name, r.dueAt])).toEqual([["reminder", "nap", T0 + 60_000]]);
    h.clock.advance(60_000);
    await h.tick();
    await h.tick();
    expect(h.received(ALICE)).toEqual(["ok, in a minute", "wake up!"]);
    expect(events(h, "reminder.fired")).toHaveLength(1);
  });

  it("accepts media of any content type on inbound messages", async () => {
    h = await startHarness();
    const result = await h.text(ALICE, "look", { mediaUrls: ["https://media.example.test/a.xyz"], mediaContentTypes: ["application/x-never-heard-of"] });
    expect(result.status).toBe(200);
    const [inbound] = await h.store.listMessages({ direction: "in" });
    expect(inbound!.media).toEqual(["https://media.example.test/a.xyz"]);
    await h.tick();
    expect(h.received(ALICE)).toEqual(["You said: look"]);
  });

  it("processes two webhooks from one user in arrival order", async () => {
    h = await startHarness({ config: { ordering: "relaxed" }, dispatcher: { ordering: "relaxed" } });
    const first = h.text(ALICE, "first message");
    const second = h.text(ALICE, "second message");
    await Promise.all([first, second]);
    const user = await h.store.getUser(ALICE);
    expect(user!.session!.history.input.slice(0, 2)).toEqual(["second message", "first message"]);
    await h.tick();
    expect(h.received(ALICE)).toEqual(["You said: first message", "You said: second message"]);
  });

  it("answers /healthz", async () => {
    h = await startHarness();
    const response = await fetch(`${h.server.url}/healthz`);
    expect(await response.json()).toEqual({ status: "ok", mode: "sandbox", store: "sqlite" });
  });
});
