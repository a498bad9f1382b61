/**
 * @module What an inbound message does to a handoff (docs/handoff.md), decided before the engine runs:
 * while one is open the bot stands aside (the message is stored and counted, the engine does not run),
 * the return keyword gives the conversation back, and the open keyword starts one. Pure: the conversation
 * step commits the changes it returns with the message.
 */
import type { HandoffConfig } from "../../config/handoff-schema.ts";
import type { Changes, HandoffChange, HandoffRecord } from "../store/index.ts";

export type GateDecision =
  /** No handoff: the engine answers. */
  | { type: "bot" }
  /** A handoff is open: stored, shown to operators and counted; the engine does not run. */
  | { type: "stand-aside"; changes: Pick<Changes, "handoff" | "cancelDelayed"> }
  /** The user's return keyword closed the open handoff; the keyword itself is not answered. */
  | { type: "returned"; changes: Pick<Changes, "handoff"> }
  /** The user's open keyword opened a handoff. */
  | { type: "opened"; changes: Pick<Changes, "handoff" | "cancelDelayed"> };

export interface GateInput {
  userId: string;
  body: string;
  now: number;
  /** The user's open handoff, read under the user's lock. */
  current: HandoffRecord | null;
  config: HandoffConfig;
}

/** A keyword matches the whole message, any case, surrounding spaces and end punctuation ignored (as STOP is). */
export function isKeyword(body: string, keyword: string | null): boolean {
  if (keyword === null) return false;
  const norm = (text: string) =>
    text
      .trim()
      .replace(/[.!?]+$/u, "")
      .toLocaleUpperCase("en-US");
  return norm(body) === norm(keyword);
}

export function handoffGate({ userId, body, now, current, config }: GateInput): GateDecision {
  if (current !== null) {
    if (isKeyword(body, config.returnKeyword)) {
      const close: HandoffChange = { type: "close", userId, by: "keyword", returnTopic: current.returnTopic ?? config.returnTopic };
      return { type: "returned", changes: { handoff: [{ type: "user-message", userId }, close] } };
    }
    // Delayed parts the bot queued before the handoff stay canceled: a person has the conversation.
    return { type: "stand-aside", changes: { handoff: [{ type: "user-message", userId }], cancelDelayed: { userId, after: now } } };
  }
  if (isKeyword(body, config.keyword)) {
    const open: HandoffChange = { type: "open", userId, reason: `the user texted ${config.keyword}`, openedBy: "keyword", returnTopic: null };
    return { type: "opened", changes: { handoff: [open, { type: "user-message", userId }], cancelDelayed: { userId, after: now } } };
  }
  return { type: "bot" };
}
