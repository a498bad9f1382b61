/** @module Sessions and bot state: creation, copies for a step, history and namespace facts. */
import type { BotIR } from "../compiler/ir/types.ts";
import type { BotState, Inbound, Session } from "./types.ts";
import { DEFAULT_TOPIC } from "./brain.ts";

export const HISTORY_SIZE = 9;

export function newSession(userId: string, now: number): Session {
  return {
    userId,
    topic: DEFAULT_TOPIC,
    vars: {},
    history: { input: [], reply: [] },
    buttons: null,
    reminders: {},
    meta: { _platform: "sms", _platformId: userId, _userPhone: userId, _sessionStarted: String(now) },
    handoff: false,
  };
}

/** From the IR, or from a loaded brain (which keeps the initial values, so a runtime need not keep the IR). */
export function newBotState(ir: Pick<BotIR, "vars" | "globals">): BotState {
  return { vars: { ...ir.vars }, globals: { ...ir.globals } };
}

/** A copy the step may change freely; the caller's objects stay untouched. */
export function copySession(session: Session): Session {
  return {
    ...session,
    vars: { ...session.vars },
    history: { input: [...session.history.input], reply: [...session.history.reply] },
    buttons: session.buttons === null ? null : [...session.buttons],
    reminders: { ...session.reminders },
    meta: { ...session.meta },
  };
}

export function copyBotState(bot: BotState): BotState {
  return { vars: { ...bot.vars }, globals: { ...bot.globals } };
}

export function pushHistory(list: string[], entry: string): void {
  list.unshift(entry);
  list.length = Math.min(list.length, HISTORY_SIZE);
}

const FACTS: Record<string, string> = {
  FromCity: "_fromCity",
  FromState: "_fromState",
  FromZip: "_fromZip",
  FromCountry: "_fromCountry",
};

/** Records the namespace facts an inbound message brings (`_rawMsgText`, `_lastMsgReceived`, `_fromCity` …). */
export function recordInbound(session: Session, inbound: Inbound, now: number): void {
  const meta = session.meta;
  meta._platform = "sms";
  meta._platformId = session.userId;
  meta._userPhone = session.userId;
  meta._rawMsgText = inbound.body;
  meta._lastMsgReceived = String(now);
  meta._firstMsgSent ??= String(now);
  for (const [fact, name] of Object.entries(FACTS)) {
    const value = inbound.facts?.[fact];
    if (value !== undefined && value !== "") meta[name] = value;
  }
}

/**
 * `^buttons` answers: on the message right after a menu, `2` or a label (any case) stands for the label.
 * The menu is forgotten either way.
 */
export function resolveButtons(session: Session, body: string): string {
  const labels = session.buttons;
  session.buttons = null;
  if (labels === null) return body;
  const answer = body.trim();
  if (/^[0-9]+$/.test(answer)) {
    const label = labels[Number(answer) - 1];
    if (label !== undefined) return label;
  }
  const folded = answer.toLowerCase();
  return labels.find((label) => label.trim().toLowerCase() === folded) ?? body;
}
