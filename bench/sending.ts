/**
 * @module Benchmark: how close the metered dispatcher comes to its sender's rate, and what the meter costs per
 * message, on the real clock against the emulator (metering on). Baseline in the same run: the dispatcher without
 * a meter handing the same messages to an unmetered emulator. Prints a table.
 */
import { performance } from "node:perf_hooks";
import { startEmulator } from "../sandbox/emulator/index.ts";
import { createTwilioClient } from "../runtime/twilio/client.ts";
import { createSqliteStore } from "../runtime/store/index.ts";
import type { NewOutboxRow } from "../runtime/store/index.ts";
import { createDispatcher } from "../runtime/outbox/index.ts";
import { createMemoryLogger } from "../runtime/log/logger.ts";
import { openSenderMeter } from "../runtime/sending/index.ts";

const FROM = "+15005550006";
const SECONDS = Number(process.env["SECONDS"] ?? 5);

interface Row {
  run: string;
  rate: string;
  messages: number;
  ideal: string;
  measured: string;
  "of rate": string;
}

async function once(rate: number | null, messages: number): Promise<number> {
  const emulator = await startEmulator({ metering: rate === null ? null : { segmentsPerSecond: rate }, delivery: { latencyMs: 0 } });
  const store = createSqliteStore(":memory:");
  const clock = { now: () => Date.now() };
  const twilio = createTwilioClient({ accountSid: emulator.accountSid, authToken: emulator.authToken, baseUrl: emulator.url });
  const meter =
    rate === null ? null : openSenderMeter({ store, config: { type: "long-code", segmentsPerSecond: rate }, from: FROM, messagingServiceSid: null, clock });
  const dispatcher = createDispatcher({
    store,
    twilio,
    clock,
    logger: createMemoryLogger("error").logger,
    sender: { from: FROM, messagingServiceSid: null },
    publicUrl: null,
    meter,
    settings: { ordering: "relaxed" },
    fireReminder: async () => undefined,
  });
  const rows: NewOutboxRow[] = Array.from({ length: messages }, (_, i) => ({
    userId: `+1555${String(1_000_000 + i).slice(1)}`,
    kind: "broadcast",
    body: "Sale today only",
    media: [],
    dueAt: clock.now(),
    seq: 0,
    cancelable: true,
  }));
  await store.apply({ at: clock.now(), outbox: rows });
  const started = performance.now();
  await dispatcher.start();
  while ((await store.listOutbox({ state: "sent" })).length < messages) await new Promise((resolve) => setTimeout(resolve, 10));
  const elapsed = performance.now() - started;
  await dispatcher.stop();
  await emulator.close();
  await store.close();
  return elapsed;
}

const table: Row[] = [];
for (const rate of [1, 10, 100]) {
  const messages = rate * SECONDS;
  const ideal = ((messages - 1) * 1000) / rate;
  const metered = await once(rate, messages);
  table.push({
    run: "metered",
    rate: `${rate} seg/s`,
    messages,
    ideal: `${(ideal / 1000).toFixed(2)} s`,
    measured: `${(metered / 1000).toFixed(2)} s`,
    "of rate": `${((ideal / metered) * 100).toFixed(0)}%`,
  });
}
const baseline = await once(null, 100 * SECONDS);
table.push({ run: "baseline (no meter)", rate: "-", messages: 100 * SECONDS, ideal: "-", measured: `${(baseline / 1000).toFixed(2)} s`, "of rate": "-" });
console.table(table);
