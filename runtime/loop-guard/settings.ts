/** @module `runtime.loopGuard` in bot.config.yaml: the limits, or `false` to turn the guard off. */
import { DEFAULT_LOOP_GUARD } from "./rules.ts";
import type { LoopGuardSettings } from "./rules.ts";

export const LOOP_GUARD_SCHEMA = {
  anyOf: [
    { const: false },
    {
      type: "object",
      additionalProperties: false,
      properties: {
        identical: { type: "integer", minimum: 1 },
        identicalWindowSeconds: { type: "integer", minimum: 1 },
        perMinute: { type: "integer", minimum: 1 },
      },
    },
  ],
} as const;

export type RawLoopGuard = false | { identical?: number; identicalWindowSeconds?: number; perMinute?: number } | undefined;

/** On by default; `false` turns it off (a bot whose users expect bursts, for example a test harness). */
export function loopGuardSettings(raw: RawLoopGuard): LoopGuardSettings | null {
  if (raw === false) return null;
  return {
    identical: raw?.identical ?? DEFAULT_LOOP_GUARD.identical,
    identicalWindowMs: raw?.identicalWindowSeconds !== undefined ? raw.identicalWindowSeconds * 1000 : DEFAULT_LOOP_GUARD.identicalWindowMs,
    perMinute: raw?.perMinute ?? DEFAULT_LOOP_GUARD.perMinute,
  };
}
