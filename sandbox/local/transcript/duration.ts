/** @module Durations in transcripts: `3000`, `"500ms"`, `"3s"`, `"1h30m"`, `"1d"`. */

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds for a duration the schema accepted; null for anything else. */
export function parseDuration(value: number | string): number | null {
  if (typeof value === "number") return Number.isInteger(value) && value >= 0 ? value : null;
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)/g)];
  if (parts.length === 0 || value.replace(/(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)/g, "").trim() !== "") return null;
  return Math.round(parts.reduce((total, [, n, unit]) => total + Number(n) * UNIT_MS[unit!]!, 0));
}
