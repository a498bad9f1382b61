/**
 * @module Whether a source is text at all. A binary file renamed `.bot` (or a file saved in Latin-1) would
 * otherwise parse into hundreds of BOT001 "Unknown command U+0000" errors; it gets one BOT040 and is skipped.
 * Loaders decode files as UTF-8 with replacement, so bytes that are not UTF-8 arrive as U+FFFD; a NUL is never
 * in a script.
 */

export interface NotText {
  /** Offset of the first offending character. */
  offset: number;
  reason: "a NUL byte" | "bytes that are not UTF-8";
}

/** The first sign that `text` is not a UTF-8 text file, or null. */
export function notTextProblem(text: string): NotText | null {
  const nul = text.indexOf("\u0000");
  const bad = text.indexOf("\uFFFD");
  if (nul === -1 && bad === -1) return null;
  if (bad === -1 || (nul !== -1 && nul < bad)) return { offset: nul, reason: "a NUL byte" };
  return { offset: bad, reason: "bytes that are not UTF-8" };
}
