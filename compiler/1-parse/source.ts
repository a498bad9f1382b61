/** @module Source positions: line index of a file, and joined line text that maps back to exact offsets. */
import type { Position, Span } from "../diagnostics/types.ts";

export interface LineIndex {
  file: string;
  /** Offset of the first character of every line (line 1 starts at 0). */
  starts: number[];
  length: number;
  /** Line (0-based) of the last lookup: the parser asks about one line many times in a row. */
  recent: number;
  /** Recent positions by `offset % 64`, shared by the spans that start or end at the same offset. */
  positions: (Position | undefined)[];
}

/** Same line breaks as the lexer: CRLF, CR or LF. */
export function createLineIndex(file: string, text: string): LineIndex {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 13) continue;
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    if (c === 10 || c === 13) starts.push(i + 1);
  }
  return { file, starts, length: text.length, recent: 0, positions: new Array<Position | undefined>(64).fill(undefined) };
}

// A trigger's span ends where its last reply's span ends, a pattern's span starts where its first word's
// does: positions are plain data that nothing mutates, so equal ones are one object. That is a fifth
// fewer of the objects the AST keeps, for one array read per lookup.
export function positionAt(index: LineIndex, offset: number): Position {
  const clamped = Math.max(0, Math.min(offset, index.length));
  const slot = clamped & 63;
  const cached = index.positions[slot];
  if (cached !== undefined && cached.offset === clamped) return cached;
  const position = computePosition(index, clamped);
  index.positions[slot] = position;
  return position;
}

function computePosition(index: LineIndex, clamped: number): Position {
  const starts = index.starts;
  let line = index.recent;
  const from = starts[line] ?? 0;
  if (!(from <= clamped && (line + 1 === starts.length || clamped < (starts[line + 1] ?? 0)))) {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= clamped) lo = mid;
      else hi = mid - 1;
    }
    line = lo;
    index.recent = lo;
  }
  return { offset: clamped, line: line + 1, column: clamped - (starts[line] ?? 0) + 1 };
}

export function spanAt(index: LineIndex, start: number, end: number): Span {
  return { file: index.file, start: positionAt(index, start), end: positionAt(index, Math.max(start, end)) };
}

/** Where a `^` continuation's text starts inside joined text: text index `at` came from source offset `offset`. */
export interface Piece {
  at: number;
  offset: number;
}

/**
 * The argument text of a command with its `^` continuations joined, plus where each piece came from,
 * so a tag found at index i of the joined text gets the span of the characters the author typed.
 */
export interface SourceText {
  text: string;
  /** Source offset of text index 0. */
  offset: number;
  /** Later pieces, sorted by `at`; empty for text from one line, which is nearly all of it. */
  pieces: readonly Piece[];
  index: LineIndex;
}

const onePiece: readonly Piece[] = Object.freeze([]);

export function sourceText(index: LineIndex, text: string, offset: number): SourceText {
  return { text, offset, pieces: onePiece, index };
}

/** Appends a continuation line's text, after `joiner` (which maps to the start of the appended line). */
export function appendSource(base: SourceText, joiner: string, text: string, offset: number): SourceText {
  return joinSources(base, joiner, [{ text, offset }]);
}

/** Appends several lines at once: one pass, where appending them one by one would copy the pieces each time. */
export function joinSources(base: SourceText, joiner: string, lines: readonly { text: string; offset: number }[]): SourceText {
  const pieces = base.pieces.slice();
  let text = base.text;
  for (const line of lines) {
    if (joiner) pieces.push({ at: text.length, offset: line.offset });
    pieces.push({ at: text.length + joiner.length, offset: line.offset });
    text = text + joiner + line.text;
  }
  return { text, offset: base.offset, pieces, index: base.index };
}

/** A slice keeps its mapping: the sub-languages scan slices of a line with exact spans. */
export function sliceSource(src: SourceText, from: number, to: number = src.text.length): SourceText {
  let pieces = onePiece;
  if (src.pieces.length > 0) {
    const kept: Piece[] = [];
    for (const p of src.pieces) if (p.at > from && p.at < to) kept.push({ at: p.at - from, offset: p.offset });
    if (kept.length > 0) pieces = kept;
  }
  return { text: src.text.slice(from, to), offset: offsetAt(src, from), pieces, index: src.index };
}

export function offsetAt(src: SourceText, i: number): number {
  const pieces = src.pieces;
  // The last piece that starts at or before `i` (duplicates: the later one), else the first line.
  let lo = -1;
  let hi = pieces.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((pieces[mid]?.at ?? 0) <= i) lo = mid;
    else hi = mid - 1;
  }
  const piece = lo < 0 ? undefined : pieces[lo];
  return piece ? piece.offset + (i - piece.at) : src.offset + i;
}

/** Span of text indices `[from, to)`; an end on a piece boundary stays on the earlier line. */
export function spanOf(src: SourceText, from: number, to: number): Span {
  const start = offsetAt(src, from);
  const end = to > from ? offsetAt(src, to - 1) + 1 : start;
  return spanAt(src.index, start, end);
}

/** True where a new line's text starts inside the joined text (a `^` continuation began there). */
export function isPieceStart(src: SourceText, i: number): boolean {
  if (i === 0) return true;
  // Pieces are sorted by `at`: find the first at or after `i`.
  const pieces = src.pieces;
  let lo = 0;
  let hi = pieces.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((pieces[mid]?.at ?? 0) < i) lo = mid + 1;
    else hi = mid;
  }
  return pieces[lo]?.at === i;
}
