/** @module Twilio message statuses ranked by progress, so out-of-order status callbacks never move a message backwards. */

const RANK: Record<string, number> = {
  accepted: 0,
  scheduled: 0,
  queued: 1,
  sending: 2,
  sent: 3,
  // Final outcomes share a rank: the first final word wins, a later contradicting one is history only.
  delivered: 4,
  undelivered: 4,
  failed: 4,
  canceled: 4,
  partially_delivered: 4,
  read: 5,
};

/** Every status `bot logs --status` can find: Twilio's words, and `received` for inbound messages. */
export const LOG_STATUSES: readonly string[] = ["received", ...Object.keys(RANK)];

/** -1 for unknown words: they are recorded in the history but never replace a known status. */
export function statusRank(status: string | null): number {
  if (status === null) return -1;
  return RANK[status] ?? -1;
}

/** True once Twilio has handed the message on (or given up): strict ordering may send the next one. */
export function isSettled(status: string | null): boolean {
  return statusRank(status) >= 3;
}
