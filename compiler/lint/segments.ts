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
  if (text.length > EXACT_LIMIT) return estimateLong(text);
  const message = new SegmentedMessage(text, "auto", false);
  const encoding = message.encodingName === "UCS-2" ? "UCS-2" : "GSM-7";
  return {
    encoding,
    segments: message.segmentsCount,
    length: text.length,
    nonGsm: encoding === "UCS-2" ? [...new Set(message.getNonGsmCharacters())] : [],
  };
}

/**
 * Past this many UTF-16 units the calculator is not used: it splits the text into graphemes by concatenating arrays,
 * which is quadratic (a 50 KB reply took seconds to lint), and no finding depends on the exact count of a text this
 * far over any segment limit (10 segments of UCS-2 are 670 units).
 */
const EXACT_LIMIT = 4000;

/** Linear: septets (2 for GSM-7's extension table) over 153 per part, or UTF-16 units over 67 per part for UCS-2. */
function estimateLong(text: string): SegmentEstimate {
  const seen = new Set<string>();
  const nonGsm: string[] = [];
  let septets = 0;
  for (const char of text) {
    if (!isGsmCharacterCached(char)) {
      if (!seen.has(char)) nonGsm.push(char);
      seen.add(char);
    } else septets += GSM_BASIC.test(char) || char === "\r" ? 1 : 2;
  }
  if (nonGsm.length > 0) return { encoding: "UCS-2", segments: Math.ceil(text.length / 67), length: text.length, nonGsm };
  return { encoding: "GSM-7", segments: Math.ceil(septets / 153), length: text.length, nonGsm: [] };
}

const gsmCache = new Map<string, boolean>();
function isGsmCharacterCached(char: string): boolean {
  let known = gsmCache.get(char);
  if (known === undefined) {
    known = isGsmCharacter(char);
    gsmCache.set(char, known);
  }
  return known;
}

/** The GSM-7 look-alike Twilio's Smart Encoding would use for `char`, if any ('' means "drop it"). */
export function gsmLookAlike(char: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(smartMap, char) ? smartMap[char] : undefined;
}

/** True when `char` (one grapheme or code point) is in the GSM-7 alphabet or its extension table. */
export function isGsmCharacter(char: string): boolean {
  return new SegmentedMessage(char, "auto", false).encodingName === "GSM-7";
}
