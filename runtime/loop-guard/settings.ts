/** @module `runtime.loopGuard` in bot.config.yaml: the limits, or `enabled: false` to turn the guard off. */
import { DEFAULT_LOOP_GUARD } from "./rules.ts";
import type { LoopGuardSettings } from "./rules.ts";

export { LOOP_GUARD_SCHEMA } from "../../config/runtime-schema.ts";

export type RawLoopGuard = { enabled?: boolean; identical?: number; identicalWindowSeconds?: number; perMinute?: number } | undefined;

/** On by default; `enabled: false` turns it off (a bot whose users expect bursts, for example a test harness). */
export function loopGuardSettings(raw: RawLoopGuard): LoopGuardSettings | null {
  if (raw?.enabled === false) return null;
  return {
    identical: raw?.identical ?? DEFAULT_LOOP_GUARD.identical,
    identicalWindowMs: raw?.identicalWindowSeconds !== undefined ? raw.identicalWindowSeconds * 1000 : DEFAULT_LOOP_GUARD.identicalWindowMs,
    perMinute: raw?.perMinute ?? DEFAULT_LOOP_GUARD.perMinute,
  };
}
