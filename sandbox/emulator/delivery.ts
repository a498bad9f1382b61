/** @module Moves an outbound message through Twilio's statuses and POSTs signed status callbacks. */
import { setMaxListeners } from "node:events";
import { API_VERSION } from "./resource.ts";
import { shuffleDifferent } from "./random.ts";
import { signedPost } from "./signed-post.ts";
import { createReleaseClock } from "./metering.ts";
import { setStatus, type EmulatorState } from "./state.ts";
import type { CallbackAttempt, DeliveryFailure, EmulatedMessage, MessageStatus } from "./types.ts";

interface Step {
  status: MessageStatus;
  errorCode: number | null;
}

/** What metering decided for the message (metering.ts): when its sender's queue reaches it, or how it fails there. */
export interface QueuePlace {
  releaseAt: number | null;
  failure: (DeliveryFailure & { at: number }) | null;
}

export interface DeliveryTracker {
  /** Starts delivery of a message; the returned promise settles when its last callback was attempted. */
  start(message: EmulatedMessage, place?: QueuePlace): void;
  settle(): Promise<void>;
  /** Stops every pending delivery (reset, close). */
  abort(): void;
}

function failureFor(state: EmulatorState, to: string): DeliveryFailure | null {
  const delivery = state.behavior.delivery;
  const byNumber = delivery.failures?.[to];
  if (byNumber) return byNumber;
  const rate = delivery.failureRate;
  if (rate && state.random.next() < rate.probability) return { status: rate.status, errorCode: rate.errorCode };
  return null;
}

/** accepted (Messaging Service) → queued → sending → sent → delivered, or a failure at the right point. */
export function planSteps(message: EmulatedMessage, failure: DeliveryFailure | null): Step[] {
  const steps: Step[] = message.status === "accepted" ? [{ status: "queued", errorCode: null }] : [];
  if (failure?.status === "failed") return [...steps, { status: "failed", errorCode: failure.errorCode }];
  steps.push({ status: "sending", errorCode: null }, { status: "sent", errorCode: null });
  steps.push(failure ? { status: "undelivered", errorCode: failure.errorCode } : { status: "delivered", errorCode: null });
  return steps;
}

/** RawDlrDoneDate: YYMMDDhhmm in UTC, added by Twilio to delivered/undelivered callbacks. */
function rawDlrDoneDate(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/^\d\d(\d\d)-(\d\d)-(\d\d)T(\d\d):(\d\d).*$/, "$1$2$3$4$5");
}

export function callbackParams(state: EmulatorState, message: EmulatedMessage, step: Step): Record<string, string> {
  const params: Record<string, string> = {
    AccountSid: message.accountSid,
    ApiVersion: API_VERSION,
    From: message.from ?? "",
    MessageSid: message.sid,
    MessageStatus: step.status,
    SmsSid: message.sid,
    SmsStatus: step.status,
    To: message.to,
  };
  if (message.messagingServiceSid) params["MessagingServiceSid"] = message.messagingServiceSid;
  if (step.errorCode !== null) params["ErrorCode"] = String(step.errorCode);
  if (step.status === "delivered" || step.status === "undelivered") params["RawDlrDoneDate"] = rawDlrDoneDate(state.now());
  return params;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

export function createDeliveryTracker(state: EmulatorState, assignSender: (message: EmulatedMessage) => void): DeliveryTracker {
  // One signal ends every delivery in flight (reset/close); under load thousands listen to it at once.
  const newController = () => {
    const next = new AbortController();
    setMaxListeners(0, next.signal);
    return next;
  };
  let controller = newController();
  const pending = new Set<Promise<void>>();
  const clock = createReleaseClock(state);

  const postCallback = async (message: EmulatedMessage, step: Step, signal: AbortSignal) => {
    const url = message.statusCallback;
    if (url === null || signal.aborted) return;
    const timeoutMs = state.behavior.delivery.callbackTimeoutMs ?? 5000;
    const result = await signedPost(url, callbackParams(state, message, step), state.authToken, timeoutMs);
    const attempt: CallbackAttempt = {
      status: step.status,
      url,
      at: state.now(),
      ...(result.status !== undefined && { responseStatus: result.status }),
      ...(result.error !== undefined && { error: result.error }),
    };
    message.callbacks.push(attempt);
    if (result.error !== undefined || (result.status ?? 0) >= 400) {
      state.log(`status callback ${step.status} for ${message.sid} to ${url} failed: ${result.error ?? `HTTP ${result.status}`}`);
    }
    state.events.emit("event", { type: "callback", message, attempt });
  };

  const run = async (message: EmulatedMessage, signal: AbortSignal, place: QueuePlace | null) => {
    const delivery = state.behavior.delivery;
    if (place?.failure) {
      // Failed in the sender's queue (overflow at once, ValidityPeriod when it runs out): nothing reaches the carrier.
      await clock.until(place.failure.at, signal);
      if (message.status === "accepted") assignSender(message);
      setStatus(state, message, place.failure.status, place.failure.errorCode, Math.max(place.failure.at, message.dateCreated));
      await postCallback(message, { status: place.failure.status, errorCode: place.failure.errorCode }, signal);
      return;
    }
    if (place?.releaseAt != null) {
      // The sender's queue reaches it: from here on it is sent like any other message.
      message.releaseAt = place.releaseAt;
      await clock.until(place.releaseAt, signal);
      if (message.status === "accepted") {
        assignSender(message);
        setStatus(state, message, "queued", null, place.releaseAt);
      }
      setStatus(state, message, "sending", null, place.releaseAt);
      await postCallback(message, { status: "sending", errorCode: null }, signal);
    }
    const all = planSteps(message, failureFor(state, message.to));
    const steps = place?.releaseAt != null ? all.filter((step) => step.status !== "queued" && step.status !== "sending") : all;
    // Decide reordering up front so the seeded sequence of draws does not depend on network timing.
    const reorder = steps.length > 1 && state.random.next() < (delivery.reorderProbability ?? 0);
    const delays = steps.map(() => (delivery.latencyMs ?? 50) + state.random.next() * (delivery.jitterMs ?? 0));
    const held: Step[] = [];
    // A metered message's later statuses are stamped from its release, so a test's clock gives exact times.
    let stamp = place?.releaseAt ?? null;
    for (const [i, step] of steps.entries()) {
      await sleep(delays[i] ?? 0, signal);
      if (step.status === "queued") assignSender(message);
      if (stamp !== null) stamp += delays[i] ?? 0;
      setStatus(state, message, step.status, step.errorCode, stamp ?? state.now());
      if (reorder) held.push(step);
      else await postCallback(message, step, signal);
    }
    for (const step of reorder ? shuffleDifferent(held, state.random) : []) await postCallback(message, step, signal);
  };

  return {
    start(message, place) {
      const signal = controller.signal;
      const task = run(message, signal, place ?? null).catch((error: unknown) => {
        if (!signal.aborted) state.log(`delivery of ${message.sid} stopped: ${String(error)}`);
      });
      pending.add(task);
      void task.finally(() => pending.delete(task));
    },
    async settle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    abort() {
      controller.abort(new Error("emulator reset"));
      controller = newController();
    },
  };
}
