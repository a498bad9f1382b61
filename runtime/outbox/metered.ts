/**
 * @module Claiming due rows under the sender's meter (docs/sending.md): conversational rows (replies, reminders)
 * before broadcast rows, each message handed on only when the meter has room for its segments, replies past
 * their validity expired instead of sent late.
 */
import { catalogEntry } from "../../compiler/diagnostics/catalog.ts";
import { formatMessage } from "../../compiler/diagnostics/types.ts";
import type { OutboxKind, OutboxRow } from "../store/index.ts";
import { messageCost } from "../sending/cost.ts";
import type { Grant, SenderMeter } from "../sending/meter.ts";
import type { Traffic } from "../sending/bucket.ts";
import { MAX_VALIDITY_SECONDS, METERING_INTERVAL_MS } from "../sending/rates.ts";
import type { OutboxContext } from "./context.ts";
import { outboundLog } from "./context.ts";

export const REPLY_EXPIRED = "RUN020";

/** A claimed row and what the meter said about it. */
export type MeteredRow =
  /** Reminder rows are timers: they fire without using the sender. */
  { type: "reminder"; row: OutboxRow } | { type: "send"; row: OutboxRow; validityPeriod: number | null };

export interface MeteredClaim {
  rows: MeteredRow[];
  canceled: OutboxRow[];
  expired: number;
  /** Rows claimed but given back because the meter had no room: try again after `waitMs`. */
  waitMs: number | null;
}

export function trafficOf(kind: OutboxKind): Traffic {
  switch (kind) {
    case "reply":
    case "reminder":
      return "conversational";
    case "broadcast":
      return "broadcast";
    default: {
      const _exhaustive: never = kind;
      return _exhaustive;
    }
  }
}

/** How many rows one claim takes: about what the meter lets through before the next look. */
function claimLimit(meter: SenderMeter, traffic: Traffic, batchSize: number): number {
  const aheadMs = traffic === "conversational" ? meter.model.horizonMs : Math.min(METERING_INTERVAL_MS, meter.model.horizonMs);
  return Math.max(1, Math.min(batchSize, Math.floor((meter.model.segmentsPerSecond * aheadMs) / 1000)));
}

/**
 * One round: claims conversational rows while the sender has room for them, else broadcast rows while it has
 * room for those, then takes each message's segments from the meter in claim order. A row the meter refuses
 * (another process took the room meanwhile) goes back to `pending` without counting an attempt.
 */
export async function claimMetered(ctx: OutboxContext, meter: SenderMeter): Promise<MeteredClaim> {
  const { store, settings } = ctx;
  const result: MeteredClaim = { rows: [], canceled: [], expired: 0, waitMs: null };
  const conversational = await meter.check(1, "conversational");
  const broadcast = conversational.granted ? await meter.check(1, "broadcast") : conversational;
  const claim = (kinds: OutboxKind[], limit: number) =>
    store.claimDue({ now: ctx.clock.now(), ordering: settings.ordering, strictWaitMs: settings.strictWaitMs, limit, kinds });
  // Reminders fire whatever the sender's state; replies only when it has room for conversational traffic.
  let claimed = await claim(conversational.granted ? ["reminder", "reply"] : ["reminder"], claimLimit(meter, "conversational", settings.batchSize));
  if (claimed.rows.length === 0 && claimed.canceled.length === 0 && broadcast.granted)
    claimed = await claim(["broadcast"], claimLimit(meter, "broadcast", settings.batchSize));
  result.canceled = claimed.canceled;
  if (!conversational.granted) result.waitMs = conversational.waitMs;
  else if (!broadcast.granted && claimed.rows.length === 0) result.waitMs = broadcast.waitMs;

  let refused: number | null = null;
  for (const row of claimed.rows) {
    if (row.kind === "reminder") {
      result.rows.push({ type: "reminder", row });
      continue;
    }
    const now = ctx.clock.now();
    const validityPeriod = row.kind === "reply" ? validitySeconds(meter, row, now) : null;
    if (validityPeriod !== null && validityPeriod <= 0) {
      if (await expire(ctx, meter, row, now)) result.expired++;
      continue;
    }
    // Once one message waits, the rest of this claim waits too, so a user's order and the priority hold.
    // A reply Twilio could not start within its ValidityPeriod would fail there with 30036: it waits here instead.
    const latestStart = validityPeriod === null ? undefined : now + validityPeriod * 1000;
    const grant: Grant | null = refused === null ? await meter.take(messageCost(row.body, row.media), trafficOf(row.kind), latestStart) : null;
    if (grant?.granted) {
      result.rows.push({ type: "send", row, validityPeriod });
      continue;
    }
    const wait: number = refused ?? (grant && !grant.granted ? grant.waitMs : METERING_INTERVAL_MS);
    refused = wait;
    await store.releaseClaim(row.id, { at: now, nextAttemptAt: now + Math.min(wait, METERING_INTERVAL_MS), error: null, errorCode: null });
  }
  if (refused !== null) result.waitMs = Math.min(result.waitMs ?? refused, refused);
  return result;
}

/** What is left of the reply's validity, in whole seconds for Twilio's ValidityPeriod (≤ 0: it is too late). */
function validitySeconds(meter: SenderMeter, row: OutboxRow, now: number): number {
  const since = Math.max(row.createdAt, row.dueAt);
  const leftMs = meter.model.replyValidityMs - (now - since);
  return leftMs <= 0 ? 0 : Math.min(MAX_VALIDITY_SECONDS, Math.ceil(leftMs / 1000));
}

async function expire(ctx: OutboxContext, meter: SenderMeter, row: OutboxRow, now: number): Promise<boolean> {
  const waited = Math.round((now - Math.max(row.createdAt, row.dueAt)) / 1000);
  const validity = Math.round(meter.model.replyValidityMs / 1000);
  const message = formatMessage(catalogEntry(REPLY_EXPIRED).message, { to: row.userId, waited: String(waited), validity: String(validity) });
  const marked = await ctx.store.markExpired(row.id, { at: now, error: message, log: outboundLog(ctx, row, null, "expired", null) });
  if (marked)
    ctx.logger.warn(
      { event: "send.expired", code: REPLY_EXPIRED, outboxId: row.id, to: row.userId, waitedMs: now - Math.max(row.createdAt, row.dueAt) },
      `${REPLY_EXPIRED}: ${message} (see docs/diagnostics/${REPLY_EXPIRED}.md)`,
    );
  return marked;
}
