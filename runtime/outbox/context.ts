/** @module What the dispatcher's parts share: the store, the Twilio client, the clock, settings and the log. */
import type { Logger } from "pino";
import type { Clock } from "../../engine/types.ts";
import type { NewLogEntry, OutboxRow, Store } from "../store/index.ts";
import type { TwilioClient } from "../twilio/client.ts";
import { countSegments } from "../twilio/segments.ts";
import type { SenderMeter } from "../sending/meter.ts";
import type { LoopGuard } from "../loop-guard/index.ts";

export interface DispatcherSettings {
  ordering: "strict" | "relaxed";
  strictWaitMs: number;
  maxAttempts: number;
  /** Rows claimed per round. */
  batchSize: number;
  /** Wait after an unclear outcome before asking Twilio what happened. */
  reconcileDelayMs: number;
  /**
   * Strict ordering: an accepted message whose `sent`/`delivered` callback has not come this long after
   * Twilio accepted it, while a later part waits, has its status asked of Twilio (0: never; only the wait).
   */
  statusCheckMs: number;
  /** The REST client's timeout: a request still in flight is over by then. */
  sendTimeoutMs: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  pricePerSegment: number;
  pricePerMms: number;
}

export const DEFAULT_SETTINGS: DispatcherSettings = {
  ordering: "strict",
  strictWaitMs: 10_000,
  maxAttempts: 8,
  batchSize: 20,
  reconcileDelayMs: 5_000,
  statusCheckMs: 2_000,
  sendTimeoutMs: 15_000,
  backoffBaseMs: 1_000,
  backoffCapMs: 60_000,
  pricePerSegment: 0.0083,
  pricePerMms: 0.022,
};

export interface Sender {
  from: string | null;
  messagingServiceSid: string | null;
}

export interface OutboxContext {
  store: Store;
  twilio: Pick<TwilioClient, "messages">;
  clock: Clock;
  logger: Logger;
  sender: Sender;
  /** Base for media paths and the status callback; without it media must be absolute and no callback is asked for. */
  publicUrl: string | null;
  /** The bot folder: bot-folder media paths are checked against it before each send (null: not checked). */
  root: string | null;
  settings: DispatcherSettings;
  random: () => number;
  /** The sender's meter (docs/sending.md); null: rows go as soon as they are due, unmetered. */
  meter: SenderMeter | null;
  /** Checked right before each send; null: no guard. */
  loopGuard: LoopGuard | null;
}

/** Bot-folder paths become `<publicUrl>/media/<path>`; absolute URLs pass through. */
export function mediaUrl(media: string, publicUrl: string | null): string {
  if (/^https?:\/\//i.test(media)) return media;
  const relative = media.replace(/^\.?\/+/, "");
  if (publicUrl === null) throw new Error(`media "${media}" is a bot-folder path but no public URL is configured (BOT_PUBLIC_URL)`);
  return `${publicUrl}/media/${relative.split("/").map(encodeURIComponent).join("/")}`;
}

export function outboundLog(ctx: OutboxContext, row: OutboxRow, sid: string | null, status: string, errorCode: number | null): NewLogEntry {
  const { segments, encoding } = countSegments(row.body);
  const price = row.media.length > 0 ? ctx.settings.pricePerMms : segments * ctx.settings.pricePerSegment;
  return {
    direction: "out",
    sid,
    userId: row.userId,
    body: row.body,
    media: row.media,
    status,
    errorCode,
    segments,
    encoding,
    priceEstimate: Math.round(price * 1e6) / 1e6,
    outboxId: row.id,
    createdAt: ctx.clock.now(),
  };
}
