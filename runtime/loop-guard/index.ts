/** @module The loop guard: stops sending to a user whose outbound traffic looks like a loop, until it passes or an operator clears it. */
export { createLoopGuard, LOOP_GUARD_CODE } from "./guard.ts";
export type { LoopGuard } from "./guard.ts";
export { DEFAULT_LOOP_GUARD, judge } from "./rules.ts";
export type { LoopGuardSettings, LoopRule, SentMessage, Trip } from "./rules.ts";
export { LOOP_GUARD_SCHEMA, loopGuardSettings } from "./settings.ts";
export type { Hold, LoopGuardStore } from "../store/loop-guard.ts";
export { isActive } from "../store/loop-guard.ts";
