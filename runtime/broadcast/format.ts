/** @module Plain-text renderings of the dry-run report and the final delivery report, for the CLI. */
import { inertLine } from "../../compiler/diagnostics/inert-text.ts";
import { explainTwilioError } from "../twilio/index.ts";
import { senderLabel } from "./sender.ts";
import type { BroadcastProgress } from "../store/broadcasts/types.ts";
import type { DryRunReport } from "./report.ts";

const n = (x: number) => x.toLocaleString("en-US");
const when = (ms: number) => new Date(ms).toISOString().replace("T", " ").slice(0, 16) + " UTC";
const usd = (x: number) => `$${x.toFixed(x < 1 ? 4 : 2)}`;

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "unknown";
  if (seconds < 60) return `${Math.round(seconds * 10) / 10} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}

export function formatDryRun(report: DryRunReport, now: number): string[] {
  const lines = [
    `  audience     ${n(report.matched)} user(s) match; ${n(report.optedOut)} opted out (excluded); ${n(report.recipients)} recipient(s)${report.skipped ? `; ${n(report.skipped)} skipped (the body renders empty for them)` : ""}`,
    `  messages     ${n(report.messages)} (${n(report.mms)} MMS)`,
    `  segments     ${n(report.segments.total)} in all; per recipient: ${report.segments.histogram.map((h) => `${h.segments} segment${h.segments === 1 ? "" : "s"} × ${n(h.recipients)}`).join(", ") || "none"}`,
    `  encoding     GSM-7 ${n(report.encodings.gsm7)}, UCS-2 ${n(report.encodings.ucs2)}`,
    `  cost         ~${usd(report.cost.total)} (${usd(report.cost.perSegment)}/segment, ${usd(report.cost.perMms)}/MMS; broadcast.prices in bot.config.yaml)`,
    `  sender       ${senderLabel(report.sender.type)} (${report.sender.source}), ${report.sender.segmentsPerSecond} segment(s)/s`,
    `  pace         ${Math.round(report.rate * 100) / 100} msg/s → ${formatDuration(report.durationSeconds)}${report.startAt > now ? `, starting ${new Date(report.startAt).toISOString()}` : ""}`,
  ];
  const q = report.quietHours;
  if (q) {
    lines.push(
      `  quiet hours  ${q.quiet.start}–${q.quiet.end} in each recipient's local time (zone from the user variable "${q.timezoneVariable}", else Twilio's FromState/FromCountry, else the number)`,
    );
    for (const w of q.windows)
      lines.push(
        `               ${n(w.recipients).padStart(6)} × ${w.label}: ${w.opensAt === null ? "no window within the horizon" : w.opensAt <= report.startAt ? "open at the start" : `opens ${when(w.opensAt)}`}${w.lastAt !== null ? `, done ${when(w.lastAt)}` : ", not reached"}`,
      );
    if (q.unknown > 0) lines.push(`               ${n(q.unknown)} recipient(s) of unknown time zone: the strictest window of their region is used`);
  }
  lines.push(
    `  finish       ${report.finishAt === null ? `not within ${q?.maxDays ?? 0} day(s): ${n(q?.unreached ?? 0)} recipient(s) left after that` : when(report.finishAt)}`,
  );
  if (report.confirm) lines.push(`  WARNING      ${report.confirm}; sending needs --yes`);
  if (report.queueWaitSeconds > 0)
    lines.push(`  queue        faster than the sender: the last message waits ~${formatDuration(report.queueWaitSeconds)} in Twilio's queue`);
  if (report.longest.length > 0) lines.push(`  longest      ${report.longest.map((l) => `${inertLine(l.userId)} ${l.characters} chars`).join(", ")}`);
  lines.push(report.verdict.ok ? "  policy       OK" : `  policy       REFUSED: ${inertLine(report.verdict.reason)}`);
  if (!report.verdict.ok) for (const remedy of report.verdict.remedies) lines.push(`               - ${inertLine(remedy)}`);
  return lines;
}

export function formatFinal(p: BroadcastProgress): string[] {
  const lines = [
    `broadcast ${p.id}: ${p.state}`,
    `  recipients   ${n(p.recipients)} (${n(p.released)} handed to the outbox, ${n(p.queued)} still queued)`,
    `  sent         ${n(p.accepted)} accepted by Twilio`,
    `  delivered    ${n(p.delivered)}${p.accepted - p.delivered - p.undelivered > 0 ? ` (${n(p.accepted - p.delivered - p.undelivered)} without a final status yet)` : ""}`,
    `  failed       ${n(p.failed + p.undelivered)}`,
  ];
  for (const e of p.errors) {
    if (e.code === null) lines.push(`               ${n(e.count)} without a Twilio code (see bot logs)`);
    else {
      const info = explainTwilioError(e.code);
      lines.push(`               ${n(e.count)} × ${e.code} ${info.title}: ${info.explanation} Do: ${info.action}`);
    }
  }
  lines.push(`  opted out    ${n(p.optedOut)} skipped`);
  if (p.state === "canceled") lines.push(`  canceled     ${n(p.queued)} recipient(s) never reached; pending messages canceled`);
  if (p.waiting > 0) lines.push(`  waiting      ${n(p.waiting)} message(s) not settled yet`);
  return lines;
}
