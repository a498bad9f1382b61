/** @module The dry-run report: what a broadcast would do (recipients, segments, cost, pace, quiet hours), and whether policy lets it. */
import type { Diagnostic } from "../../compiler/diagnostics/types.ts";
import type { QuietHoursReport } from "../quiet-hours/index.ts";
import type { SenderType } from "../store/broadcasts/types.ts";

/** The dry-run report: what a broadcast would do, and whether policy lets it. */
export interface DryRunReport {
  matched: number;
  optedOut: number;
  recipients: number;
  /** Recipients whose body rendered to nothing. */
  skipped: number;
  messages: number;
  mms: number;
  segments: { total: number; max: number; histogram: { segments: number; recipients: number }[] };
  encodings: { gsm7: number; ucs2: number };
  cost: { total: number; perSegment: number; perMms: number; currency: "USD" };
  sender: { type: SenderType; source: string; segmentsPerSecond: number };
  /** Messages per second. */
  rate: number;
  durationSeconds: number;
  /** When the last message is due (quiet hours included); null when it cannot be within quiet hours' maxDays. */
  finishAt: number | null;
  /** Windows, unknown zones and the projection; null when quiet hours are off. */
  quietHours: QuietHoursReport | null;
  /** A warning the sender must accept with --yes (the API: `"confirm": true`), or null. */
  confirm: string | null;
  /** How long the last message would wait in Twilio's queue at this rate (0 when the rate fits the sender). */
  queueWaitSeconds: number;
  startAt: number;
  longest: { userId: string; characters: number; segments: number }[];
  /** Per recipient (`--json` only): segments and the first part's text. */
  perRecipient: { userId: string; segments: number; messages: number; preview: string }[];
  diagnostics: Diagnostic[];
  verdict: Verdict;
}

export type Verdict = { ok: true } | { ok: false; reason: string; remedies: string[] };
