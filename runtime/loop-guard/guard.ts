/** @module The loop guard at send time: counts the user's recent outbound messages, trips a hold (RUN017), and stops sending until it passes or is cleared. */
import type { Logger } from "pino";
import type { Clock } from "../../engine/types.ts";
import { judge, lookbackMs } from "./rules.ts";
import type { LoopGuardSettings } from "./rules.ts";
import { isActive } from "../store/loop-guard.ts";
import type { Hold, LoopGuardStore } from "../store/loop-guard.ts";

export const LOOP_GUARD_CODE = "RUN017";

export interface LoopGuard {
  /** Null: the message may go. A hold: it must not (the user's sending is stopped). */
  check(userId: string, body: string): Promise<Hold | null>;
  /** An operator's clear (dashboard): sending resumes and counting restarts now. */
  clear(userId: string, by: string): Promise<boolean>;
  active(): Promise<Hold[]>;
}

export function createLoopGuard(options: { store: LoopGuardStore; settings: LoopGuardSettings; clock: Clock; logger: Logger }): LoopGuard {
  const { store, settings, clock, logger } = options;
  return {
    async check(userId, body) {
      const now = clock.now();
      const latest = await store.latest(userId);
      if (latest !== null && isActive(latest, now)) return latest;
      // After a clear, only what was sent since counts: the operator judged the earlier traffic.
      const since = Math.max(now - lookbackMs(settings), latest?.clearedAt ?? -Infinity);
      const recent = await store.recentOutbound(userId, since, Math.max(settings.identical, settings.perMinute) * 4);
      const trip = judge(recent, body, now, settings);
      if (trip === null) return null;
      const hold = { userId, rule: trip.rule, detail: trip.detail, trippedAt: now, until: trip.until };
      await store.hold(hold);
      logger.warn(
        { event: "loop-guard.stopped", code: LOOP_GUARD_CODE, to: userId, rule: trip.rule, until: trip.until },
        `${LOOP_GUARD_CODE} sending to ${userId} stopped: ${trip.detail}, which looks like a loop (two bots or an autoresponder answering each other). Nothing more is sent to this number until ${new Date(trip.until).toISOString()} or until an operator clears it on the dashboard (Users → ${userId}); see docs/diagnostics/${LOOP_GUARD_CODE}.md.`,
      );
      return { ...hold, clearedAt: null };
    },
    async clear(userId, by) {
      const cleared = await store.clear(userId, clock.now());
      if (cleared)
        logger.info(
          { event: "loop-guard.cleared", code: LOOP_GUARD_CODE, to: userId, by },
          `${LOOP_GUARD_CODE} ${userId}: the loop guard's hold was cleared (${by}); sending resumes`,
        );
      return cleared;
    },
    active: () => store.active(clock.now()),
  };
}
