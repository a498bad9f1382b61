/** @module Delivers one broadcast in this process: the feeder paces rows into the outbox, the outbox dispatcher (scoped to them) sends them, then final statuses are fetched. */
import type { Logger } from "pino";
import type { Clock } from "../../engine/index.ts";
import { createDispatcher, DEFAULT_SETTINGS } from "../outbox/index.ts";
import type { DispatcherSettings, Sender } from "../outbox/index.ts";
import type { Store } from "../store/index.ts";
import type { TwilioClient } from "../twilio/index.ts";
import type { SenderMeter } from "../sending/index.ts";
import { createFeeder } from "./feeder.ts";
import type { FeedOutcome } from "./feeder.ts";
import { scopedStore } from "./scoped-store.ts";
import type { BroadcastProgress, BroadcastStore, Lease } from "../store/broadcasts/types.ts";

export interface DeliverOptions {
  store: Store;
  broadcasts: BroadcastStore;
  id: number;
  lease: Lease;
  /** The lease was taken from a runner that died: its in-flight rows are checked at Twilio before any resend. */
  tookOver: boolean;
  twilio: Pick<TwilioClient, "messages">;
  sender: Sender;
  publicUrl: string | null;
  /** The bot folder: bot-folder media in the body is checked before each send. */
  root: string | null;
  clock: Clock;
  logger: Logger;
  settings?: Partial<DispatcherSettings>;
  /** Loop period, ms. */
  tickMs?: number;
  /** After the last send, how long to ask Twilio for final statuses (0: do not). */
  settleMs: number;
  onProgress?: (progress: BroadcastProgress) => void;
  /** Aborting stops sending; the broadcast stays resumable. */
  signal?: AbortSignal;
  /** The sender's meter, shared with `bot run` through the database: broadcast rows take only what replies leave. */
  meter?: SenderMeter;
}

export type DeliverOutcome = "done" | "canceled" | "stopped";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function deliverBroadcast(options: DeliverOptions): Promise<{ outcome: DeliverOutcome; progress: BroadcastProgress }> {
  const { broadcasts, id, lease, clock, logger } = options;
  const settings = { ...DEFAULT_SETTINGS, ordering: "relaxed" as const, batchSize: 50, ...options.settings };
  const tickMs = options.tickMs ?? 50;
  if (options.tookOver) {
    const now = clock.now();
    const count = await broadcasts.recoverSending(id, now, now + settings.reconcileDelayMs);
    if (count > 0)
      logger.warn(
        { event: "broadcast.recover", broadcast: id, count },
        `broadcast ${id}: ${count} message(s) were being sent when the previous runner stopped; they are looked up at Twilio in ${settings.reconcileDelayMs} ms and resent only if Twilio never got them`,
      );
  }
  const dispatcher = createDispatcher({
    store: scopedStore(options.store, broadcasts, id),
    twilio: options.twilio,
    clock,
    logger,
    sender: options.sender,
    publicUrl: options.publicUrl,
    root: options.root,
    settings,
    fireReminder: async () => {
      throw new Error("a broadcast runner fires no reminders");
    },
    pollMs: tickMs,
    meter: options.meter ?? null,
  });
  const feeder = createFeeder({ broadcasts, id, lease, clock, logger });
  await dispatcher.start();
  let outcome: FeedOutcome = "idle";
  let lastReport = 0;
  try {
    while (!options.signal?.aborted) {
      outcome = await feeder.feed();
      if (outcome === "released") dispatcher.kick();
      if (outcome === "done" || outcome === "canceled" || outcome === "lost") break;
      if (options.onProgress && clock.now() - lastReport >= 200) {
        lastReport = clock.now();
        const progress = await broadcasts.progress(id);
        if (progress) options.onProgress(progress);
      }
      await sleep(tickMs);
    }
  } finally {
    await dispatcher.stop();
    if (outcome !== "done" && outcome !== "canceled") await broadcasts.releaseLease(id, lease.token);
  }
  if (outcome === "lost") throw new Error(`broadcast ${id}: another runner took over (this one was presumed dead after a long pause); it continues there`);
  if (outcome === "done" && options.settleMs > 0) await settleStatuses(options, clock.now() + options.settleMs);
  const progress = (await broadcasts.progress(id))!;
  options.onProgress?.(progress);
  return { outcome: outcome === "done" || outcome === "canceled" ? outcome : "stopped", progress };
}

/** Without status callbacks (no public URL) the final statuses are fetched from Twilio, a few at a time. */
async function settleStatuses(options: DeliverOptions, deadline: number): Promise<void> {
  const { broadcasts, store, id, clock, logger } = options;
  while (clock.now() < deadline && !options.signal?.aborted) {
    const rows = await broadcasts.unsettled(id, 1000);
    if (rows.length === 0) return;
    // A few requests at a time: Twilio limits concurrent REST calls (20429).
    for (let i = 0; i < rows.length && clock.now() < deadline; i += 5)
      await Promise.all(
        rows.slice(i, i + 5).map(async (row) => {
          try {
            const message = await options.twilio.messages(row.sid!).fetch();
            await store.recordStatus(row.sid!, { status: message.status, at: clock.now(), errorCode: message.errorCode ?? null });
          } catch (error) {
            logger.warn(
              { event: "broadcast.status-fetch", sid: row.sid },
              `could not fetch the status of ${row.sid} (${(error as Error).message}); its final status stays unknown here. Status callbacks (BOT_PUBLIC_URL) record it when they arrive.`,
            );
          }
        }),
      );
    const still = await broadcasts.unsettled(id, 1);
    if (still.length > 0) await sleep(250);
  }
}
