/** @module The background worker `bot run` runs: takes up due broadcasts no live runner holds (API-created, scheduled, or left by a dead CLI) and feeds them to the server's dispatcher. */
import type { Logger } from "pino";
import type { Clock } from "../../engine/index.ts";
import { createFeeder } from "./feeder.ts";
import type { Feeder } from "./feeder.ts";
import { LEASE_STALE_MS, newLease, runnerIsDead } from "./lease.ts";
import type { BroadcastStore, Lease } from "../store/broadcasts/types.ts";

export interface BroadcastWorker {
  /** One pass: adopt due broadcasts, feed the adopted ones. */
  tick(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
  /** Called when rows were released (the server's dispatcher should look now). */
  onReleased: (() => void) | null;
}

export interface WorkerOptions {
  broadcasts: BroadcastStore;
  clock: Clock;
  logger: Logger;
  /** Before `tookOver` rows are checked at Twilio (the dispatcher's reconcile delay). */
  reconcileDelayMs?: number;
  pollMs?: number;
}

export function createBroadcastWorker(options: WorkerOptions): BroadcastWorker {
  const { broadcasts, clock, logger } = options;
  const active = new Map<number, { feeder: Feeder; lease: Lease }>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;

  async function adopt(): Promise<void> {
    const now = clock.now();
    for (const record of await broadcasts.list()) {
      if (active.has(record.id) || (record.state !== "running" && record.state !== "scheduled") || record.startAt > now) continue;
      const lease = newLease();
      const result = await broadcasts.acquire(record.id, lease, now, LEASE_STALE_MS, runnerIsDead);
      if (result.type !== "acquired") continue;
      if (result.tookOver) {
        const count = await broadcasts.recoverSending(record.id, now, now + (options.reconcileDelayMs ?? 5000));
        logger.warn(
          { event: "broadcast.adopted", broadcast: record.id, recovered: count },
          `broadcast ${record.id}: its previous runner is gone; continuing it here (${count} in-flight message(s) are checked at Twilio before any resend)`,
        );
      } else
        logger.info(
          { event: "broadcast.start", broadcast: record.id },
          `broadcast ${record.id}: sending to ${record.recipients} recipient(s) at ${record.rate} msg/s`,
        );
      active.set(record.id, { feeder: createFeeder({ broadcasts, id: record.id, lease, clock, logger }), lease });
    }
  }

  async function pass(): Promise<void> {
    await adopt();
    for (const [id, { feeder }] of active) {
      const outcome = await feeder.feed();
      if (outcome === "released") worker.onReleased?.();
      if (outcome === "done" || outcome === "canceled" || outcome === "lost") active.delete(id);
    }
  }

  const worker: BroadcastWorker = {
    onReleased: null,
    async tick() {
      if (running) return running;
      running = pass().finally(() => (running = null));
      return running;
    },
    start() {
      timer = setInterval(() => {
        worker
          .tick()
          .catch((error: unknown) =>
            logger.error(
              { event: "broadcast.worker-error", err: error },
              `broadcast worker pass failed: ${(error as Error).message}. Broadcasts stay in the database and are picked up on the next pass.`,
            ),
          );
      }, options.pollMs ?? 100);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running?.catch(() => undefined);
      for (const [id, { lease }] of active) await broadcasts.releaseLease(id, lease.token);
      active.clear();
    },
  };
  return worker;
}
