/** @module Sends one claimed outbox row through the Twilio client and records the outcome; never resends what may have arrived. */
import { explainTwilioError } from "../twilio/errors.ts";
import { backoffMs, classifySendError } from "./classify.ts";
import type { OutboxContext } from "./context.ts";
import { mediaUrl, outboundLog } from "./context.ts";
import { MEDIA_DROPPED, logDroppedMedia, nothingLeftReason, sendableMedia } from "./media.ts";
import { persist } from "./persist.ts";
import { LOOP_GUARD_CODE } from "../loop-guard/index.ts";
import { isDatabaseUnavailable } from "../store/unavailable.ts";
import type { OutboxRow, Transition } from "../store/index.ts";

export type SendOutcome = "sent" | "retry" | "unknown" | "failed" | "canceled";

const FROM_SENDING: Transition = { from: "sending" };

/**
 * Twilio's answers that mean "slower", not "never": too many concurrent requests (20429), the account's
 * rate cap (63017), the sender's queue full (21611, 30001). With a meter they slow it and the row goes back
 * without counting an attempt (docs/sending.md).
 */
export const BACK_PRESSURE = new Set([20429, 63017, 21611, 30001]);

export interface SendOptions {
  /** Twilio's ValidityPeriod, seconds (replies: what is left of their validity); null: Twilio's default. */
  validityPeriod?: number | null;
}

export async function sendRow(ctx: OutboxContext, row: OutboxRow, options: SendOptions = {}): Promise<SendOutcome> {
  const { store, clock, logger, settings } = ctx;
  const log = logger.child({ outboxId: row.id, to: row.userId, attempt: row.attempts });
  // A bot-folder file that is not there would reach Twilio as a URL answering 404 and fail the whole MMS.
  const { kept, dropped } = sendableMedia(row.media, ctx.root);
  if (dropped.length > 0 && row.body.trim() === "" && kept.length === 0) {
    const reason = nothingLeftReason(dropped);
    await store.markFailed(row.id, { at: clock.now(), error: reason, errorCode: null, log: outboundLog(ctx, row, null, "failed", null), ...FROM_SENDING });
    log.error(
      { event: "send.failed", code: MEDIA_DROPPED },
      `message ${row.id} to ${row.userId} not sent: ${reason}. Add the files to the bot folder or fix the paths in the bot (see docs/diagnostics/${MEDIA_DROPPED}.md).`,
    );
    return "failed";
  }
  logDroppedMedia(log, row, dropped);
  const sending = dropped.length === 0 ? row : { ...row, media: kept };
  let params;
  try {
    params = {
      to: row.userId,
      body: row.body,
      ...(ctx.sender.messagingServiceSid ? { messagingServiceSid: ctx.sender.messagingServiceSid } : { from: ctx.sender.from ?? undefined }),
      ...(kept.length > 0 && { mediaUrl: kept.map((m) => mediaUrl(m, ctx.publicUrl)) }),
      ...(ctx.publicUrl !== null && { statusCallback: `${ctx.publicUrl}/sms/status` }),
      ...(options.validityPeriod != null && { validityPeriod: options.validityPeriod }),
    };
  } catch (error) {
    const reason = (error as Error).message;
    await store.markFailed(row.id, { at: clock.now(), error: reason, errorCode: null, log: outboundLog(ctx, sending, null, "failed", null), ...FROM_SENDING });
    log.error({ event: "send.failed" }, `message ${row.id} to ${row.userId} not sent: ${reason}. Set BOT_PUBLIC_URL or use an absolute media URL.`);
    return "failed";
  }

  // The last look before Twilio: a STOP that committed after this row was claimed wins.
  let optedOut;
  try {
    optedOut = await store.cancelIfOptedOut(row.id, clock.now());
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    return notSentDatabaseAway(ctx, row, error);
  }
  if (optedOut) {
    log.info({ event: "send.canceled" }, `${row.kind} ${row.id} to ${row.userId} not sent: the user opted out while it was being claimed`);
    return "canceled";
  }

  // Two bots (or a bot and an autoresponder) answering each other: stop before it costs more.
  const held = await ctx.loopGuard?.check(row.userId, row.body);
  if (held) {
    const reason = `not sent: the loop guard (${LOOP_GUARD_CODE}) stopped sending to ${row.userId} until ${new Date(held.until).toISOString()} (${held.detail})`;
    await persist(ctx, `the loop guard's stop of message ${row.id}`, () =>
      store.markFailed(row.id, { at: clock.now(), error: reason, errorCode: null, log: null, ...FROM_SENDING }),
    );
    log.warn({ event: "send.loop-guard", code: LOOP_GUARD_CODE }, `${row.kind} ${row.id} to ${row.userId} ${reason}`);
    return "failed";
  }

  let created;
  try {
    created = await ctx.twilio.messages.create(params);
  } catch (error) {
    const failure = classifySendError(error);
    const now = clock.now();
    switch (failure.type) {
      case "retry": {
        if (ctx.meter && failure.code !== null && BACK_PRESSURE.has(failure.code)) return slowDown(ctx, row, failure.reason, failure.code);
        if (row.attempts >= settings.maxAttempts) return giveUp(ctx, sending, failure.reason, failure.code);
        const wait = backoffMs(row.attempts, ctx.random, settings.backoffBaseMs, settings.backoffCapMs);
        await persist(ctx, `the retry of message ${row.id}`, () =>
          store.markRetry(row.id, { at: now, nextAttemptAt: now + wait, error: failure.reason, errorCode: failure.code, ...FROM_SENDING }),
        );
        log.warn(
          { event: "send.retry", code: failure.code, retryInMs: wait },
          `message ${row.id} to ${row.userId} not accepted (${failure.reason}); it did not reach Twilio, retrying in ${wait} ms. If this persists, check connectivity to the Twilio API and lower traffic.`,
        );
        return "retry";
      }
      case "unknown": {
        await persist(ctx, `the unknown outcome of message ${row.id}`, () =>
          store.markUnknown(row.id, { at: now, nextAttemptAt: now + settings.reconcileDelayMs, error: failure.reason }),
        );
        log.warn(
          { event: "send.unknown" },
          `message ${row.id} to ${row.userId}: outcome unknown (${failure.reason}); the request may have reached Twilio, so it is not resent: in ${settings.reconcileDelayMs} ms the runtime looks it up at Twilio and resends only if it is not there.`,
        );
        return "unknown";
      }
      case "failed":
        return fail(ctx, sending, failure.reason, failure.code, FROM_SENDING);
      default: {
        const _exhaustive: never = failure;
        return _exhaustive;
      }
    }
  }
  const sentAt = clock.now();
  const recorded = await persist(ctx, `the sid ${created.sid} of message ${row.id}`, () =>
    store.markSent(row.id, { at: sentAt, sid: created.sid, status: created.status, log: outboundLog(ctx, sending, created.sid, created.status, null) }),
  );
  if (!recorded) {
    log.warn(
      { event: "send.late", sid: created.sid },
      `message ${row.id} to ${row.userId} was accepted by Twilio as ${created.sid}, but the row had already been settled by another process; nothing more is done for it`,
    );
    return "sent";
  }
  log.info({ event: "send.accepted", sid: created.sid, status: created.status }, `message ${row.id} to ${row.userId} accepted by Twilio as ${created.sid}`);
  return "sent";
}

