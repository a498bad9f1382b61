/** @module Decides what a failed `messages.create` means for the row: retry, reconcile, or give up (and why). */
import { explainTwilioError } from "../twilio/errors.ts";

export type SendFailure =
  /** The request surely did not reach Twilio, or Twilio said it was not processed: send again after a backoff. */
  | { type: "retry"; reason: string; code: number | null }
  /** It may have reached Twilio: look for the message before any resend. */
  | { type: "unknown"; reason: string }
  /** Resending cannot help. */
  | { type: "failed"; reason: string; code: number | null };

// Errors raised before a connection exists: nothing was sent.
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH", "ERR_INVALID_URL"]);

export function classifySendError(error: unknown): SendFailure {
  const e = error as { status?: unknown; code?: unknown; message?: string; moreInfo?: unknown };
  const message = e?.message ?? String(error);
  // twilio-node's RestException: an HTTP answer from Twilio with `status` and usually a numeric `code`.
  if (typeof e?.status === "number") {
    const status = e.status;
    const code = typeof e.code === "number" ? e.code : status === 429 ? 20429 : status >= 500 ? 20500 : null;
    if (status === 429 || code === 20429) return { type: "retry", reason: `Twilio answered ${status} (${code}): ${message}`, code };
    if (code !== null) {
      const info = explainTwilioError(code);
      if (info.retry === "backoff") return { type: "retry", reason: `Twilio ${code} (${info.title})`, code };
      if (info.retry === "reconcile" || status >= 500) return { type: "unknown", reason: `Twilio answered ${status} (${code}): ${message}` };
      return { type: "failed", reason: `Twilio ${code} (${info.title}): ${info.explanation}`, code };
    }
    if (status >= 500) return { type: "unknown", reason: `Twilio answered ${status}: ${message}` };
    return { type: "failed", reason: `Twilio answered ${status}: ${message}`, code: null };
  }
  const errno = typeof e?.code === "string" ? e.code : "";
  if (NOT_SENT.has(errno)) return { type: "retry", reason: `could not connect to Twilio (${errno}): ${message}`, code: null };
  // Timeouts, resets and anything unexpected: the request may have been carried out.
  return { type: "unknown", reason: errno ? `${errno}: ${message}` : message };
}

/** Exponential backoff with a cap; `random` spreads retries of many rows (half the delay is jitter). */
export function backoffMs(attempt: number, random: () => number, baseMs = 1000, capMs = 60_000): number {
  const delay = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(delay / 2 + (random() * delay) / 2);
}
