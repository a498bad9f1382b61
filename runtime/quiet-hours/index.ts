/** @module Quiet hours for broadcasts: recipients' time zones, the window in their local time, and the schedule it gives. */
export { assignWindow, quietHoursReport } from "./report.ts";
export type { Assigned, QuietHoursReport, WindowSummary } from "./report.ts";
export { projectSchedule } from "./project.ts";
export type { Projection } from "./project.ts";
export { resolveZones } from "./resolve.ts";
export type { ZoneResolution, ZoneSource } from "./resolve.ts";
export { DEFAULT_QUIET_HOURS, QUIET_HOURS_SCHEMA, parseQuietHours } from "./settings.ts";
export type { QuietHours, RawQuietHours } from "./settings.ts";
export { formatClock, isOpen, nextClose, nextOpen, parseWindowKey, windowKey } from "./window.ts";
export type { QuietWindow } from "./window.ts";
export { localTime } from "./clock.ts";