/** Back-pressure: the sender's meter slows down and the row waits its turn again, its attempt not counted. */
async function slowDown(ctx: OutboxContext, row: OutboxRow, reason: string, code: number): Promise<SendOutcome> {
  const now = ctx.clock.now();
  await ctx.meter!.backPressure();
  const nextAttemptAt = now + ctx.settings.backoffBaseMs;
  await persist(ctx, `the retry of message ${row.id}`, () => ctx.store.releaseClaim(row.id, { at: now, nextAttemptAt, error: reason, errorCode: code }));
  ctx.logger.warn(
    { event: "send.back-pressure", outboxId: row.id, to: row.userId, code },
    `message ${row.id} to ${row.userId} not accepted yet (${reason}): Twilio asks to slow down, so sender ${ctx.meter!.model.key} now sends at a lower rate for a minute and the message goes again in its turn`,
  );
  return "retry";
}

/**
 * The database went away between the claim and the request: nothing reached Twilio, so the row goes back
 * to `pending` once the database is back (a peer that took it over meanwhile keeps it). Left `sending`, it
 * would be reconciled only after send timeout + reconcile delay, holding its user that long.
 */
async function notSentDatabaseAway(ctx: OutboxContext, row: OutboxRow, error: unknown): Promise<SendOutcome> {
  const reason = `not sent: the database was unreachable right before the request (${(error as Error).message})`;
  await persist(ctx, `the retry of message ${row.id}`, () =>
    ctx.store.markRetry(row.id, { at: ctx.clock.now(), nextAttemptAt: ctx.clock.now(), error: reason, errorCode: null, ...FROM_SENDING }),
  );
  ctx.logger.warn(
    { event: "send.retry", outboxId: row.id, to: row.userId },
    `message ${row.id} to ${row.userId} ${reason}; it goes again now that the database is back`,
  );
  return "retry";
}

/** A final Twilio error: record it with the explanation; 21610 also opts the user out. */
export async function fail(ctx: OutboxContext, row: OutboxRow, reason: string, code: number | null, transition: Transition): Promise<SendOutcome> {
  const now = ctx.clock.now();
  // A row a peer settled meanwhile is left as the peer left it.
  const marked = await persist(ctx, `the failure of message ${row.id}`, () =>
    ctx.store.markFailed(row.id, { at: now, error: reason, errorCode: code, log: outboundLog(ctx, row, null, "failed", code), ...transition }),
  );
  if (!marked) return "failed";
  const detail = code !== null ? `${reason} Do: ${explainTwilioError(code).action}` : reason;
  ctx.logger.error({ event: "send.failed", outboxId: row.id, to: row.userId, code }, `message ${row.id} to ${row.userId} failed: ${detail}`);
  if (code === 21610) await markOptedOut(ctx, row.userId, "twilio 21610");
  return "failed";
}

async function giveUp(ctx: OutboxContext, row: OutboxRow, reason: string, code: number | null): Promise<SendOutcome> {
  const hint = code !== null ? "" : " Check the network path to the Twilio API.";
  return fail(ctx, row, `gave up after ${row.attempts} attempts: ${reason}.${hint}`, code, FROM_SENDING);
}

export async function markOptedOut(ctx: OutboxContext, userId: string, reason: string): Promise<void> {
  await ctx.store.apply({ at: ctx.clock.now(), optOut: { userId, optedOut: true, reason } });
  ctx.logger.warn({ event: "optout", userId, reason }, `${userId} is now opted out (${reason}): nothing more is sent to this number until they text START.`);
}
