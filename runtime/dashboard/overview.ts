/** @module The dashboard overview's counts: today (since midnight UTC) and the last 7 days, from the store's OverviewStore. */
import type { OverviewCounts, OverviewStore } from "../store/overview/types.ts";
import { explainTwilioError } from "../twilio/index.ts";
import { esc, table } from "./html.ts";

const DAY = 86_400_000;

/** The counts table, or a note when the store has no overview (a test double). */
export async function overviewCounts(overview: OverviewStore | undefined, now: number): Promise<string> {
  if (!overview) return `<p class="muted">No counts: this store does not provide them.</p>`;
  const today = await overview.counts(now - (now % DAY), now + 1);
  const week = await overview.counts(now - 7 * DAY, now + 1);
  const row = (name: string, show: (c: OverviewCounts) => string) => [esc(name), show(today), show(week)];
  return `<h2>Activity</h2>${table(
    ["", "Today (UTC)", "Last 7 days"],
    [
      row("Inbound", (c) => String(c.inbound)),
      row("Outbound", (c) => `${c.outbound.total}${byStatus(c)}`),
      row("Failures", (c) => `${c.failures.total > 0 ? `<span class="err">${c.failures.total}</span>` : "0"}${topErrors(c)}`),
      row("Opt-outs", (c) => String(c.optOuts)),
      row("New users", (c) => String(c.newUsers)),
    ],
  )}`;
}

function byStatus(c: OverviewCounts): string {
  const parts = Object.entries(c.outbound.byStatus)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([status, n]) => `${esc(status)} ${n}`);
  return parts.length > 0 ? `<div class="muted">${parts.join(", ")}</div>` : "";
}

function topErrors(c: OverviewCounts): string {
  const parts = c.failures.topErrors.map((e) => (e.code === null ? `no code ×${e.count}` : `${e.code} ${esc(explainTwilioError(e.code).title)} ×${e.count}`));
  return parts.length > 0 ? `<div class="muted">${parts.join("; ")}</div>` : "";
}
