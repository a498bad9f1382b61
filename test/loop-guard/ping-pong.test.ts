/** @module The loop guard against a real loop: two bots wired through the emulator so each one's replies reach the other as texts; the guard (RUN017) stops the ping-pong. */
import { afterEach, describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.ts";
import { defaultConfig } from "../../runtime/config.ts";
import { startEmulator } from "../../sandbox/emulator/index.ts";
import type { Emulator } from "../../sandbox/emulator/index.ts";
import { createMemoryLogger } from "../../runtime/log/logger.ts";
import { loopGuardSettings } from "../../runtime/loop-guard/index.ts";
import type { LoopGuardSettings } from "../../runtime/loop-guard/index.ts";
import { startServer } from "../../runtime/server/index.ts";
import type { RunningServer } from "../../runtime/server/index.ts";
import { createSqliteStore } from "../../runtime/store/index.ts";
import type { Store } from "../../runtime/store/index.ts";
import { createTwilioClient } from "../../runtime/twilio/index.ts";
import { waitFor } from "../broadcast/helpers.ts";

const PING = "+15550007001";
const PONG = "+15550007002";

interface Pair {
  emulator: Emulator;
  bots: Record<string, { server: RunningServer; store: Store; lines: () => unknown[] }>;
  close(): Promise<void>;
}

let pair: Pair | null = null;
afterEach(async () => {
  await pair?.close();
  pair = null;
});

/** Bot PING answers everything with "ping", bot PONG with "pong"; each bot's outbound text is delivered to the other as an inbound one. */
async function startPair(loopGuard: LoopGuardSettings | null): Promise<Pair> {
  const emulator = await startEmulator({ seed: 5, delivery: { latencyMs: 1 } });
  const bots: Pair["bots"] = {};
  for (const [number, word] of [
    [PING, "ping"],
    [PONG, "pong"],
  ] as const) {
    const { ir } = compile([{ path: "main.bot", text: `+ *\n- ${word}\n` }]);
    const store = createSqliteStore(":memory:");
    const { logger, lines } = createMemoryLogger("info");
    const config = defaultConfig({
      mode: "sandbox",
      port: 0,
      host: "127.0.0.1",
      ordering: "relaxed",
      loopGuard,
      twilio: { accountSid: emulator.accountSid, authToken: emulator.authToken, from: number, messagingServiceSid: null, baseUrl: emulator.url },
    });
    const twilio = createTwilioClient({ accountSid: emulator.accountSid, authToken: emulator.authToken, baseUrl: emulator.url, timeoutMs: 2000 });
    const server = await startServer({ ir, root: process.cwd(), store, twilio, config, logger });
    bots[number] = { server, store, lines };
  }
  // The wire between the two numbers: what one bot sends through the REST API arrives at the other as a text.
  const unsubscribe = emulator.onMessage((m) => {
    const target = bots[m.to];
    if (m.direction !== "outbound-api" || !target || m.from === null) return;
    void emulator.sendInbound({ from: m.from, to: m.to, body: m.body, url: `${target.server.url}/sms` });
  });
  return {
    emulator,
    bots,
    async close() {
      unsubscribe();
      for (const bot of Object.values(bots)) await bot.server.close();
      for (const bot of Object.values(bots)) await bot.store.close();
      await emulator.close();
    },
  };
}

const sent = (emulator: Emulator, from: string) => emulator.messages().filter((m) => m.direction === "outbound-api" && m.from === from);
const quiet = async (emulator: Emulator, ms: number) => {
  // The loop is over once no message was created for a while.
  let count = emulator.messages().length;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, ms));
    if (emulator.messages().length === count) return;
    count = emulator.messages().length;
  }
};

