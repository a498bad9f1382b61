/** @module One meter per sender: the pure bucket applied to a row every process shares (the database), or to memory. */
import type { Clock } from "../../engine/types.ts";
import { backlogMs, check, effectiveRate, initialMeter, slowDown, take } from "./bucket.ts";
import type { MeterLimits, MeterState, Refusal, Traffic } from "./bucket.ts";
import { capDay } from "./day.ts";
import { meterLimits } from "./model.ts";
import type { SenderModel } from "./model.ts";

export type { MeterStore } from "../store/sender-meter.ts";
import type { MeterStore } from "../store/sender-meter.ts";

export type Grant = { granted: true; startsAt: number } | Refusal;

export interface MeterSnapshot {
  key: string;
  segmentsPerSecond: number;
  /** The rate now, back-pressure included. */
  effectiveRate: number;
  backlogMs: number;
  slowed: boolean;
  dayCount: number;
}

export interface SenderMeter {
  readonly model: SenderModel;
  /** Whether a message of `cost` segments could go now; takes nothing (a peek before claiming rows). */
  check(cost: number, traffic: Traffic): Promise<Grant>;
  /** Takes `cost` segments for a message about to be handed to Twilio, or says how long to wait; `latestStart`: refused if Twilio could not start it by then. */
  take(cost: number, traffic: Traffic, latestStart?: number): Promise<Grant>;
  /** Twilio pushed back: the sender slows down. */
  backPressure(): Promise<void>;
  snapshot(): Promise<MeterSnapshot>;
}

export function createSenderMeter(options: { model: SenderModel; store: MeterStore; clock: Clock }): SenderMeter {
  const { model, store, clock } = options;
  const limits: MeterLimits = meterLimits(model);
  const fresh = (now: number) => initialMeter(now, capDay(now));
  return {
    model,
    async check(cost, traffic) {
      const now = clock.now();
      const state = (await store.read(model.key)) ?? fresh(now);
      const day = capDay(now);
      const verdict = check(state.day === day ? state : { ...state, day, dayCount: 0 }, cost, traffic, limits, now, day);
      return verdict.granted ? { granted: true, startsAt: Math.max(state.drainAt, now) } : verdict;
    },
    take(cost, traffic, latestStart) {
      return store.update(model.key, (current) => {
        const now = clock.now();
        const result = take(current ?? fresh(now), cost, traffic, limits, now, capDay(now), latestStart);
        const grant: Grant = result.granted ? { granted: true, startsAt: result.startsAt } : { granted: false, reason: result.reason, waitMs: result.waitMs };
        return { state: result.state, result: grant };
      });
    },
    async backPressure() {
      await store.update(model.key, (current) => {
        const now = clock.now();
        return { state: slowDown(current ?? fresh(now), limits, now), result: undefined };
      });
    },
    async snapshot() {
      const now = clock.now();
      const state = (await store.read(model.key)) ?? fresh(now);
      const rate = effectiveRate(state, limits, now);
      return {
        key: model.key,
        segmentsPerSecond: model.segmentsPerSecond,
        effectiveRate: rate,
        backlogMs: backlogMs(state, now),
        slowed: rate < model.segmentsPerSecond,
        dayCount: state.day === capDay(now) ? state.dayCount : 0,
      };
    },
  };
}

/** Meter rows in this process only: for an in-memory database, where no other process can share them. */
export function memoryMeterStore(): MeterStore {
  const rows = new Map<string, MeterState>();
  return {
    async update(key, step) {
      const { state, result } = step(rows.get(key) ?? null);
      rows.set(key, state);
      return result;
    },
    async read(key) {
      return rows.get(key) ?? null;
    },
  };
}
