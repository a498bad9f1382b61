/** @module Times on the command line and in the API: ISO dates and date-times, epoch ms, `now`, `today`, `yesterday`, and offsets such as `-2h` or `+30m`. */

export class TimeError extends Error {
  override name = "TimeError";
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const OFFSET = /^([+-])(\d+(?:\.\d+)?)(s|m|h|d)$/;
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
export const TIME_FORMS =
  "an ISO date or date-time (2024-05-01, 2024-05-01T14:30, 2024-05-01T14:30:00Z), epoch milliseconds, now, today, yesterday, or an offset from now such as -2h, -30m, +1d";

/** Epoch ms for `text`; throws TimeError naming the option and the accepted forms. */
export function parseTime(text: string, now: number, option: string): number {
  const value = text.trim();
  if (value === "now") return now;
  if (value === "today" || value === "yesterday") {
    const day = new Date(now);
    day.setHours(0, 0, 0, 0);
    return day.getTime() - (value === "yesterday" ? UNIT_MS.d : 0);
  }
  if (/^\d{10,}$/.test(value)) return Number(value);
  const offset = OFFSET.exec(value);
  if (offset) return now + (offset[1] === "-" ? -1 : 1) * Number(offset[2]) * UNIT_MS[offset[3] as keyof typeof UNIT_MS];
  const iso = ISO.exec(value);
  if (iso) {
    const [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    const check = new Date(Date.UTC(year, month - 1, day));
    const hour = Number(iso[4] ?? 0);
    const minute = Number(iso[5] ?? 0);
    const second = Number(iso[6] ?? 0);
    // Date.parse rolls 2024-02-30 over to March; a typo in a date must not silently pick another day.
    if (check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day && hour < 24 && minute < 60 && second < 60) {
      const at = Date.parse(value.replace(" ", "T"));
      if (!Number.isNaN(at)) return at;
    }
  }
  throw new TimeError(`${option} "${text}" is not a time: use ${TIME_FORMS}`);
}
