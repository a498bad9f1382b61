/** @module Maps what the lexer and line parser report onto BOT0xx diagnostics, in one place. */
import type { ILexingError, IRecognitionException, IToken } from "chevrotain";
import type { Reporter } from "../diagnostics/report.ts";
import { spanAt, type LineIndex } from "./source.ts";

// The token set is total and the grammar accepts every token sequence, so neither list is expected to
// have entries; if a future grammar change makes them reachable, they still become diagnostics.
export function reportSyntaxErrors(index: LineIndex, lexErrors: ILexingError[], parseErrors: IRecognitionException[], report: Reporter): void {
  for (const e of lexErrors) report.syntaxError(spanAt(index, e.offset, e.offset + e.length), { detail: e.message });
  for (const e of parseErrors) {
    const previous = (e as { previousToken?: IToken }).previousToken;
    const at = realOffset(e.token, previous, index.length);
    report.syntaxError(spanAt(index, at, at + Math.max(0, e.token.image?.length ?? 0)), { detail: e.message });
  }
}

/** Recovery-inserted and end-of-file tokens have no position (NaN in Chevrotain 11): use the one before. */
export function realOffset(token: IToken, previous: IToken | undefined, fallback: number): number {
  if (Number.isFinite(token.startOffset) && token.startOffset >= 0) return token.startOffset;
  if (previous && Number.isFinite(previous.startOffset) && previous.startOffset >= 0) return previous.startOffset;
  return fallback;
}

/** `/*` comments that reached the end of the file without `*\/`. */
export function reportUnterminatedComments(index: LineIndex, comments: IToken[], report: Reporter): void {
  for (const c of comments) {
    if (c.image.startsWith("/*") && (c.image.length < 4 || !c.image.endsWith("*/"))) {
      report.commentUnterminated(spanAt(index, c.startOffset, c.startOffset + 2));
    }
  }
}
