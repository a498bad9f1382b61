/**
 * @module Handoffs in the local runtime (`bot chat`, `bot test`), as the SMS runtime keeps them
 * (docs/handoff.md): opened by `^notifyAgent`, the bot stands aside meanwhile, an operator's message goes
 * out at once, and closing sets the return topic. In memory, on the virtual clock.
 */
import type { HandoffConfig } from "../../config/handoff-schema.ts";
import { DEFAULT_HANDOFF } from "../../config/handoff-schema.ts";
import type { Session } from "../../engine/types.ts";

export interface LocalHandoff {
  reason: string | null;
  openedAt: number;
  userMessages: number;
  agentMessages: number;
}

/** Why an operator action was refused (the API's 409/422 in words). */
export type AgentRefusal = { ok: false; reason: string };

export interface LocalHandoffs {
  readonly config: HandoffConfig;
  get(userId: string): LocalHandoff | null;
  open(userId: string, reason: string | null, at: number): void;
  /** Closes and returns the session moved to the return topic (handoff flag off). */
  close(userId: string, session: Session, topic: string | null): Session;
  userWrote(userId: string): void;
  agentWrote(userId: string): void;
}

export function createLocalHandoffs(config: HandoffConfig = DEFAULT_HANDOFF): LocalHandoffs {
  const open = new Map<string, LocalHandoff>();
  return {
    config,
    get: (userId) => open.get(userId) ?? null,
    open(userId, reason, at) {
      if (!open.has(userId)) open.set(userId, { reason, openedAt: at, userMessages: 0, agentMessages: 0 });
    },
    close(userId, session, topic) {
      open.delete(userId);
      return { ...session, handoff: false, topic: topic ?? config.returnTopic };
    },
    userWrote(userId) {
      const h = open.get(userId);
      if (h) h.userMessages++;
    },
    agentWrote(userId) {
      const h = open.get(userId);
      if (h) h.agentMessages++;
    },
  };
}
