/**
 * @module The sender's token bucket, counted in segments, as pure functions of its state and an injected
 * time. It is kept in its virtual-scheduling form (one timestamp instead of a token count): `drainAt` is
 * when every segment handed to Twilio so far has left Twilio's queue at the sender's rate, so the backlog
 * at Twilio is `drainAt - now`. Handing a message of `cost` segments moves `drainAt` by `cost / rate`.
 */

/** Conversational traffic (replies, reminders' messages) goes before broadcast traffic of the same sender. */
export type Traffic = "conversational" | "broadcast";

export type { MeterState } from "../store/sender-meter.ts";
import type { MeterState } from "../store/sender-meter.ts";

export interface MeterLimits {
  segmentsPerSecond: number;
  /** Most of the sender's time conversational traffic may hand Twilio ahead, ms. */
  horizonMs: number;
  /** Most broadcast traffic may hand Twilio ahead, ms (one metering interval): replies wait behind no more. */
  broadcastAheadMs: number;
  /** Messages per day, all traffic; null: none. */
  dailyCap: number | null;
}

export type Refusal =
  /** The sender's queue is as long as this traffic may make it: try again in `waitMs`. */
  | { granted: false; reason: "busy"; waitMs: number }
  /** The daily cap is reached: nothing more today. */
  | { granted: false; reason: "daily-cap"; waitMs: number };

export type TakeResult =
  { granted: true; state: MeterState; /** When Twilio starts sending it, by the meter. */ startsAt: number } | (Refusal & { state: MeterState });

/** A slowed meter recovers after this long without back-pressure. */
export const SLOW_FOR_MS = 60_000;
/** Back-pressure halves the rate down to this fraction. */
export const SLOWEST_FACTOR = 1 / 8;
/** How soon a capped meter looks again (the day may have turned). */
const CAP_RECHECK_MS = 60_000;

export function initialMeter(now: number, day: string): MeterState {
  return { drainAt: now, slowFactor: 1, slowUntil: 0, day, dayCount: 0 };
}

/** Segments per second now, back-pressure included. */
export function effectiveRate(state: MeterState, limits: MeterLimits, now: number): number {
  return limits.segmentsPerSecond * (now < state.slowUntil ? state.slowFactor : 1);
}

export function backlogMs(state: MeterState, now: number): number {
  return Math.max(0, state.drainAt - now);
}

function aheadMs(traffic: Traffic, limits: MeterLimits): number {
  switch (traffic) {
    case "conversational":
      return limits.horizonMs;
    case "broadcast":
      return Math.min(limits.broadcastAheadMs, limits.horizonMs);
    default: {
      const _exhaustive: never = traffic;
      return _exhaustive;
    }
  }
}

/**
 * Whether a message of `cost` segments of this traffic may be handed to Twilio now; changes nothing. With
 * `latestStart` (a reply's ValidityPeriod), a message Twilio could not start sending by then is refused: it
 * would only fail with 30036 in Twilio's queue.
 */
export function check(
  state: MeterState,
  cost: number,
  traffic: Traffic,
  limits: MeterLimits,
  now: number,
  day: string,
  latestStart?: number,
): { granted: true } | Refusal {
  if (limits.dailyCap !== null && state.day === day && state.dayCount >= limits.dailyCap)
    return { granted: false, reason: "daily-cap", waitMs: CAP_RECHECK_MS };
  const backlog = backlogMs(state, now);
  if (latestStart !== undefined && now + backlog > latestStart) return { granted: false, reason: "busy", waitMs: Math.max(1, Math.ceil(backlog)) };
  const costMs = (cost * 1000) / effectiveRate(state, limits, now);
  // An idle sender takes any message, even one longer than the allowance; otherwise the queue it leaves
  // at Twilio must stay within what this traffic may build.
  if (backlog === 0 || backlog + costMs <= aheadMs(traffic, limits)) return { granted: true };
  // Room comes when the queue is short enough for this message, or empty, whichever is first.
  return { granted: false, reason: "busy", waitMs: Math.max(1, Math.ceil(Math.min(backlog, backlog + costMs - aheadMs(traffic, limits)))) };
}

/** Hands a message of `cost` segments to the sender's queue if `check` allows it. */
export function take(state: MeterState, cost: number, traffic: Traffic, limits: MeterLimits, now: number, day: string, latestStart?: number): TakeResult {
  const current = state.day === day ? recovered(state, now) : { ...recovered(state, now), day, dayCount: 0 };
  const verdict = check(current, cost, traffic, limits, now, day, latestStart);
  if (!verdict.granted) return { ...verdict, state: current };
  const startsAt = Math.max(current.drainAt, now);
  const drainAt = startsAt + (cost * 1000) / effectiveRate(current, limits, now);
  return { granted: true, startsAt, state: { ...current, drainAt, dayCount: current.dayCount + 1 } };
}

/**
 * Twilio pushed back (20429, 63017, 21611, 30001): halve the rate (down to an eighth) for a minute and
 * leave the sender one message-slot of silence, so the next attempts come slower instead of failing.
 */
export function slowDown(state: MeterState, limits: MeterLimits, now: number): MeterState {
  const current = recovered(state, now);
  const slowFactor = Math.max(SLOWEST_FACTOR, (now < current.slowUntil ? current.slowFactor : 1) / 2);
  const next = { ...current, slowFactor, slowUntil: now + SLOW_FOR_MS };
  return { ...next, drainAt: Math.max(next.drainAt, now) + 1000 / effectiveRate(next, limits, now) };
}

/** A slow period that has ended is forgotten. */
function recovered(state: MeterState, now: number): MeterState {
  return now >= state.slowUntil && state.slowFactor !== 1 ? { ...state, slowFactor: 1, slowUntil: 0 } : state;
}
