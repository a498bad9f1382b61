/** @module Exact source positions inside a span, from the source text when the caller supplied it. */
import type { Position, Span } from "../diagnostics/types.ts";

export function positionAt(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { offset, line, column: offset - lineStart + 1 };
}

/**
 * `positionAt`, counting lines from a known position at or before `offset` instead of from the top: the rules
 * locate thousands of spans in one large file, and counting from the top each time made that quadratic.
 */
export function positionFrom(text: string, from: Position, offset: number): Position {
  if (from.offset > offset) return positionAt(text, offset);
  let line = from.line;
  let lineStart = from.offset - (from.column - 1);
  for (let i = text.indexOf("\n", from.offset); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { offset, line, column: offset - lineStart + 1 };
}

/** The first occurrence of `needle` inside one of `regions` (in order), or null when unknown. */
export function findInRegions(needle: string, regions: readonly Span[], sources: ReadonlyMap<string, string>): Span | null {
  for (const region of regions) {
    const text = sources.get(region.file);
    if (text === undefined) continue;
    const index = text.slice(region.start.offset, region.end.offset).indexOf(needle);
    if (index === -1) continue;
    const start = region.start.offset + index;
    return { file: region.file, start: positionFrom(text, region.start, start), end: positionFrom(text, region.start, start + needle.length) };
  }
  return null;
}

/** A span covering a whole source text (a broadcast body file). */
export function wholeTextSpan(file: string, text: string): Span {
  return { file, start: { offset: 0, line: 1, column: 1 }, end: positionAt(text, text.length) };
}

/** The first line inside `region` that matches `pattern` (whole line, trimmed of its indentation), or null. */
export function findLine(pattern: RegExp, region: Span, sources: ReadonlyMap<string, string>): Span | null {
  const text = sources.get(region.file);
  if (text === undefined) return null;
  let offset = region.start.offset;
  for (const line of text.slice(region.start.offset, region.end.offset).split("\n")) {
    if (pattern.test(line)) {
      const start = offset + (line.length - line.trimStart().length);
      const end = offset + line.trimEnd().length;
      return { file: region.file, start: positionFrom(text, region.start, start), end: positionFrom(text, region.start, end) };
    }
    offset += line.length + 1;
  }
  return null;
}
