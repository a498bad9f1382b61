/** @module Chart data from the message log, pure: outbound messages per minute or hour by outcome, the delivery rate, failures by error code, segments against the sender's rate. */
import type { LogRecord } from "../../store/broadcasts/types.ts";

export type Outcome = "sent" | "delivered" | "failed";

/** Where a message ended: failed (or undelivered) at Twilio or the carrier, delivered, else sent (accepted, no final status yet). */
export function outcomeOf(record: LogRecord): Outcome {
  const status = record.status ?? "";
  if (status === "failed" || status === "undelivered" || record.errorCode !== null) return "failed";
  if (status === "delivered" || status === "read") return "delivered";
  return "sent";
}

export interface Buckets {
  starts: number[];
  sent: number[];
  delivered: number[];
  failed: number[];
  /** Segments handed to Twilio per bucket. */
  segments: number[];
}

/** `count` buckets of `sizeMs` ending with the one holding `now`. */
export function bucketOutbound(records: readonly LogRecord[], now: number, sizeMs: number, count: number): Buckets {
  const last = Math.floor(now / sizeMs) * sizeMs;
  const first = last - (count - 1) * sizeMs;
  const starts = Array.from({ length: count }, (_, i) => first + i * sizeMs);
  const out: Buckets = { starts, sent: starts.map(() => 0), delivered: starts.map(() => 0), failed: starts.map(() => 0), segments: starts.map(() => 0) };
  for (const r of records) {
    if (r.direction !== "out" || r.at < first || r.at >= last + sizeMs) continue;
    const i = Math.floor((r.at - first) / sizeMs);
    out[outcomeOf(r)][i]!++;
    if (r.sid !== null) out.segments[i]! += r.segments ?? 1;
  }
  return out;
}

/** Delivered among those with a final status; null when none has one yet. */
export function deliveryRate(records: readonly LogRecord[]): { delivered: number; final: number; rate: number | null } {
  let delivered = 0;
  let final = 0;
  for (const r of records) {
    if (r.direction !== "out") continue;
    const o = outcomeOf(r);
    if (o === "sent") continue;
    final++;
    if (o === "delivered") delivered++;
  }
  return { delivered, final, rate: final === 0 ? null : delivered / final };
}

export function failuresByCode(records: readonly LogRecord[]): { code: number | null; count: number }[] {
  const counts = new Map<number | null, number>();
  for (const r of records) if (r.direction === "out" && outcomeOf(r) === "failed") counts.set(r.errorCode, (counts.get(r.errorCode) ?? 0) + 1);
  return [...counts].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || (a.code ?? 0) - (b.code ?? 0));
}

/** Cumulative messages of a broadcast handed to Twilio over time. */
export function cumulative(records: readonly LogRecord[]): { at: number; value: number }[] {
  const times = records
    .filter((r) => r.direction === "out" && r.sid !== null)
    .map((r) => r.at)
    .sort((a, b) => a - b);
  return times.map((at, i) => ({ at, value: i + 1 }));
}
