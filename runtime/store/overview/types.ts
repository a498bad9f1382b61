/** @module What the dashboard's overview counts over a time window: messages in and out, failures, opt-outs, new users. */

export interface OverviewCounts {
  /** Messages users sent in the window. */
  inbound: number;
  /** Messages sent to users in the window (replies, delayed parts, reminders, broadcasts), by their latest Twilio status. */
  outbound: { total: number; byStatus: Record<string, number> };
  /** Outbound messages that ended `failed` or `undelivered`, and the most frequent Twilio error codes among them. */
  failures: { total: number; topErrors: { code: number | null; count: number }[] };
  /** Users who opted out in the window (and are still opted out). */
  optOuts: number;
  /** Users first seen in the window. */
  newUsers: number;
}

export interface OverviewStore {
  /** Counts for `[since, until)` (epoch ms). Read-only; each count is one indexed query. */
  counts(since: number, until: number): Promise<OverviewCounts>;
}
