/** @module SMS segment counting with Twilio's own calculator (sms-segments-calculator). */
import { SegmentedMessage } from "sms-segments-calculator";

export type SmsEncoding = "GSM-7" | "UCS-2";

export interface SegmentInfo {
  encoding: SmsEncoding;
  /** Number of SMS segments Twilio bills (1 for an empty body, as for a media-only message). */
  segments: number;
  /** Length as Twilio counts it for the 1600 limit (UTF-16 code units, so an emoji counts 2). */
  characters: number;
  /** Units used in the chosen encoding: GSM-7 septets (extension characters cost 2) or UCS-2 code units. */
  units: number;
}

/** Segments of a body; `smartEncoding` replaces Unicode look-alikes (curly quotes …) with GSM-7 first, as Twilio's option does. */
export function countSegments(body: string, options: { smartEncoding?: boolean } = {}): SegmentInfo {
  const message = new SegmentedMessage(body, "auto", options.smartEncoding ?? false);
  const encoding: SmsEncoding = message.encodingName === "GSM-7" ? "GSM-7" : "UCS-2";
  const bitsPerUnit = encoding === "GSM-7" ? 7 : 16;
  return {
    encoding,
    segments: message.segmentsCount,
    characters: body.length,
    units: Math.round(message.messageSize / bitsPerUnit),
  };
}
