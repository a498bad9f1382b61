/** @module The loop guard's rules, pure: too many identical bodies to one user in a window, or too many messages to one user in a minute. */
import type { LoopRule, SentMessage } from "../store/loop-guard.ts";

export type { LoopRule, SentMessage } from "../store/loop-guard.ts";

export interface LoopGuardSettings {
  /** More than this many identical bodies to one user within `identicalWindowMs` trips the guard (RapidPro refuses the 21st). */
  identical: number;
  identicalWindowMs: number;
  /** More than this many messages to one user within a minute trips the guard. */
  perMinute: number;
}

/**
 * 20 identical in 5 minutes is RapidPro's figure. 12 a minute: a reply with several `<send>` parts and a
 * reminder or two stay well below it, while two bots answering each other at network speed pass it in seconds.
 */
export const DEFAULT_LOOP_GUARD: Readonly<LoopGuardSettings> = { identical: 20, identicalWindowMs: 5 * 60_000, perMinute: 12 };
export const RATE_WINDOW_MS = 60_000;

export interface Trip {
  rule: LoopRule;
  /** A sentence for the log and the dashboard. */
  detail: string;
  until: number;
}

/** Outbound messages to the user Twilio accepted, newest first or in any order. */

/** Whether sending `body` now would be one too many; `recent` holds what was sent since the guard last counted from. */
export function judge(recent: readonly SentMessage[], body: string, now: number, settings: LoopGuardSettings): Trip | null {
  const identical = recent.filter((m) => m.at > now - settings.identicalWindowMs && m.body === body).length;
  if (identical >= settings.identical)
    return {
      rule: "identical",
      detail: `${identical} identical messages within ${Math.round(settings.identicalWindowMs / 60_000)} min (limit ${settings.identical})`,
      until: now + settings.identicalWindowMs,
    };
  const lastMinute = recent.filter((m) => m.at > now - RATE_WINDOW_MS).length;
  if (lastMinute >= settings.perMinute)
    return { rule: "rate", detail: `${lastMinute} messages within a minute (limit ${settings.perMinute})`, until: now + RATE_WINDOW_MS };
  return null;
}

/** How far back the guard needs to look. */
export function lookbackMs(settings: LoopGuardSettings): number {
  return Math.max(settings.identicalWindowMs, RATE_WINDOW_MS);
}
