/**
 * @module The handoff's part in a conversation step (docs/handoff.md): STOP closes the open handoff, an open
 * handoff keeps the engine from running (the message is stored and counted instead), `^notifyAgent` opens one,
 * and a reminder that comes due meanwhile is dropped. The conversation calls it at those points.
 */
import type { Logger } from "pino";
import type { HandoffConfig } from "../../config/handoff-schema.ts";
import { DEFAULT_HANDOFF } from "../../config/handoff-schema.ts";
import type { StepResult } from "../../engine/types.ts";
import type { Changes, HandoffStore, OutboxRow } from "../store/index.ts";
import type { HandoffEvents } from "./events.ts";
import { handoffGate } from "./gate.ts";
import type { GateDecision } from "./gate.ts";

export interface HandoffStepOptions {
  config?: HandoffConfig;
  events?: HandoffEvents;
}

export interface HandoffStep {
  /** What a STOP adds to its commit: the open handoff closes (a later agent reply is refused with 409). */
  onStop(userId: string): Pick<Changes, "handoff">;
  /** Before the engine: null lets it run; otherwise the changes to commit instead of running it, and what to say once they are. */
  beforeEngine(message: { from: string; body: string }, now: number): Promise<{ changes: Partial<Changes>; committed: () => void } | null>;
  /** After a committed engine step: `^notifyAgent` opened a handoff. */
  afterEngine(userId: string, result: StepResult): void;
  /** A reminder row came due: true when it was dropped because its user is handed off. */
  dropReminder(row: OutboxRow, now: number): Promise<boolean>;
}

/**
 * Reminders that come due during a handoff are dropped rather than fired after it closes: a reminder is
 * about a moment ("your appointment is in an hour"), the person has been talking with the user meanwhile,
 * and a late one would contradict them. Reminders due after the close fire as usual.
 */
export function handoffStep(store: HandoffStore | undefined, logger: Logger, options: HandoffStepOptions = {}): HandoffStep {
  const config = options.config ?? DEFAULT_HANDOFF;
  const emit = options.events?.emit ?? (() => undefined);
  return {
    onStop(userId) {
      if (!store) return {};
      return { handoff: [{ type: "close", userId, by: "stop", returnTopic: config.returnTopic }] };
    },
    async beforeEngine(message, now) {
      if (!store) return null;
      const current = await store.current(message.from);
      const decision: GateDecision = handoffGate({ userId: message.from, body: message.body, now, current, config });
      switch (decision.type) {
        case "bot":
          return null;
        case "stand-aside":
          return {
            changes: decision.changes,
            committed: () => {
              logger.info(
                { event: "handoff.user-message", userId: message.from },
                `${message.from} wrote during a handoff: stored for the operators, the bot does not answer`,
              );
              emit({ type: "message", userId: message.from, from: "user", body: message.body });
            },
          };
        case "returned":
          return {
            changes: decision.changes,
            committed: () => {
              logger.info({ event: "handoff.closed", userId: message.from, by: "keyword" }, `${message.from} asked to go back to the bot: handoff closed`);
              emit({ type: "closed", userId: message.from });
            },
          };
        case "opened":
          return {
            changes: decision.changes,
            committed: () => {
              logger.info({ event: "handoff.opened", userId: message.from, by: "keyword" }, `${message.from} asked for a person: handoff opened`);
              emit({ type: "opened", userId: message.from });
            },
          };
        default: {
          const _exhaustive: never = decision;
          return _exhaustive;
        }
      }
    },
    afterEngine(userId, result) {
      if (store && result.effects.some((effect) => effect.type === "handoff")) emit({ type: "opened", userId });
    },
    async dropReminder(row, now) {
      if (!store || (await store.current(row.userId)) === null) return false;
      // Not fired either way: a row no longer `sending` was taken back by a peer, which drops it the same way.
      if (await store.dropReminder(row.id, row.userId, row.name ?? "", now))
        logger.info(
          { event: "reminder.dropped", userId: row.userId, name: row.name },
          `reminder "${row.name}" for ${row.userId} came due while a person has the conversation: dropped, not sent late (docs/handoff.md)`,
        );
      return true;
    },
  };
}
