/** @module Quiet hours at planning time: each recipient's window key, and the dry run's windows, unknown zones and projected finish. */
import type { UserRecord } from "../store/index.ts";
import { offsetMinutes } from "./clock.ts";
import { projectSchedule } from "./project.ts";
import { oneClock, resolveZones } from "./resolve.ts";
import type { ZoneSource } from "./resolve.ts";
import type { QuietHours } from "./settings.ts";
import { formatClock, narrowToCommonWindow, nextOpen, windowKey } from "./window.ts";

const DAY = 86_400_000;

export interface WindowSummary {
  key: string;
  zones: string[];
  /** The zone, or the span of zones whose strictest window is used. */
  label: string;
  recipients: number;
  /** How the recipients' zones were found. */
  sources: Partial<Record<ZoneSource, number>>;
  /** When the window is open next (the start time itself when open then); null: not within the horizon. */
  opensAt: number | null;
  firstAt: number | null;
  lastAt: number | null;
}

export interface QuietHoursReport {
  quiet: { start: string; end: string };
  timezoneVariable: string;
  maxDays: number;
  windows: WindowSummary[];
  /** Recipients whose local clock is not known (only their region): the strictest window of the region is used. */
  unknown: number;
  /** When the last message is due; null when not within maxDays. */
  finishAt: number | null;
  /** Recipients not reached within maxDays. */
  unreached: number;
}

export interface Assigned {
  key: string;
  zones: string[];
  source: ZoneSource;
  exact: boolean;
}

/** The window key a recipient is released under. */
export function assignWindow(user: UserRecord, quietHours: QuietHours, at: number): Assigned {
  const { zones, source } = resolveZones(user, quietHours.timezoneVariable);
  const usable = narrowToCommonWindow(zones, quietHours.window, at);
  return { key: windowKey(quietHours.window, usable), zones: [...usable].sort(), source, exact: source !== "unknown" && oneClock(usable, at) };
}

export function quietHoursReport(
  quietHours: QuietHours,
  recipients: readonly { assigned: Assigned; messages: number }[],
  rate: number,
  startAt: number,
): QuietHoursReport {
  const projection = projectSchedule({
    recipients: recipients.map((r) => ({ key: r.assigned.key, messages: r.messages })),
    rate,
    startAt,
    horizonMs: quietHours.maxDays * DAY,
  });
  const byKey = new Map<string, WindowSummary>();
  for (const { assigned } of recipients) {
    let w = byKey.get(assigned.key);
    if (!w) {
      const timing = projection.windows.get(assigned.key);
      w = {
        key: assigned.key,
        zones: assigned.zones,
        label: labelOf(assigned.zones, startAt),
        recipients: 0,
        sources: {},
        opensAt: nextOpen(assigned.zones, quietHours.window, startAt, quietHours.maxDays * DAY),
        firstAt: timing?.firstAt ?? null,
        lastAt: timing?.lastAt ?? null,
      };
      byKey.set(assigned.key, w);
    }
    w.recipients++;
    w.sources[assigned.source] = (w.sources[assigned.source] ?? 0) + 1;
  }
  return {
    quiet: { start: formatClock(quietHours.window.start), end: formatClock(quietHours.window.end) },
    timezoneVariable: quietHours.timezoneVariable,
    maxDays: quietHours.maxDays,
    windows: [...byKey.values()].sort((a, b) => b.recipients - a.recipients || a.key.localeCompare(b.key)),
    unknown: recipients.filter((r) => !r.assigned.exact).length,
    finishAt: projection.finishAt,
    unreached: projection.unreached,
  };
}

function labelOf(zones: readonly string[], at: number): string {
  if (zones.length === 1) return zones[0]!;
  const sorted = [...zones].sort((a, b) => offsetMinutes(a, at) - offsetMinutes(b, at));
  return `${zones.length} zones, ${sorted[0]} … ${sorted.at(-1)} (strictest window)`;
}
