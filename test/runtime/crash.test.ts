/** @module Crash safety: a runtime killed (SIGKILL) between writing a row and sending it, or between sending and saving the sid, sends exactly once after restart. */
import { spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { startEmulator } from "../../sandbox/emulator/index.ts";
import type { Emulator } from "../../sandbox/emulator/index.ts";
import { ALICE, BOT_NUMBER, events, manualClock, startHarness } from "./harness.ts";
import type { Harness, ManualClock } from "./harness.ts";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
let emulator: Emulator;
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  await emulator?.close();
});

async function killedChild(dbFile: string, when: "before-send" | "after-send"): Promise<NodeJS.Signals | null> {
  const child = spawn(process.execPath, [path.join(repo, "bin/run-ts.js"), path.join(repo, "test/runtime/fixtures/crash-child.ts")], {
    env: {
      ...process.env,
      CRASH_CHILD: JSON.stringify({ dbFile, baseUrl: emulator.url, accountSid: emulator.accountSid, authToken: emulator.authToken, from: BOT_NUMBER, when }),
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const [, signal] = (await once(child, "exit")) as [number | null, NodeJS.Signals | null];
  return signal;
}

/** A runtime accepts "hello" (the reply is a pending row) and shuts down before dispatching. */
async function queuedThenStopped(clock: ManualClock): Promise<{ root: string; dbFile: string }> {
  const first = await startHarness({ sharedEmulator: emulator, clock });
  await first.text(ALICE, "hello");
  expect((await first.store.listOutbox()).map((r) => r.state)).toEqual(["pending"]);
  await first.close();
  return { root: first.root, dbFile: first.dbFile };
}

async function restartAndDrain(root: string, clock: ManualClock): Promise<Harness> {
  const next = await startHarness({ sharedEmulator: emulator, clock, root });
  // Rows interrupted mid-send are looked up at Twilio only once any other process's REST call on them
  // has surely ended (REST timeout + reconcile delay, 20 s by default): run the dispatcher past that.
  for (let i = 0; i < 8; i++) {
    await next.tick();
    clock.advance(5_000);
  }
  return next;
}

const sentToAlice = () =>
  emulator
    .messagesTo(ALICE)
    .filter((m) => m.direction === "outbound-api")
    .map((m) => m.body);

describe("crash safety", () => {
  it("sends a row written before the crash exactly once after restart", async () => {
    const clock = manualClock();
    emulator = await startEmulator({ seed: 11, now: clock.now, delivery: { latencyMs: 1 } });
    const { root } = await queuedThenStopped(clock);
    h = await restartAndDrain(root, clock);
    expect(sentToAlice()).toEqual(["Hi there!"]);
  });

  it("kill -9 after claiming, before the REST call: resent once after reconciling", async () => {
    const clock = manualClock();
    emulator = await startEmulator({ seed: 12, now: clock.now, delivery: { latencyMs: 1 } });
    const { root, dbFile } = await queuedThenStopped(clock);
    expect(await killedChild(dbFile, "before-send")).toBe("SIGKILL");
    expect(sentToAlice()).toEqual([]);
    h = await restartAndDrain(root, clock);
    expect(sentToAlice()).toEqual(["Hi there!"]);
    expect(events(h, "recover")[0]).toMatchObject({ count: 1 });
    expect(events(h, "reconcile.resend")).toHaveLength(1);
  });

  it("kill -9 after Twilio accepted, before the sid was saved: recorded, never resent", async () => {
    const clock = manualClock();
    emulator = await startEmulator({ seed: 13, now: clock.now, delivery: { latencyMs: 1 } });
    const { root, dbFile } = await queuedThenStopped(clock);
    expect(await killedChild(dbFile, "after-send")).toBe("SIGKILL");
    expect(sentToAlice()).toEqual(["Hi there!"]);
    const raw = new Database(dbFile, { readonly: true });
    expect(raw.prepare("SELECT state, sid FROM outbox").all()).toEqual([{ state: "sending", sid: null }]);
    raw.close();
    h = await restartAndDrain(root, clock);
    expect(sentToAlice()).toEqual(["Hi there!"]);
    const [row] = await h.store.listOutbox();
    expect(row).toMatchObject({ state: "sent", sid: emulator.messagesTo(ALICE).find((m) => m.direction === "outbound-api")!.sid });
    expect(events(h, "reconcile.found")).toHaveLength(1);
  });

  it("an inbound stored by a process that died before running it is answered after the restart, and Twilio's retry is a no-op", async () => {
    const clock = manualClock();
    emulator = await startEmulator({ seed: 14, now: clock.now, delivery: { latencyMs: 1 } });
    h = await startHarness({ sharedEmulator: emulator, clock });
    const inbound = await h.text(ALICE, "hello");
    // What the webhook of the dead process stored before it answered 200 and was killed.
    const sid = "SMdead0000000000000000000000000000";
    expect(await h.store.enqueueInbound({ sid, from: ALICE, body: "hello", media: [], mediaTypes: [], facts: {} }, clock.now())).toBe(true);
    const root = h.root;
    await h.close();
    h = await startHarness({ sharedEmulator: emulator, clock, root });
    await h.server.inbound.drain();
    const { signedRetry } = await import("./signed.ts");
    const answer = await signedRetry(h, { ...inbound.params, MessageSid: sid, SmsMessageSid: sid, SmsSid: sid });
    expect(answer).toBe(200);
    await h.tick();
    await h.tick();
    expect(sentToAlice()).toEqual(["Hi there!", "Hi there!"]);
    expect(await h.store.isInboundDone(sid)).toBe(true);
  });
});
