/** @module Pacing: how many outbox rows a broadcast may add now so that no one-second window carries more than its rate. */
import type { BroadcastStore } from "../store/broadcasts/types.ts";

export interface PaceWindow {
  /** The sliding window, ms (longer than a second when the rate is below 1/s). */
  windowMs: number;
  /** Rows allowed in one window. */
  cap: number;
  /** Spacing of due times, ms. */
  intervalMs: number;
}

export function paceWindow(rate: number): PaceWindow {
  const windowMs = Math.max(1000, Math.ceil(1000 / rate));
  return { windowMs, cap: Math.max(1, Math.floor((rate * windowMs) / 1000 + 1e-9)), intervalMs: 1000 / rate };
}

/**
 * Rows that may be released now. Rows not yet accepted by Twilio plus rows accepted within the last window
 * never exceed the cap; a row's acceptance is stamped after Twilio created it, so any window of Twilio's
 * creation times holds at most `cap` rows of this broadcast, however late the dispatcher runs.
 */
export async function budgetNow(broadcasts: BroadcastStore, id: number, rate: number, now: number): Promise<number> {
  const { windowMs, cap } = paceWindow(rate);
  return cap - (await broadcasts.inFlight(id, now - windowMs));
}
