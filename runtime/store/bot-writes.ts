/**
 * @module Bot variables as changes, not snapshots: a step records which bot variables it changed, from
 * what to what, and the store applies exactly those inside the step's transaction, after checking that
 * nobody changed them since the step read them. Two users appending to one bot variable at once then
 * cannot lose an update: the second commit finds the value moved, is refused as a conflict, and its step
 * runs again on the new value.
 */
import type { BotState } from "../../engine/types.ts";

/** One bot variable (`<bot>`: `vars`, `<env>`: `globals`) a step changed; null is unset. */
export interface BotWrite {
  scope: "vars" | "globals";
  name: string;
  /** The value the step read before changing it. */
  from: string | null;
  to: string | null;
}

/** A step's bot-state changes; `initial` is the state when no row exists yet (the bot's `! var` defaults). */
export interface BotChanges {
  initial: BotState;
  writes: BotWrite[];
}

/** A bot variable moved between the step's read and its commit: nothing was written, run the step again. */
export class BotStateConflict extends Error {
  constructor(
    readonly write: BotWrite,
    readonly current: string | null,
  ) {
    super(`bot variable ${write.scope === "vars" ? "" : "env "}"${write.name}" changed while the step ran`);
    this.name = "BotStateConflict";
  }
}

const SCOPES = ["vars", "globals"] as const;

/** What a step changed, key by key. */
export function diffBotState(before: BotState, after: BotState): BotWrite[] {
  const writes: BotWrite[] = [];
  for (const scope of SCOPES) {
    const a = before[scope];
    const b = after[scope];
    for (const name of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const from = Object.hasOwn(a, name) ? a[name]! : null;
      const to = Object.hasOwn(b, name) ? b[name]! : null;
      if (from !== to) writes.push({ scope, name, from, to });
    }
  }
  return writes;
}

/** The stored state after the writes; throws BotStateConflict when a written variable is not what the step read. */
export function applyBotWrites(stored: BotState | null, changes: BotChanges): BotState {
  const current = stored ?? changes.initial;
  const next: BotState = { vars: { ...current.vars }, globals: { ...current.globals } };
  for (const write of changes.writes) {
    const target = next[write.scope];
    const now = Object.hasOwn(target, write.name) ? target[write.name]! : null;
    if (now !== write.from) throw new BotStateConflict(write, now);
    if (write.to === null) delete target[write.name];
    else target[write.name] = write.to;
  }
  return next;
}
