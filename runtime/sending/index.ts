/** @module Sending the way Twilio meters it: sender model, per-sender meter counted in segments, message cost. */
export { backlogMs, check, effectiveRate, initialMeter, slowDown, take, SLOW_FOR_MS, SLOWEST_FACTOR } from "./bucket.ts";
export type { MeterLimits, MeterState, Refusal, TakeResult, Traffic } from "./bucket.ts";
export { messageCost } from "./cost.ts";
export { capDay } from "./day.ts";
export { createSenderMeter, memoryMeterStore } from "./meter.ts";
export type { Grant, MeterSnapshot, MeterStore, SenderMeter } from "./meter.ts";
export { detectSender, meterLimits, senderLabel, senderModel } from "./model.ts";
export type { SenderInfo, SenderModel, SenderModelInput, SenderSources } from "./model.ts";
export * from "./rates.ts";
export { openSenderMeter } from "./open.ts";
export type { OpenMeterInput } from "./open.ts";
export { formatProjection, projectSend } from "./projection.ts";
export type { MeterProjection } from "./projection.ts";
