/** @module The emulator's in-memory world: behaviour, messages, opt-outs, pending faults and rate-limit counts. */
import { EventEmitter } from "node:events";
import type { EmulatedMessage, EmulatorBehavior, EmulatorEvent, EmulatorOptions, Fault, MessageStatus } from "./types.ts";
import type { Random } from "./random.ts";

export interface EmulatorState {
  readonly accountSid: string;
  readonly authToken: string;
  readonly random: Random;
  readonly now: () => number;
  readonly log: (line: string) => void;
  readonly events: EventEmitter<{ event: [EmulatorEvent] }>;
  behavior: EmulatorBehavior;
  messages: Map<string, EmulatedMessage>;
  /** Opt-out scope (number or MG SID) → opted-out phones. */
  optOuts: Map<string, Set<string>>;
  faults: (Fault & { remaining: number })[];
  rateWindow: { start: number; count: number };
  /** Sticky sender per (service, recipient), as a Messaging Service keeps one sender per conversation. */
  stickySenders: Map<string, string>;
  /** Metering: when each sender's queue is empty again (epoch ms). */
  senderDrainAt: Map<string, number>;
  /** Metering: creation times of the last second, for the account cap. */
  accountCreates: number[];
}

export function defaultBehavior(options: EmulatorOptions): EmulatorBehavior {
  return {
    webhookUrl: options.webhookUrl ?? null,
    trial: options.trial ?? false,
    verifiedNumbers: options.verifiedNumbers ?? [],
    phoneNumbers: options.phoneNumbers ?? [],
    messagingServices: options.messagingServices ?? {},
    recipientErrors: options.recipientErrors ?? {},
    rateLimit: options.rateLimit ?? null,
    delivery: options.delivery ?? {},
    metering: options.metering ?? null,
  };
}

export function createState(options: EmulatorOptions, random: Random, credentials: { accountSid: string; authToken: string }): EmulatorState {
  return {
    ...credentials,
    random,
    now: options.now ?? Date.now,
    log: options.log ?? (() => {}),
    events: new EventEmitter<{ event: [EmulatorEvent] }>(),
    behavior: defaultBehavior(options),
    messages: new Map(),
    optOuts: new Map(),
    faults: [],
    rateWindow: { start: 0, count: 0 },
    stickySenders: new Map(),
    senderDrainAt: new Map(),
    accountCreates: [],
  };
}

export function addMessage(state: EmulatorState, message: EmulatedMessage): void {
  state.messages.set(message.sid, message);
  state.events.emit("event", { type: "message", message });
}

/** `at` defaults to now; metering passes the moment the sender's queue reached the message. */
export function setStatus(state: EmulatorState, message: EmulatedMessage, status: MessageStatus, errorCode: number | null, at: number = state.now()): void {
  message.status = status;
  message.errorCode = errorCode;
  message.dateUpdated = at;
  if (status === "sent" && message.dateSent === null) message.dateSent = at;
  message.history.push({ status, at, errorCode });
  state.events.emit("event", { type: "status", message });
}

export function isOptedOut(state: EmulatorState, scope: string, phone: string): boolean {
  return state.optOuts.get(scope)?.has(phone) ?? false;
}

export function setOptedOut(state: EmulatorState, scope: string, phone: string, optedOut: boolean): void {
  const phones = state.optOuts.get(scope) ?? new Set<string>();
  if (optedOut) phones.add(phone);
  else phones.delete(phone);
  state.optOuts.set(scope, phones);
  state.events.emit("event", { type: "optOut", phone, scope, optedOut });
}

/** Counts one create against the fixed window; false when the limit is reached. */
export function takeRateToken(state: EmulatorState): boolean {
  const limit = state.behavior.rateLimit;
  if (!limit) return true;
  const now = state.now();
  if (now - state.rateWindow.start >= limit.windowMs) state.rateWindow = { start: now, count: 0 };
  if (state.rateWindow.count >= limit.limit) return false;
  state.rateWindow.count++;
  return true;
}
