/** @module The day a daily cap counts in: T-Mobile's 10DLC caps reset at midnight Pacific time. */

const PACIFIC = new Intl.DateTimeFormat("en-CA", { timeZone: "America/Los_Angeles", year: "numeric", month: "2-digit", day: "2-digit" });

/** `YYYY-MM-DD` in America/Los_Angeles. */
export function capDay(epochMs: number): string {
  return PACIFIC.format(epochMs);
}
