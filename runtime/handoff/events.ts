/** @module Handoff events (docs/handoff.md): what the notify webhook and the inbox's live updates hear about, emitted in the process where they happen. */
import type { HandoffRecord } from "../store/index.ts";

export type HandoffEvent =
  | { type: "opened"; userId: string; handoff?: HandoffRecord }
  /** A message in the handoff: the user's (`from: user`) or an operator's (`from: agent`). */
  | { type: "message"; userId: string; from: "user" | "agent"; body: string; agent?: string; handoff?: HandoffRecord }
  | { type: "closed"; userId: string; handoff?: HandoffRecord };

export type HandoffListener = (event: HandoffEvent) => void;

/** A fan-out to listeners; a listener that throws is its own problem, never the step's. */
export interface HandoffEvents {
  emit(event: HandoffEvent): void;
  on(listener: HandoffListener): () => void;
}

export function createHandoffEvents(): HandoffEvents {
  const listeners = new Set<HandoffListener>();
  return {
    emit(event) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch {
          // Listeners report their own failures (the webhook logs, the inbox drops a closed stream).
        }
      }
    },
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
