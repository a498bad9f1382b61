/** @module Media of a row at send time: bot-folder paths that are missing or lead out of the folder are dropped (RUN012), as in the local runtime. */
import type { Logger } from "pino";
import { catalogEntry } from "../../compiler/diagnostics/catalog.ts";
import { formatMessage } from "../../compiler/diagnostics/types.ts";
import { checkMedia } from "../media/bot-folder.ts";
import type { OutboxRow } from "../store/index.ts";

export const MEDIA_DROPPED = "RUN012";

export interface DroppedMedia {
  reference: string;
  reason: string;
}

/**
 * Splits a row's media into what can be sent and what cannot. Checked at every attempt, not when the
 * reply was built, so a file added to the bot folder before a retry goes out. Without a bot folder
 * (a dispatcher that serves no files) nothing can be checked and every reference is kept.
 */
export function sendableMedia(media: readonly string[], root: string | null): { kept: string[]; dropped: DroppedMedia[] } {
  const kept: string[] = [];
  const dropped: DroppedMedia[] = [];
  for (const reference of media) {
    const check = root === null ? { ok: true as const } : checkMedia(reference, root);
    if (check.ok) kept.push(reference);
    else dropped.push({ reference, reason: check.reason });
  }
  return { kept, dropped };
}

/** One warning per dropped file, for a message that still goes out with its text. */
export function logDroppedMedia(logger: Logger, row: OutboxRow, dropped: readonly DroppedMedia[]): void {
  const entry = catalogEntry(MEDIA_DROPPED);
  for (const { reference, reason } of dropped) {
    const message = formatMessage(entry.message, { path: reference, reason });
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
