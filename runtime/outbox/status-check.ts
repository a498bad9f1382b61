/**
 * @module Asks Twilio for the status of accepted messages whose callback has not come while a later part of
 * their user waits (strict ordering). A callback sent to a process that died, or refused while the database
 * was away, is never sent again: without this its user would wait out the whole strict wait.
 */
import { isSettled } from "../store/index.ts";
import { describeTwilioError } from "../twilio/errors.ts";
import type { OutboxContext } from "./context.ts";
import { markOptedOut } from "./send.ts";

/** Checks the rows due for a status check; returns how many came back settled (`sent` or final), releasing the next part. */
export async function checkStatuses(ctx: OutboxContext): Promise<number> {
  const { store, settings, clock, logger } = ctx;
  if (store.claimStatusChecks === undefined || settings.ordering !== "strict" || settings.statusCheckMs <= 0) return 0;
  const now = clock.now();
  const rows = await store.claimStatusChecks({
    now,
    sentBefore: now - settings.statusCheckMs,
    strictWaitMs: settings.strictWaitMs,
    retryAt: now + settings.statusCheckMs,
    limit: settings.batchSize,
  });
  const settled = await Promise.all(
    rows.map(async (row) => {
      const sid = row.sid!;
      const log = logger.child({ outboxId: row.id, to: row.userId, sid });
      let message;
      try {
        message = await ctx.twilio.messages(sid).fetch();
      } catch (error) {
        // Nothing is lost: the row is checked again at its next check, and the strict wait still bounds the hold.
        log.warn(
          { event: "status.check-error" },
          `could not ask Twilio for the status of ${sid} to ${row.userId} (${(error as Error).message}); asking again in ${settings.statusCheckMs} ms. Check connectivity to the Twilio API.`,
        );
        return false;
      }
      const errorCode = message.errorCode ?? null;
      const result = await store.recordStatus(sid, { status: message.status, at: clock.now(), errorCode });
      if (!result.advanced) return false;
      log.info(
        { event: "status.fetched", status: result.status },
        `status ${message.status} for ${sid} to ${row.userId} asked of Twilio: its callback had not come ${settings.statusCheckMs} ms after the message was accepted`,
      );
      if (errorCode !== null)
        log.warn({ event: "status.error", code: errorCode }, `message ${sid} to ${row.userId} ${message.status}: ${describeTwilioError(errorCode)}`);
      if (errorCode === 21610) await markOptedOut(ctx, row.userId, "twilio 21610");
      return isSettled(result.status);
    }),
  );
  return settled.filter(Boolean).length;
}
