/** @module Turns an engine step's effects into store Changes (outbox rows, reminder rows, cancellations) and log lines. */
import type { Logger } from "pino";
import type { Effect, StepResult } from "../../engine/types.ts";
import type { Changes, NewOutboxRow } from "../store/index.ts";

export type EffectChanges = Pick<Changes, "outbox" | "cancelReminders" | "cancelDelayed" | "handoff">;

export function effectsToChanges(result: StepResult, now: number, logger: Logger): EffectChanges {
  const messages: NewOutboxRow[] = [];
  // Reminders by name: the last effect in the step wins (schedule-then-cancel cancels).
  const reminders = new Map<string, { userId: string; dueAt: number | null }>();
  let cancelDelayed: Changes["cancelDelayed"];
  const handoff: NonNullable<Changes["handoff"]> = [];
  for (const effect of result.effects) {
    switch (effect.type) {
      case "message":
        messages.push({
          userId: effect.to,
          kind: "reply",
          body: effect.body,
          media: effect.media,
          dueAt: effect.dueAt,
          seq: effect.seq,
          cancelable: effect.cancelable,
        });
        break;
      case "cancelPending":
        cancelDelayed = { userId: effect.userId, after: now };
        break;
      case "scheduleReminder":
        reminders.set(`${effect.userId}\u0000${effect.name}`, { userId: effect.userId, dueAt: effect.dueAt });
        break;
      case "cancelReminder":
        reminders.set(`${effect.userId}\u0000${effect.name}`, { userId: effect.userId, dueAt: null });
        break;
      case "handoff":
        // Opened in the step's transaction (docs/handoff.md): the bot stands aside until an operator or the idle timer closes it.
        handoff.push({ type: "open", userId: effect.userId, reason: effect.reason ?? null, openedBy: "bot", returnTopic: null });
        logger.info(
          { event: "handoff", userId: effect.userId, reason: effect.reason },
          `${effect.userId} was handed to a person (^notifyAgent${effect.reason ? `: ${effect.reason}` : ""}): the bot stands aside until the handoff closes`,
        );
        break;
      case "log":
        logEffect(logger, effect);
        break;
      default: {
        const _exhaustive: never = effect;
        throw new Error(`unknown effect ${JSON.stringify(_exhaustive)}`);
      }
    }
  }
  // Insert order is send order among rows due at the same time.
  messages.sort((a, b) => a.dueAt - b.dueAt || a.seq - b.seq);
  const outbox = [...messages];
  const cancelReminders: NonNullable<Changes["cancelReminders"]> = [];
  for (const [key, { userId, dueAt }] of reminders) {
    const name = key.split("\u0000")[1]!;
    if (dueAt === null) cancelReminders.push({ userId, name });
    else outbox.push({ userId, kind: "reminder", name, body: "", media: [], dueAt, seq: 0, cancelable: false });
  }
  return { outbox, cancelReminders, ...(cancelDelayed && { cancelDelayed }), ...(handoff.length > 0 && { handoff }) };
}

function logEffect(logger: Logger, effect: Extract<Effect, { type: "log" }>): void {
  const fields = { event: "engine", code: effect.code, userId: effect.userId };
  logger[effect.level](fields, `${effect.code}: ${effect.message} (see docs/diagnostics/${effect.code}.md)`);
}
