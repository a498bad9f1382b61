/** @module `broadcast.quietHours` and `broadcast.marketing` in bot.config.yaml: the window, its horizon and the time-zone variable. */
import { parseClock } from "./window.ts";
import type { QuietWindow } from "./window.ts";

export interface QuietHours {
  /** Quiet from `start` to `end` in the recipient's local time. */
  window: QuietWindow;
  /** A broadcast that cannot reach everyone within this many days is refused without --yes. */
  maxDays: number;
  /** The user variable holding an IANA zone (set by the bot: `<set timezone=America/Chicago>`). */
  timezoneVariable: string;
}

/** TCPA and most state rules: no marketing texts before 8:00 or after 21:00 local time. */
export const DEFAULT_QUIET_HOURS = { start: "21:00", end: "08:00", maxDays: 3, timezoneVariable: "timezone" } as const;

/** JSON Schema of the two keys, for the `broadcast:` section's schema. One type per key, so a bad value is reported by its own key. */
export const QUIET_HOURS_SCHEMA = {
  marketing: { type: "boolean" },
  quietHours: {
    type: "object",
    additionalProperties: false,
    properties: {
      enabled: { type: "boolean" },
      start: { type: "string" },
      end: { type: "string" },
      maxDays: { type: "number", exclusiveMinimum: 0 },
      timezoneVariable: { type: "string", minLength: 1 },
    },
  },
} as const;

export interface RawQuietHours {
  enabled?: boolean;
  start?: string;
  end?: string;
  maxDays?: number;
  timezoneVariable?: string;
}

/** On with `marketing: true` or a `quietHours` section, unless `quietHours.enabled: false`. */
export function parseQuietHours(raw: RawQuietHours | undefined, marketing: boolean | undefined): { quietHours: QuietHours | null; errors: string[] } {
  const enabled = raw?.enabled ?? (raw !== undefined || marketing === true);
  if (!enabled) return { quietHours: null, errors: [] };
  const given = raw ?? {};
  const errors: string[] = [];
  const clock = (key: "start" | "end") => {
    const text = given[key] ?? DEFAULT_QUIET_HOURS[key];
    const minute = parseClock(text);
    if (minute === null)
      errors.push(
        `bot.config.yaml broadcast.quietHours.${key}: "${text}" is not a time of day; write it as HH:MM, 24-hour (such as ${DEFAULT_QUIET_HOURS[key]})`,
      );
    return minute ?? 0;
  };
  const window = { start: clock("start"), end: clock("end") };
  if (errors.length === 0 && window.start === window.end)
    errors.push(
      `bot.config.yaml broadcast.quietHours: start and end are both ${given.start}, which leaves no quiet time; set quietHours.enabled: false to turn quiet hours off`,
    );
  if (errors.length > 0) return { quietHours: null, errors };
  return {
    quietHours: {
      window,
      maxDays: given.maxDays ?? DEFAULT_QUIET_HOURS.maxDays,
      timezoneVariable: given.timezoneVariable ?? DEFAULT_QUIET_HOURS.timezoneVariable,
    },
    errors: [],
  };
}
