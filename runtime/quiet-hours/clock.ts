/** @module Local wall-clock time in an IANA zone, from Intl (DST-correct): UTC offsets, cached per quarter hour. */

const MINUTE = 60_000;
const QUARTER = 15 * MINUTE;
const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Whether Intl knows the zone (a user variable may hold anything). */
export function isZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/**
 * Minutes the zone's clock is ahead of UTC at `at`. Transitions fall on quarter hours everywhere, so one
 * lookup per quarter hour and zone is exact; the projection asks this thousands of times.
 */
export function offsetMinutes(zone: string, at: number): number {
  const bucket = Math.floor(at / QUARTER) * QUARTER;
  const key = `${zone} ${bucket}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const parts = Object.fromEntries(
      formatter(zone)
        .formatToParts(new Date(bucket))
        .map((p) => [p.type, p.value]),
    );
    const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute));
    offset = Math.round((wall - bucket) / MINUTE);
    if (offsets.size > 100_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/** Minute of the local day (0–1439) at `at`. */
export function localMinute(zone: string, at: number): number {
  const local = Math.floor(at / MINUTE) + offsetMinutes(zone, at);
  return ((local % 1440) + 1440) % 1440;
}

/** `HH:MM` local time at `at`, for reports. */
export function localTime(zone: string, at: number): string {
  const m = localMinute(zone, at);
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}
