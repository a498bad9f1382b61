/** @module The quiet-hours window: when a zone (or a set of zones, all of which must agree) may receive a broadcast, and when it next may. */
import { localMinute, offsetMinutes } from "./clock.ts";

const MINUTE = 60_000;

/** Quiet from `start` to `end`, minutes of the local day; `start > end` wraps midnight (21:00–08:00). */
export interface QuietWindow {
  start: number;
  end: number;
}

export function parseClock(text: string): number | null {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

export function formatClock(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
}

export function isQuietMinute(window: QuietWindow, minute: number): boolean {
  if (window.start === window.end) return false;
  return window.start > window.end ? minute >= window.start || minute < window.end : minute >= window.start && minute < window.end;
}

/** Open when no zone of the set is in its quiet hours. */
export function isOpen(zones: readonly string[], window: QuietWindow, at: number): boolean {
  return zones.every((zone) => !isQuietMinute(window, localMinute(zone, at)));
}

/**
 * The first moment at or after `at` when every zone is open, or null when that does not happen within
 * `horizonMs`. Each step jumps to the next local opening (`end`) of a zone still quiet, recomputed from
 * the zone's own offset there, so a DST change in between moves the opening with the clock.
 */
export function nextOpen(zones: readonly string[], window: QuietWindow, at: number, horizonMs = 3 * 86_400_000): number | null {
  let t = at;
  for (let step = 0; step < 64 && t - at <= horizonMs; step++) {
    let next = Infinity;
    for (const zone of zones) {
      const minute = localMinute(zone, t);
      if (!isQuietMinute(window, minute)) continue;
      const naive = Math.floor(t / MINUTE) * MINUTE + ((window.end - minute + 1440) % 1440 || 1440) * MINUTE;
      // Across a DST change the wall clock reaches `end` one offset difference earlier (spring) or later (autumn).
      const shifted = naive - (offsetMinutes(zone, naive) - offsetMinutes(zone, t)) * MINUTE;
      next = Math.min(next, shifted > t ? shifted : naive);
    }
    if (next === Infinity) return t;
    t = next;
  }
  return null;
}

/** The first moment after `at` when some zone of the set turns quiet (the window closes), within `horizonMs`. */
export function nextClose(zones: readonly string[], window: QuietWindow, at: number, horizonMs = 2 * 86_400_000): number | null {
  let best: number | null = null;
  for (const zone of zones) {
    const minute = localMinute(zone, at);
    if (isQuietMinute(window, minute)) return at;
    const close = Math.floor(at / MINUTE) * MINUTE + ((window.start - minute + 1440) % 1440 || 1440) * MINUTE;
    // A DST change before the close shifts it by the offset difference.
    const shifted = close - (offsetMinutes(zone, close) - offsetMinutes(zone, at)) * MINUTE;
    if (shifted - at <= horizonMs && (best === null || shifted < best)) best = shifted;
  }
  return best;
}

/**
 * Zones whose windows never overlap (a calling code spanning more hours than the window is long, such
 * as +1 across Guam and Maine) cannot all be honoured: keep the largest group whose UTC offsets lie
 * within the window's length, so the window used is the strictest one that exists.
 */
export function narrowToCommonWindow(zones: readonly string[], window: QuietWindow, at: number): string[] {
  if (zones.length <= 1 || nextOpen(zones, window, at, 2 * 86_400_000) !== null) return [...zones];
  const quiet = window.start > window.end ? 1440 - window.start + window.end : window.end - window.start;
  const span = 1440 - quiet;
  const sorted = [...zones].map((zone) => ({ zone, offset: offsetMinutes(zone, at) })).sort((a, b) => a.offset - b.offset);
  let best: typeof sorted = [];
  for (let i = 0; i < sorted.length; i++) {
    const band = sorted.filter((z) => z.offset >= sorted[i]!.offset && z.offset < sorted[i]!.offset + span);
    if (band.length > best.length) best = band;
  }
  return best.map((z) => z.zone);
}

/** The key recipients are grouped by: the window and the zones (a set when the exact zone is unknown). */
export function windowKey(window: QuietWindow, zones: readonly string[]): string {
  return `${formatClock(window.start)}-${formatClock(window.end)} ${[...zones].sort().join(",")}`;
}

export function parseWindowKey(key: string): { window: QuietWindow; zones: string[] } | null {
  const match = /^(\d\d:\d\d)-(\d\d:\d\d) (\S+)$/.exec(key);
  if (!match) return null;
  const start = parseClock(match[1]!);
  const end = parseClock(match[2]!);
  if (start === null || end === null) return null;
  return { window: { start, end }, zones: match[3]!.split(",") };
}
