/**
 * @module Twilio's sender queues (docs/sending.md): each sender releases its messages at its segment rate
 * (an MMS counts 1); a create that would queue past the sender's horizon is refused (21611, a number) or
 * fails after creation (30001, a Messaging Service); a message that would wait past its ValidityPeriod fails
 * with 30036 when that time comes; creates above the account's messages-per-second cap get 63017.
 */
import { restError, type RestError } from "./resource.ts";
import type { EmulatorState } from "./state.ts";
import type { CreatePlan } from "./validate-create.ts";
import type { DeliveryFailure } from "./types.ts";

/** Twilio's figures: 1 segment/s (a US long code), 10 hours of queue, 2,000 messages/s per account. */
const DEFAULT_RATE = 1;
const DEFAULT_QUEUE_SECONDS = 36_000;
const DEFAULT_ACCOUNT_MPS = 2_000;

export type Admission =
  /** Unmetered, or metered and queued: `releaseAt` is when it goes to `sending`; `failure` when it fails in the queue instead. */
  { type: "queue"; releaseAt: number | null; failure: (DeliveryFailure & { at: number }) | null } | { type: "refuse"; error: RestError };

/** Decides the message's place in its sender's queue and books it there (nothing is booked for a refusal). */
export function admit(state: EmulatorState, plan: CreatePlan): Admission {
  const metering = state.behavior.metering;
  if (!metering) return { type: "queue", releaseAt: null, failure: null };
  const now = state.now();
  state.accountCreates = state.accountCreates.filter((at) => at > now - 1000);
  if (state.accountCreates.length >= (metering.accountMps ?? DEFAULT_ACCOUNT_MPS)) {
    return {
      type: "refuse",
      error: restError(63017, `Your account sent more than ${metering.accountMps ?? DEFAULT_ACCOUNT_MPS} messages in the last second.`),
    };
  }
  const sender = plan.messagingServiceSid ?? plan.from ?? "";
  const rate = metering.senders?.[sender] ?? metering.segmentsPerSecond ?? DEFAULT_RATE;
  const cost = plan.mediaUrls.length > 0 ? 1 : plan.numSegments;
  const releaseAt = Math.max(state.senderDrainAt.get(sender) ?? now, now);
  const queueMs = (metering.queueSeconds ?? DEFAULT_QUEUE_SECONDS) * 1000;
  if (releaseAt - now > queueMs) {
    if (plan.messagingServiceSid === null)
      return { type: "refuse", error: restError(21611, `This 'From' number has exceeded the maximum number of queued messages.`) };
    state.accountCreates.push(now);
    return { type: "queue", releaseAt: null, failure: { status: "failed", errorCode: 30001, at: now } };
  }
  state.accountCreates.push(now);
  const expiresAt = plan.validityPeriod === null ? null : now + plan.validityPeriod * 1000;
  if (expiresAt !== null && releaseAt > expiresAt) return { type: "queue", releaseAt: null, failure: { status: "failed", errorCode: 30036, at: expiresAt } };
  state.senderDrainAt.set(sender, releaseAt + (cost * 1000) / rate);
  return { type: "queue", releaseAt, failure: null };
}

/**
 * Waits for moments of the emulator's clock (which tests may drive): one timer checks every few ms while
 * anything waits, however many messages are queued.
 */
export interface ReleaseClock {
  until(at: number, signal: AbortSignal): Promise<void>;
}

export function createReleaseClock(state: EmulatorState, checkMs = 5): ReleaseClock {
  const waiting = new Set<{ at: number; resolve: () => void }>();
  let timer: NodeJS.Timeout | null = null;
  const pump = () => {
    const now = state.now();
    for (const entry of waiting)
      if (entry.at <= now) {
        waiting.delete(entry);
        entry.resolve();
      }
    if (waiting.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
  return {
    until(at, signal) {
      if (at <= state.now()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const entry = {
          at,
          resolve: () => {
            signal.removeEventListener("abort", onAbort);
            resolve();
          },
        };
        const onAbort = () => {
          waiting.delete(entry);
          reject(signal.reason);
        };
        signal.addEventListener("abort", onAbort, { once: true });
        waiting.add(entry);
        if (timer === null) {
          timer = setInterval(pump, checkMs);
          timer.unref();
        }
      });
    },
  };
}
