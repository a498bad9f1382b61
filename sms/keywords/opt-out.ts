/** @module Twilio's opt-out, opt-in and help keyword families, and the whole-body match Twilio applies. */

/** The value Twilio puts in `OptOutType` (Advanced Opt-Out) for each family. */
export type KeywordFamily = "STOP" | "START" | "HELP";

/** Twilio's default long-code keywords. Opt-out applies per sender (or per Messaging Service). */
export const OPT_OUT_KEYWORDS: readonly string[] = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE"];
export const OPT_IN_KEYWORDS: readonly string[] = ["START", "YES", "UNSTOP"];
export const HELP_KEYWORDS: readonly string[] = ["HELP", "INFO"];

const FAMILY_BY_KEYWORD = new Map<string, KeywordFamily>([
  ...OPT_OUT_KEYWORDS.map((k) => [k, "STOP"] as const),
  ...OPT_IN_KEYWORDS.map((k) => [k, "START"] as const),
  ...HELP_KEYWORDS.map((k) => [k, "HELP"] as const),
]);

/**
 * The keyword family of an inbound body, or null. Twilio matches the whole message, trimmed and
 * case-insensitively: "sToP" opts out, "STOP PLEASE" does not.
 */
export function classifyKeyword(body: string): KeywordFamily | null {
  return FAMILY_BY_KEYWORD.get(body.trim().toUpperCase()) ?? null;
}