describe("loop guard: two bots texting each other", () => {
  it("stops after N identical bodies (20 in 5 minutes), logs RUN017 and records the hold", async () => {
    pair = await startPair({ ...loopGuardSettings(undefined)!, perMinute: 1000 });
    await pair.emulator.sendInbound({ from: PONG, to: PING, body: "hello", url: `${pair.bots[PING]!.server.url}/sms` });
    await waitFor(() => sent(pair!.emulator, PING).length >= 20, 30_000, "20 pings");
    await quiet(pair.emulator, 500);
    // PING answered the first text and 19 pongs, then its 21st "ping" was refused; PONG answered all 20 pings.
    expect(sent(pair.emulator, PING).map((m) => m.body)).toEqual(Array(20).fill("ping"));
    expect(sent(pair.emulator, PONG)).toHaveLength(20);
    const ping = pair.bots[PING]!;
    const hold = await ping.store.loopGuard!.latest(PONG);
    expect(hold).toMatchObject({ userId: PONG, rule: "identical", clearedAt: null });
    expect(hold!.until - hold!.trippedAt).toBe(5 * 60_000);
    const line = ping.lines().find((l) => (l as { event?: string }).event === "loop-guard.stopped") as { code: string; msg: string } | undefined;
    expect(line?.code).toBe("RUN017");
    expect(line?.msg).toContain("sending to +15550007002 stopped: 20 identical messages within 5 min (limit 20)");
    const stopped = (await ping.store.listOutbox({ userId: PONG })).filter((r) => r.state === "failed");
    expect(stopped).toHaveLength(1);
    expect(stopped[0]!.error).toMatch(/loop guard \(RUN017\)/);
    // PONG's own guard never tripped: it sent 20, not more.
    expect(await pair.bots[PONG]!.store.loopGuard!.latest(PING)).toBeNull();
  }, 60_000);

  it("stops at the per-minute limit first with the defaults (12 a minute)", async () => {
    pair = await startPair(loopGuardSettings(undefined));
    await pair.emulator.sendInbound({ from: PONG, to: PING, body: "hello", url: `${pair.bots[PING]!.server.url}/sms` });
    await waitFor(() => sent(pair!.emulator, PING).length >= 12, 30_000, "12 pings");
    await quiet(pair.emulator, 500);
    expect(sent(pair.emulator, PING)).toHaveLength(12);
    expect(sent(pair.emulator, PONG)).toHaveLength(12);
    expect(await pair.bots[PING]!.store.loopGuard!.latest(PONG)).toMatchObject({ rule: "rate" });
  }, 60_000);

  it("an operator's clear lets the user be answered again, counting afresh", async () => {
    pair = await startPair({ ...loopGuardSettings(undefined)!, perMinute: 1000, identical: 3 });
    await pair.emulator.sendInbound({ from: PONG, to: PING, body: "hello", url: `${pair.bots[PING]!.server.url}/sms` });
    await waitFor(() => sent(pair!.emulator, PING).length >= 3, 30_000, "3 pings");
    await quiet(pair.emulator, 300);
    expect(sent(pair.emulator, PING)).toHaveLength(3);
    expect(sent(pair.emulator, PONG)).toHaveLength(3);
    const guard = pair.bots[PING]!.store.loopGuard!;
    expect(await guard.clear(PONG, Date.now())).toBe(true);
    expect(await guard.clear(PONG, Date.now())).toBe(false);
    // Cleared, PING answers again; PONG, with its own three identical pongs in the window, now trips in turn.
    await pair.emulator.sendInbound({ from: PONG, to: PING, body: "again", url: `${pair.bots[PING]!.server.url}/sms` });
    await waitFor(() => sent(pair!.emulator, PING).length >= 4, 30_000, "one more ping");
    await quiet(pair.emulator, 300);
    expect(sent(pair.emulator, PING)).toHaveLength(4);
    expect(sent(pair.emulator, PONG)).toHaveLength(3);
    expect(await pair.bots[PONG]!.store.loopGuard!.latest(PING)).toMatchObject({ rule: "identical", clearedAt: null });
    expect(await guard.latest(PONG)).toMatchObject({ clearedAt: expect.any(Number) });
  }, 60_000);

  it("off (runtime.loopGuard.enabled: false), nothing stops the loop but the test", async () => {
    pair = await startPair(null);
    await pair.emulator.sendInbound({ from: PONG, to: PING, body: "hello", url: `${pair.bots[PING]!.server.url}/sms` });
    await waitFor(() => sent(pair!.emulator, PING).length >= 25, 30_000, "25 pings");
    expect(await pair.bots[PING]!.store.loopGuard!.latest(PONG)).toBeNull();
  }, 60_000);
});
