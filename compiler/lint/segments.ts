/** @module Segment and encoding estimates through Twilio's own calculator (sms-segments-calculator). */
import { SegmentedMessage } from "sms-segments-calculator";
import * as smartEncodingModule from "sms-segments-calculator/dist/libs/SmartEncodingMap.js";

export interface SegmentEstimate {
  encoding: "GSM-7" | "UCS-2";
  segments: number;
  /** UTF-16 code units. */
  length: number;
  /** Characters outside GSM-7 (each once, in order of appearance). */
  nonGsm: string[];
}

// The package is CommonJS with an `__esModule` default; unwrap whichever shape the loader hands us.
const smartModule = smartEncodingModule as unknown as { default: Record<string, string> | { default: Record<string, string> } };
const smartMap: Record<string, string> =
  "default" in smartModule.default ? (smartModule.default.default as Record<string, string>) : (smartModule.default as Record<string, string>);

/** The GSM-7 basic table (one septet each, no escape): the common case, counted without the calculator. */
const GSM_BASIC = /^[@£$¥èéùìòÇ\nØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&'()*+,\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà]*$/;

/** Estimates `text` as Twilio sends it (no Smart Encoding). An empty body is 0 segments. */
export function estimateSegments(text: string): SegmentEstimate {
  if (text.length === 0) return { encoding: "GSM-7", segments: 0, length: 0, nonGsm: [] };
  // Only basic-table characters: one septet each, 160 in one segment or 153 per part (what the calculator gives).
  if (!text.includes("\r") && GSM_BASIC.test(text)) {
    return { encoding: "GSM-7", segments: text.length <= 160 ? 1 : Math.ceil(text.length / 153), length: text.length, nonGsm: [] };
  }
  const message = new SegmentedMessage(text, "auto", false);
  const encoding = message.encodingName === "UCS-2" ? "UCS-2" : "GSM-7";
  return {
    encoding,
    segments: message.segmentsCount,
    length: text.length,
    nonGsm: encoding === "UCS-2" ? [...new Set(message.getNonGsmCharacters())] : [],
  };
}

/** The GSM-7 look-alike Twilio's Smart Encoding would use for `char`, if any ('' means "drop it"). */
export function gsmLookAlike(char: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(smartMap, char) ? smartMap[char] : undefined;
}

/** True when `char` (one grapheme or code point) is in the GSM-7 alphabet or its extension table. */
export function isGsmCharacter(char: string): boolean {
  return new SegmentedMessage(char, "auto", false).encodingName === "GSM-7";
}
