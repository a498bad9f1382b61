/** @module Each sender type's default throughput in segments per second, with where the figure comes from (docs/sending.md). */
import type { SenderType } from "../../compiler/lint/types.ts";

export type { SenderType };

/** Every sender type `sender.type` accepts, in the order the docs list them. */
export const SENDER_TYPES: readonly SenderType[] = ["long-code", "toll-free", "short-code", "messaging-service", "10dlc"];

/**
 * Twilio's documented per-sender rates; a Messaging Service's pool is unknown, so one long code is assumed;
 * a 10DLC campaign without `carrierRates` gets the lowest reported carrier tier (4 segments/s).
 */
export const DEFAULT_SEGMENT_RATES: Readonly<Record<SenderType, number>> = {
  "long-code": 1,
  "toll-free": 3,
  "short-code": 100,
  "messaging-service": 1,
  "10dlc": 4,
};

/** Most of the sender's time handed to Twilio ahead of its rate (Twilio itself queues 10 hours). */
export const DEFAULT_HORIZON_SECONDS = 10;
/** ValidityPeriod of replies: an answer that cannot reach the user within 10 minutes is stale. */
export const DEFAULT_REPLY_VALIDITY_SECONDS = 600;
/** Twilio's ValidityPeriod range. */
export const MAX_VALIDITY_SECONDS = 36_000;
/** How often a broadcast may top up Twilio's queue: a reply waits behind at most this much broadcast traffic (or one message). */
export const METERING_INTERVAL_MS = 250;
