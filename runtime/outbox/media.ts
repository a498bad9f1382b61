/** @module Media of a row at send time: what the media rule (sms/media/rule.ts) refuses is dropped (RUN012), as in the local runtime and as `bot lint` reports it. */
import type { Logger } from "pino";
import { checkMedia, droppedMediaText } from "../media/bot-folder.ts";
import { MMS_TOTAL_BYTES } from "../../sms/media/rule.ts";
import type { OutboxRow } from "../store/index.ts";

export const MEDIA_DROPPED = "RUN012";

export interface DroppedMedia {
  reference: string;
  reason: string;
}

/**
 * Splits a row's media into what can be sent and what cannot. Checked at every attempt, not when the
 * reply was built, so a file added to the bot folder before a retry goes out. Bot-folder files that would
 * take the message over Twilio's 5 MB are dropped from there on (SMS005 in lint), so the rest still goes
 * out. Without a bot folder (a dispatcher that serves no files) nothing can be checked and every reference
 * is kept.
 */
export function sendableMedia(media: readonly string[], root: string | null): { kept: string[]; dropped: DroppedMedia[] } {
  const kept: string[] = [];
  const dropped: DroppedMedia[] = [];
  let bytes = 0;
  for (const reference of media) {
    if (root === null) {
      kept.push(reference);
      continue;
    }
    const check = checkMedia(reference, root);
    if (!check.ok) {
      dropped.push({ reference, reason: check.reason });
      continue;
    }
    if (check.kind === "file" && bytes + check.bytes > MMS_TOTAL_BYTES) {
      dropped.push({ reference, reason: `with it the message's media would be over the ${MMS_TOTAL_BYTES} bytes an MMS can carry` });
      continue;
    }
    if (check.kind === "file") bytes += check.bytes;
    kept.push(reference);
  }
  return { kept, dropped };
}

/** One warning per dropped file, for a message that still goes out with its text. */
export function logDroppedMedia(logger: Logger, row: OutboxRow, dropped: readonly DroppedMedia[]): void {
  for (const { reference, reason } of dropped) {
    const message = droppedMediaText(reference, reason);
    logger.warn(
      { event: "media.dropped", code: MEDIA_DROPPED, path: reference, outboxId: row.id, to: row.userId },
      `${MEDIA_DROPPED}: ${message} (see docs/diagnostics/${MEDIA_DROPPED}.md)`,
    );
  }
}

/** Why a message whose only content was media that cannot be sent is not sent at all. */
export function nothingLeftReason(dropped: readonly DroppedMedia[]): string {
  const files = dropped.map((d) => d.reason).join("; ");
  return `nothing to send: the message has no text and its media cannot be sent (${files})`;
}
