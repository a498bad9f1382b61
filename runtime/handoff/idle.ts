/**
 * @module The idle timer (docs/handoff.md): a handoff without an agent message for `handoff.idleMinutes`
 * (counted from the open when no agent wrote) closes, and when no agent ever answered the user gets the
 * configured "nobody is available" text. Every process sweeps; the store's conditional close lets one win.
 */
import type { Logger } from "pino";
import type { HandoffConfig } from "../../config/handoff-schema.ts";
import type { Clock } from "../../engine/types.ts";
import type { HandoffStore } from "../store/index.ts";
import type { HandoffEvents } from "./events.ts";

export interface IdleTimer {
  /** One sweep at the clock's now: how many handoffs it closed. */
  tick(): Promise<number>;
  start(everyMs?: number): void;
  stop(): Promise<void>;
}

export interface IdleTimerOptions {
  handoffs: HandoffStore;
  config: HandoffConfig;
  /** The return topic already checked against the bot's topics. */
  returnTopic: string;
  clock: Clock;
  logger: Logger;
  events: HandoffEvents;
  kick?: () => void;
}

export function createIdleTimer(options: IdleTimerOptions): IdleTimer {
  const { handoffs, config, clock, logger, events } = options;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;

  async function sweep(): Promise<number> {
    const closed = await handoffs.closeIdle({
      now: clock.now(),
      idleMs: config.idleMinutes * 60_000,
      unavailableText: config.unavailableText,
      returnTopic: options.returnTopic,
      limit: 100,
    });
    for (const { handoff, outboxId } of closed) {
      logger.info(
        { event: "handoff.closed", userId: handoff.userId, by: "idle", unavailableText: outboxId !== null },
        `${handoff.userId}'s handoff closed after ${config.idleMinutes} min without an agent message${outboxId !== null ? ': "nobody is available" text sent' : ""}; the bot answers again`,
      );
      events.emit({ type: "closed", userId: handoff.userId, handoff });
    }
    if (closed.some((c) => c.outboxId !== null)) options.kick?.();
    return closed.length;
  }

  const tick = (): Promise<number> => (running ??= sweep().finally(() => (running = null)));
  return {
    tick,
    start(everyMs = 15_000) {
      timer ??= setInterval(() => {
        tick().catch((error: unknown) =>
          logger.warn({ event: "handoff.idle-failed", error: String(error) }, `the handoff idle sweep failed: ${String(error)}; it runs again shortly`),
        );
      }, everyMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running?.catch(() => undefined);
    },
  };
}
