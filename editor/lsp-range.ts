/** @module Compiler spans (1-based line/column, UTF-16) as LSP ranges (0-based) and back. */
import type { Range } from "vscode-languageserver";
import type { Span } from "../compiler/diagnostics/types.ts";

export function rangeOf(span: Span): Range {
  return {
    start: { line: span.start.line - 1, character: span.start.column - 1 },
    end: { line: span.end.line - 1, character: span.end.column - 1 },
  };
}

/** A place in a bot: a file (relative to the bot root) and a span in it. */
export interface BotLocation {
  path: string;
  span: Span;
}
