/** @module What one message costs its sender's meter: SMS segments as Twilio counts them, or 1 for an MMS. */
import { countSegments } from "../twilio/segments.ts";

/**
 * An SMS costs its segment count (Twilio's own calculator); an MMS costs 1, since Twilio meters MMS per
 * message (1 MMS/s per US/Canada long code: "Twilio Multimedia Messaging (MMS) Account Rate Limits").
 */
export function messageCost(body: string, media: readonly string[]): number {
  if (media.length > 0) return 1;
  return countSegments(body).segments;
}
