/** @module A real sandbox for simulator tests: a bot from `examples/`, the emulator, the runtime server with the simulator router, a real SQLite file. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadBot } from "../../bin/load-bot.ts";
import { startEmulator } from "../../sandbox/emulator/index.ts";
import type { Emulator } from "../../sandbox/emulator/index.ts";
import { createTwilioClient } from "../../runtime/twilio/client.ts";
import { createSqliteStore } from "../../runtime/store/index.ts";
import type { Store } from "../../runtime/store/index.ts";
import { startServer } from "../../runtime/server/index.ts";
import type { RunningServer } from "../../runtime/server/index.ts";
import { defaultConfig } from "../../runtime/config.ts";
import { createMemoryLogger } from "../../runtime/log/logger.ts";
import { createSimulatorRouter } from "../../sandbox/simulator/index.ts";

export const BOT_NUMBER = "+15005550006";
export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The runtime's clock, stopped and moved only by the test: a delayed part stays pending until the test advances past its due time, however slow the machine. */
export interface SteppedClock {
  now(): number;
  advance(ms: number): void;
}

export interface Sandbox {
  emulator: Emulator;
  server: RunningServer;
  store: Store;
  clock: SteppedClock;
  /** The simulator page. */
  pageUrl: string;
  logs: () => Record<string, unknown>[];
  close(): Promise<void>;
}

export async function startSandbox(example: string): Promise<Sandbox> {
  const loaded = loadBot(path.join(repo, "examples", example));
  const errors = loaded.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) throw new Error(`examples/${example} does not compile: ${errors.map((d) => d.message).join("; ")}`);
  let now = Date.now();
  const clock: SteppedClock = { now: () => now, advance: (ms) => void (now += ms) };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bot-simulator-"));
  const emulator = await startEmulator({ seed: 5, delivery: { latencyMs: 20 } });
  const store = createSqliteStore(path.join(dir, "bot.db"));
  const { logger, lines } = createMemoryLogger("debug");
  const config = defaultConfig({
    mode: "sandbox",
    twilio: { accountSid: emulator.accountSid, authToken: emulator.authToken, from: BOT_NUMBER, messagingServiceSid: null, baseUrl: emulator.url },
    port: 0,
    host: "127.0.0.1",
    dbPath: path.join(dir, "bot.db"),
    pollMs: 50,
  });
  const twilio = createTwilioClient({ accountSid: emulator.accountSid, authToken: emulator.authToken, baseUrl: emulator.url, timeoutMs: 5000 });
  const server = await startServer({
    ir: loaded.ir,
    root: loaded.root,
    store,
    twilio,
    config,
    logger,
    clock,
    engine: { random: () => 0 },
    routers: () => [createSimulatorRouter({ emulatorUrl: emulator.url, botNumber: BOT_NUMBER, store, clock, logger })],
  });
  emulator.configure({ webhookUrl: `${server.url}/sms` });
  return {
    emulator,
    server,
    store,
    clock,
    logs: lines,
    pageUrl: `${server.url}/simulator/`,
    async close() {
      await server.close();
      await emulator.close();
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
