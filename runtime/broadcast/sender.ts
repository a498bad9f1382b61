/** @module The sender type (long code, toll-free, short code, Messaging Service), its throughput, and the broadcast policy verdict. */
import type { SenderType } from "../store/broadcasts/types.ts";
import type { Verdict } from "./report.ts";

export { DEFAULT_SEGMENT_RATES, detectSender, senderLabel } from "../sending/index.ts";
export type { SenderInfo, SenderSources } from "../sending/index.ts";

/** Long codes are for conversations: marketing to this many unique recipients or more needs another sender. */
export const LONG_CODE_RECIPIENT_LIMIT = 100;
/** Twilio's queue validity (ValidityPeriod default, 10 hours). */
export const QUEUE_VALIDITY_SECONDS = 36_000;

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
