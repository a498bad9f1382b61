/** @module The sender type (long code, toll-free, short code, Messaging Service), its throughput, and the broadcast policy verdict. */
import type { SenderType, Verdict } from "./types.ts";

/** Segments per second Twilio releases per sender (twilio.md §8); a Messaging Service's pool is unknown, so one sender is assumed. */
export const DEFAULT_SEGMENT_RATES: Readonly<Record<SenderType, number>> = {
  "long-code": 1,
  "toll-free": 3,
  "short-code": 100,
  "messaging-service": 1,
};

/** Long codes are for conversations: marketing to this many unique recipients or more needs another sender. */
export const LONG_CODE_RECIPIENT_LIMIT = 100;
/** Twilio's queue validity (ValidityPeriod default, 10 hours). */
export const QUEUE_VALIDITY_SECONDS = 36_000;

const TOLL_FREE = new Set(["800", "833", "844", "855", "866", "877", "888"]);

export interface SenderSources {
  /** `sender.type` from bot.config.yaml. */
  configured: SenderType | null;
  from: string | null;
  messagingServiceSid: string | null;
}

export interface SenderInfo {
  type: SenderType;
  /** Where the type came from, for the report. */
  source: string;
}

export function detectSender({ configured, from, messagingServiceSid }: SenderSources): SenderInfo {
  if (configured) return { type: configured, source: "sender.type in bot.config.yaml" };
  if (messagingServiceSid) return { type: "messaging-service", source: `TWILIO_MESSAGING_SERVICE_SID ${messagingServiceSid}` };
  if (!from) return { type: "long-code", source: "assumed: neither TWILIO_FROM nor sender.type is set" };
  const digits = from.replace(/[^\d]/g, "");
  if (!from.startsWith("+") && /^\d{5,6}$/.test(digits)) return { type: "short-code", source: `TWILIO_FROM ${from} (5–6 digits)` };
  const national = digits.length === 11 && digits.startsWith("1") ? digits.slice(1) : digits.length === 10 ? digits : null;
  if (national !== null && TOLL_FREE.has(national.slice(0, 3)))
    return { type: "toll-free", source: `TWILIO_FROM ${from} (toll-free prefix ${national.slice(0, 3)})` };
  return { type: "long-code", source: `TWILIO_FROM ${from}` };
}

export function senderLabel(type: SenderType): string {
  switch (type) {
    case "long-code":
      return "long code";
    case "toll-free":
      return "toll-free number";
    case "short-code":
      return "short code";
    case "messaging-service":
      return "Messaging Service";
    default: {
      const _exhaustive: never = type;
      return _exhaustive;
    }
  }
}

export interface PolicyInput {
  sender: SenderType;
  recipients: number;
  queueWaitSeconds: number;
}

/** Refuses what Twilio or the carriers would block or expire; every refusal names the ways out. */
export function policyVerdict({ sender, recipients, queueWaitSeconds }: PolicyInput): Verdict {
  if (sender === "long-code" && recipients >= LONG_CODE_RECIPIENT_LIMIT) {
    return {
      ok: false,
      reason: `a long code may not broadcast to ${LONG_CODE_RECIPIENT_LIMIT} or more unique recipients (this one has ${recipients}): carriers filter bulk traffic from 10-digit numbers (error 30007) and a long code sends only about 1 segment per second.`,
      remedies: [
        "send from a short code (about 100 segments/s, made for bulk messaging)",
        "send from a verified toll-free number (about 3 segments/s)",
        "send through a Messaging Service with a sender pool (TWILIO_MESSAGING_SERVICE_SID)",
        `or narrow the audience with --where to fewer than ${LONG_CODE_RECIPIENT_LIMIT} recipients`,
      ],
    };
  }
  if (queueWaitSeconds > QUEUE_VALIDITY_SECONDS) {
    return {
      ok: false,
      reason: `at this rate the last messages would wait ${Math.round(queueWaitSeconds / 3600)} h in Twilio's queue, past its 10-hour validity (they would fail with 30036 or 21611).`,
      remedies: ["lower --rate (or broadcast.rate) to the sender's throughput", "use a faster sender (short code, Messaging Service pool)"],
    };
  }
  return { ok: true };
}
