/** @module Source positions: line index of a file, and joined line text that maps back to exact offsets. */
import type { Position, Span } from "../diagnostics/types.ts";

export interface LineIndex {
  file: string;
  /** Offset of the first character of every line (line 1 starts at 0). */
  starts: number[];
  length: number;
}

/** Same line breaks as the lexer: CRLF, CR or LF. */
export function createLineIndex(file: string, text: string): LineIndex {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    if (c === 10 || c === 13) starts.push(i + 1);
  }
  return { file, starts, length: text.length };
}

export function positionAt(index: LineIndex, offset: number): Position {
  const clamped = Math.max(0, Math.min(offset, index.length));
  let lo = 0;
  let hi = index.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((index.starts[mid] ?? 0) <= clamped) lo = mid;
    else hi = mid - 1;
  }
  return { offset: clamped, line: lo + 1, column: clamped - (index.starts[lo] ?? 0) + 1 };
}

export function spanAt(index: LineIndex, start: number, end: number): Span {
  return { file: index.file, start: positionAt(index, start), end: positionAt(index, Math.max(start, end)) };
}

/**
 * The argument text of a command with its `^` continuations joined, plus where each piece came from,
 * so a tag found at index i of the joined text gets the span of the characters the author typed.
 */
export interface SourceText {
  text: string;
  /** Sorted by `at`: text index `at` came from source offset `offset`. */
  segments: { at: number; offset: number }[];
  index: LineIndex;
}

export function sourceText(index: LineIndex, text: string, offset: number): SourceText {
  return { text, segments: [{ at: 0, offset }], index };
}

/** Appends a continuation line's text, after `joiner` (which maps to the start of the appended line). */
export function appendSource(base: SourceText, joiner: string, text: string, offset: number): SourceText {
  const segments = [...base.segments];
  if (joiner) segments.push({ at: base.text.length, offset });
  segments.push({ at: base.text.length + joiner.length, offset });
  return { text: base.text + joiner + text, segments, index: base.index };
}

/** A slice keeps its mapping: the sub-languages scan slices of a line with exact spans. */
export function sliceSource(src: SourceText, from: number, to: number = src.text.length): SourceText {
  const segments: { at: number; offset: number }[] = [{ at: 0, offset: offsetAt(src, from) }];
  for (const s of src.segments) if (s.at > from && s.at < to) segments.push({ at: s.at - from, offset: s.offset });
  return { text: src.text.slice(from, to), segments, index: src.index };
}

export function offsetAt(src: SourceText, i: number): number {
  let lo = 0;
  let hi = src.segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((src.segments[mid]?.at ?? 0) <= i) lo = mid;
    else hi = mid - 1;
  }
  const seg = src.segments[lo] ?? { at: 0, offset: 0 };
  return seg.offset + (i - seg.at);
}

/** Span of text indices `[from, to)`; an end on a piece boundary stays on the earlier line. */
export function spanOf(src: SourceText, from: number, to: number): Span {
  const start = offsetAt(src, from);
  const end = to > from ? offsetAt(src, to - 1) + 1 : start;
  return spanAt(src.index, start, end);
}

/** True where a new line's text starts inside the joined text (a `^` continuation began there). */
export function isPieceStart(src: SourceText, i: number): boolean {
  return i === 0 || src.segments.some((s) => s.at === i && s.at > 0);
}
