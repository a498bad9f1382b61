/** @module The insights query from URL parameters (`since`, `until`, `topic`, `limit`), for the API and the dashboard alike. */
import { parseTime, TimeError } from "../broadcast/time.ts";
import { BadParameter, timeInRange } from "../http/hygiene.ts";
import type { InsightsQuery } from "../store/insights/types.ts";
import { DEFAULT_GROUPS } from "./report.ts";

export type ParsedQuery = { ok: true; query: InsightsQuery & { limit: number } } | { ok: false; message: string };

const MAX_GROUPS = 1000;

export function insightsQuery(params: Record<string, unknown>, now: number): ParsedQuery {
  const text = (name: string): string | undefined => (typeof params[name] === "string" && params[name] !== "" ? (params[name] as string) : undefined);
  const query: InsightsQuery & { limit: number } = { limit: DEFAULT_GROUPS };
  try {
    for (const name of ["since", "until"] as const) {
      const value = text(name);
      if (value !== undefined) query[name] = timeInRange(parseTime(value, now, name), name, value);
    }
  } catch (error) {
    if (error instanceof TimeError || error instanceof BadParameter) return { ok: false, message: error.message };
    throw error;
  }
  const topic = text("topic");
  if (topic !== undefined) query.topic = topic;
  const limit = text("limit");
  if (limit !== undefined) {
    const n = Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > MAX_GROUPS) return { ok: false, message: `limit: a whole number from 1 to ${MAX_GROUPS}` };
    query.limit = n;
  }
  return { ok: true, query };
}
