/** @module Settles `unknown` rows: finds the message at Twilio (same To and Body, created after the row) before anything is resent. */
import type { OutboxRow } from "../store/index.ts";
import type { OutboxContext } from "./context.ts";
import { outboundLog } from "./context.ts";
import { fail } from "./send.ts";

/** How far Twilio's clock may run behind ours when comparing creation times. */
const CLOCK_SKEW_MS = 60_000;
/** Twilio lists newest first; the message looked for is among a number's most recent ones. */
const LOOKBACK = 100;

export type ReconcileOutcome = "found" | "resend" | "pending-check" | "failed";

/** `claim` is the `retryAt` the row was claimed with (`claimUnknown`): every change below is conditional on it. */
export async function reconcileRow(ctx: OutboxContext, row: OutboxRow, claim: number): Promise<ReconcileOutcome> {
  const { store, clock, logger, settings } = ctx;
  const transition = { from: "unknown" as const, claim };
  const log = logger.child({ outboxId: row.id, to: row.userId });
  let listed;
  try {
    // No DateSent filter: a message still queued has no date_sent and would be missed.
    listed = await ctx.twilio.messages.list({ to: row.userId, pageSize: LOOKBACK, limit: LOOKBACK });
  } catch (error) {
    // The row stays unknown; claimUnknown already pushed its next check.
    log.warn(
      { event: "reconcile.error" },
      `could not ask Twilio about message ${row.id} to ${row.userId} (${(error as Error).message}); it stays unsent-or-sent and is checked again later. Check connectivity to the Twilio API.`,
    );
    return "pending-check";
  }
  const candidates = listed.filter(
    (m) => m.to === row.userId && m.body === row.body && m.direction !== "inbound" && (m.dateCreated?.getTime() ?? 0) >= row.createdAt - CLOCK_SKEW_MS,
  );
  // A sid on this very row is this row's own message, not another's (a peer recorded it meanwhile).
  const taken = await store.knownSids(
    candidates.map((m) => m.sid),
    row.id,
  );
  // Oldest first: the first free match is the one this row created.
  const match = candidates.filter((m) => !taken.has(m.sid)).sort((a, b) => (a.dateCreated?.getTime() ?? 0) - (b.dateCreated?.getTime() ?? 0))[0];
  if (match) {
    await store.markSent(row.id, { at: clock.now(), sid: match.sid, status: match.status, log: outboundLog(ctx, row, match.sid, match.status, null) });
    log.info({ event: "reconcile.found", sid: match.sid }, `message ${row.id} to ${row.userId} had reached Twilio as ${match.sid}; recorded, not resent`);
    return "found";
  }
  if (row.attempts >= settings.maxAttempts) {
    await fail(
      ctx,
      row,
      `gave up after ${row.attempts} attempts: Twilio never confirmed the message (${row.error ?? "unknown outcome"}). Check the Twilio API's status and connectivity.`,
      null,
      transition,
    );
    return "failed";
  }
  const now = clock.now();
  if (
    !(await store.markRetry(row.id, {
      at: now,
      nextAttemptAt: now,
      error: `not found at Twilio after: ${row.error ?? "unknown outcome"}`,
      errorCode: null,
      ...transition,
    }))
  ) {
    // Sent meanwhile (its sender recorded the sid) or re-claimed by a peer after this claim ran out.
    log.info({ event: "reconcile.settled" }, `message ${row.id} to ${row.userId} was settled elsewhere while it was looked up; not resent`);
    return "pending-check";
  }
  log.warn({ event: "reconcile.resend" }, `message ${row.id} to ${row.userId} never reached Twilio (${row.error ?? "unknown outcome"}); sending it again`);
  return "resend";
}
