/** @module End-to-end harness: a real emulator, the real twilio client, a real SQLite file, the runtime server on loopback, and a manual clock. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BotIR } from "../../compiler/ir/types.ts";
import { startEmulator } from "../../sandbox/emulator/index.ts";
import type { Emulator, EmulatorOptions, InboundResult } from "../../sandbox/emulator/index.ts";
import { createTwilioClient } from "../../runtime/twilio/client.ts";
import type { TwilioClient } from "../../runtime/twilio/client.ts";
import { createSqliteStore } from "../../runtime/store/index.ts";
import type { Store } from "../../runtime/store/index.ts";
import { startServer } from "../../runtime/server/index.ts";
import type { RunningServer } from "../../runtime/server/index.ts";
import { defaultConfig } from "../../runtime/config.ts";
import type { RuntimeConfig } from "../../runtime/config.ts";
import { createMemoryLogger } from "../../runtime/log/logger.ts";
import type { DispatcherSettings } from "../../runtime/outbox/index.ts";
import type { SenderMeter } from "../../runtime/sending/index.ts";
import { bot, say, seeded, send, text, tpl } from "../engine/helpers.ts";
import type { TemplatePart } from "../../compiler/ir/types.ts";

export const T0 = 1_700_000_000_000;
export const BOT_NUMBER = "+15005550006";
export const ALICE = "+15550001111";
export const BOB = "+15550002222";

const delay = (seconds: number, cancelable = true): TemplatePart => ({ type: "delay", seconds, cancelable });
const image = (url: string): TemplatePart => ({ type: "media", kind: "image", url: tpl(url) });
const reminder = (name: string, body: string, at: number): TemplatePart => ({ type: "reminder", name, text: tpl(body), at: tpl(String(at)) });

/** A small bot covering replies, <send>, delays, nocancel, media, reminders, and a catch-all. */
export function testBot(): BotIR {
  return bot({
    topics: {
      default: [
        say("hello", "Hi there!"),
        say("multi", "one", send, "two", send, "three"),
        say("wait", "now", delay(5), "later"),
        say("wait nocancel", "now", delay(5, false), "kept"),
        say("pic", "here is a cat", image("media/cat.png")),
        say("remind me", "ok, in a minute", reminder("nap", "wake up!", T0 + 60_000)),
        say("help", "bot help text"),
        say("yes", "you said yes"),
        say("*", "You said: ", { type: "star", index: 1, source: "user" }),
      ],
    },
  });
}

export interface ManualClock {
  now(): number;
  advance(ms: number): void;
}

export function manualClock(start = T0): ManualClock {
  let now = start;
  return { now: () => now, advance: (ms) => void (now += ms) };
}

export interface Harness {
  emulator: Emulator;
  client: TwilioClient;
  store: Store;
  server: RunningServer;
  clock: ManualClock;
  root: string;
  dbFile: string;
  config: RuntimeConfig;
  logs: () => Record<string, unknown>[];
  /** Texts the bot from `from` through the emulator (a signed webhook), and waits for its step to run. */
  text(from: string, body: string, extra?: { mediaUrls?: string[]; mediaContentTypes?: string[] }): Promise<InboundResult>;
  /** One dispatcher pass, then waits for the emulator's status callbacks. */
  tick(): Promise<void>;
  /** Outbound bodies the emulator received for `to`, in creation order. */
  received(to: string): string[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  ir?: BotIR;
  config?: Partial<RuntimeConfig>;
  dispatcher?: Partial<DispatcherSettings>;
  emulator?: EmulatorOptions;
  /** Reuse a folder (and its database) from an earlier harness: a restart. */
  root?: string;
  clock?: ManualClock;
  timeoutMs?: number;
  /** Keep using this emulator (its messages survive the runtime's restart); the harness will not close it. */
  sharedEmulator?: Emulator;
  /** A store to run on instead of a new SQLite file (PostgreSQL, for one); the harness closes it. */
  store?: Store;
  /** The sender's meter for the server's dispatcher (docs/sending.md), built on the harness's store and clock. */
  meter?: (store: Store, clock: ManualClock) => SenderMeter;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const clock = options.clock ?? manualClock();
  const root = options.root ?? fs.mkdtempSync(path.join(os.tmpdir(), "bot-runtime-"));
  fs.mkdirSync(path.join(root, "media"), { recursive: true });
  fs.writeFileSync(path.join(root, "media", "cat.png"), Buffer.from("89504e470d0a1a0a", "hex"));
  const dbFile = path.join(root, ".bot", "bot.db");
  const emulator =
    options.sharedEmulator ??
    (await startEmulator({ seed: 7, now: clock.now, ...options.emulator, delivery: { latencyMs: 1, ...options.emulator?.delivery } }));
  const client = createTwilioClient({
    accountSid: emulator.accountSid,
    authToken: emulator.authToken,
    baseUrl: emulator.url,
    timeoutMs: options.timeoutMs ?? 1000,
  });
  const store = options.store ?? createSqliteStore(dbFile);
  const { logger, lines } = createMemoryLogger("debug");
  const config = defaultConfig({
    mode: "sandbox",
    twilio: { accountSid: emulator.accountSid, authToken: emulator.authToken, from: BOT_NUMBER, messagingServiceSid: null, baseUrl: emulator.url },
    port: 0,
    host: "127.0.0.1",
    dbPath: dbFile,
    ...options.config,
  });
  const server = await startServer({
    ir: options.ir ?? testBot(),
    root,
    store,
    twilio: client,
    config,
    logger,
    clock,
    engine: { random: seeded(1) },
    dispatcher: { reconcileDelayMs: 1000, backoffBaseMs: 1000, ...options.dispatcher },
    manualDispatch: true,
    ...(options.meter && { meter: options.meter(store, clock) }),
  });
  emulator.configure({ webhookUrl: `${server.url}/sms` });
  return {
    emulator,
    client,
    store,
    server,
    clock,
    root,
    dbFile,
    config,
    logs: lines,
    async text(from, body, extra = {}) {
      const result = await emulator.sendInbound({ from, to: BOT_NUMBER, body, ...extra });
      // The webhook answers once the message is stored; the step runs right after it.
      await server.inbound.drain();
      return result;
    },
    async tick() {
      await server.dispatcher.tick();
      await emulator.settle();
    },
    received: (to) =>
      emulator
        .messagesTo(to)
        .filter((m) => m.direction === "outbound-api")
        .map((m) => m.body),
    async close() {
      await server.close();
      if (!options.sharedEmulator) await emulator.close();
      await store.close();
    },
  };
}

/** Log lines whose `event` matches. */
export function events(h: Pick<Harness, "logs">, event: string): Record<string, unknown>[] {
  return h.logs().filter((line) => line["event"] === event);
}

export { text as textPart };
