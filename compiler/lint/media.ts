/** @module The media rule (sms/media/rule.ts) as lint applies it: what the text alone refuses, then what the probe found in the bot folder. */
import { readReference, type MediaProblem } from "../../sms/media/rule.ts";
import type { LintEnvironment, MediaItem } from "./types.ts";

export interface MediaRefusal {
  problem: MediaProblem;
  reason: string;
}

/** Why the runtime would drop `item` (RUN012), or null when nothing known stops it (built at run time, not probed, or fine). */
export function mediaRefusal(item: MediaItem, env: LintEnvironment): MediaRefusal | null {
  if (item.url === null) return null;
  const reference = readReference(item.url);
  if (reference.kind === "refused") return { problem: reference.problem, reason: reference.reason };
  const info = env.probeMedia?.(item.url);
  if (info && !info.ok) return { problem: info.problem ?? "missing", reason: info.reason };
  return null;
}
