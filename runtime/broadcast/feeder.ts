/** @module The feeder: under a lease, releases a broadcast's recipients into the outbox at its pace, and finishes it when every row settled. */
import type { Logger } from "pino";
import type { Clock } from "../../engine/index.ts";
import { budgetNow, paceWindow } from "./pace.ts";
import { HEARTBEAT_MS } from "./lease.ts";
import type { BroadcastStore, Lease } from "../store/broadcasts/types.ts";
import { openWindowsAt } from "./quiet.ts";

export type FeedOutcome =
  | "released" /* rows went to the outbox */
  | "idle" /* at the pace limit, or waiting for rows to settle */
  | "waiting" /* scheduled for later */
  | "done"
  | "canceled"
  /** Another runner holds the lease now (this one was presumed dead). */
  | "lost";

export interface Feeder {
  id: number;
  feed(): Promise<FeedOutcome>;
}

export function createFeeder(options: { broadcasts: BroadcastStore; id: number; lease: Lease; clock: Clock; logger: Logger }): Feeder {
  const { broadcasts, id, lease, clock, logger } = options;
  let lastBeat = -Infinity;
  let waitingLogged = 0;

  async function finalState(): Promise<FeedOutcome> {
    const record = await broadcasts.get(id);
    if (record?.state === "canceled") return "canceled";
    if (record?.state === "done") return "done";
    return "lost";
  }

  return {
    id,
    async feed() {
      const now = clock.now();
      if (now - lastBeat >= HEARTBEAT_MS) {
        if (!(await broadcasts.heartbeat(id, lease.token, now))) return finalState();
        lastBeat = now;
      }
      const record = await broadcasts.get(id);
      if (!record) return "lost";
      if (record.state === "canceled" || record.state === "done") return record.state;
      if (now < record.startAt) return "waiting";
      const budget = await budgetNow(broadcasts, id, record.rate, now);
      if (budget > 0) {
        const pace = paceWindow(record.rate);
        const quiet = await openWindowsAt(broadcasts, id, now, pace.windowMs);
        if (quiet.waiting !== waitingLogged) {
          waitingLogged = quiet.waiting;
          if (quiet.waiting > 0)
            logger.info(
              { event: "broadcast.quiet-hours", broadcast: id, waiting: quiet.waiting, nextOpenAt: quiet.nextOpenAt },
              `broadcast ${id}: ${quiet.waiting} recipient(s) are in their quiet hours and wait for their window${quiet.nextOpenAt === null ? "" : ` (next opens ${new Date(quiet.nextOpenAt).toISOString()})`}`,
            );
        }
        const released = await broadcasts.release(id, lease.token, {
          now,
          budget,
          intervalMs: pace.intervalMs,
          ...(quiet.open !== null && { openWindows: quiet.open }),
        });
        if (released.optedOut > 0)
          logger.info(
            { event: "broadcast.skip-opted-out", broadcast: id, count: released.optedOut },
            `broadcast ${id}: ${released.optedOut} recipient(s) opted out before their turn; not sent`,
          );
        if (released.rows > 0) return "released";
        if (released.optedOut > 0) return "idle";
      }
      if (await broadcasts.finishIfComplete(id, now)) {
        logger.info({ event: "broadcast.done", broadcast: id }, `broadcast ${id} is complete: every recipient was handed to Twilio or skipped`);
        return "done";
      }
      return "idle";
    },
  };
}
