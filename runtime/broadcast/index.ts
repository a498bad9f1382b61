/** @module Broadcasts: planning (audience, rendering, cost, policy), durable paced delivery, the worker `bot run` runs, and the hook that mounts the API and dashboard. */

// Planning
export { planBroadcast } from "./plan.ts";
export type { Plan, PlanInput, PlanResult } from "./plan.ts";
export { createBroadcastService } from "./service.ts";
export type { BroadcastRequest, BroadcastService, BroadcastServiceOptions } from "./service.ts";
export { parseWhere, matches, matchesAll, unknownVariables, WhereError, NAMESPACE_VARIABLES } from "./where.ts";
export type { Condition } from "./where.ts";
export { detectSender, policyVerdict, senderLabel, DEFAULT_SEGMENT_RATES, LONG_CODE_RECIPIENT_LIMIT } from "./sender.ts";
export type { SenderInfo } from "./sender.ts";
export { parseBroadcastSettings, DEFAULT_PRICES } from "./settings.ts";
export type { BroadcastSettings } from "./settings.ts";
export { MAX_BODY_CHARACTERS } from "./render.ts";
export { parseTime, TimeError, TIME_FORMS } from "./time.ts";

// Delivery
export { startPlanned } from "./start.ts";
export type { StartResult } from "./start.ts";
export { deliverBroadcast } from "./deliver.ts";
export type { DeliverOptions, DeliverOutcome } from "./deliver.ts";
export { createFeeder } from "./feeder.ts";
export { paceWindow } from "./pace.ts";
export { newLease, runnerIsDead, describeRunner, LEASE_STALE_MS } from "./lease.ts";
export { createBroadcastWorker } from "./worker.ts";
export type { BroadcastWorker } from "./worker.ts";

// Reports
export { formatDryRun, formatFinal, formatDuration } from "./format.ts";

// The `bot run` hook
export { attachBroadcasting } from "./attach.ts";
export type { Broadcasting, AttachOptions } from "./attach.ts";

export type * from "../store/broadcasts/types.ts";
export type * from "./report.ts";
