/** @module Turns a validated create request (or an inbound SMS) into a recorded message. */
import type { CreatePlan } from "./validate-create.ts";
import { addMessage, type EmulatorState } from "./state.ts";
import type { EmulatedMessage, MessageDirection } from "./types.ts";

/** Used when a Messaging Service has no configured pool: Twilio's well-known valid test sender. */
const FALLBACK_SENDER = "+15005550006";

/** Media messages get `MM` SIDs, text messages `SM`, as Twilio issues them. */
export function newMessageSid(state: EmulatorState, mediaCount: number): string {
  return state.random.sid(mediaCount > 0 ? "MM" : "SM");
}

export function createOutbound(state: EmulatorState, plan: CreatePlan, direction: MessageDirection = "outbound-api"): EmulatedMessage {
  const now = state.now();
  const viaService = plan.from === null;
  // Twilio answers `accepted` for a Messaging Service (sender not chosen yet), `queued` otherwise.
  const status = viaService ? "accepted" : "queued";
  const message: EmulatedMessage = {
    sid: newMessageSid(state, plan.mediaUrls.length),
    accountSid: state.accountSid,
    direction,
    from: plan.from,
    to: plan.to,
    body: plan.body,
    mediaUrls: plan.mediaUrls,
    messagingServiceSid: plan.messagingServiceSid,
    statusCallback: plan.statusCallback,
    status,
    errorCode: null,
    numSegments: plan.numSegments,
    dateCreated: now,
    dateUpdated: now,
    dateSent: null,
    validityPeriod: plan.validityPeriod,
    releaseAt: null,
    history: [{ status, at: now, errorCode: null }],
    callbacks: [],
  };
  addMessage(state, message);
  return message;
}

/** A Messaging Service keeps one sender per recipient once chosen, and rotates through its pool for new ones. */
export function assignSender(state: EmulatorState, message: EmulatedMessage): void {
  if (message.from !== null || message.messagingServiceSid === null) return;
  const service = message.messagingServiceSid;
  const key = `${service}|${message.to}`;
  const pool = state.behavior.messagingServices[service] ?? [];
  const candidates = pool.length > 0 ? pool : state.behavior.phoneNumbers.map((n) => n.phone);
  const sticky = state.stickySenders.get(key);
  const chosen = sticky ?? candidates[state.stickySenders.size % Math.max(candidates.length, 1)] ?? FALLBACK_SENDER;
  state.stickySenders.set(key, chosen);
  message.from = chosen;
}
