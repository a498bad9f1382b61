/** @module Renders a diagnostic for a terminal: `file:line:col CODE message` and a code frame with carets. */
import type { Diagnostic } from "./types.ts";
import { describeFix } from "./fix.ts";
import { inertLine, inertText } from "./inert-text.ts";

/**
 * `source` is the text of `d.span.file`; without it only the first line is printed. `docs` gives the code's docs
 * page (a path or URL), printed last as `= docs: …`; null or absent prints none.
 */
export function formatDiagnostic(d: Diagnostic, source?: string, docs?: (code: string) => string | null): string {
  const { file, start, end } = d.span;
  // Messages and frames quote source text (a body, a copied .bot file): shown inert, control characters escaped.
  const head = `${inertLine(file)}:${start.line}:${start.column} ${d.code} ${inertText(d.message)}`;
  const page = docs?.(d.code) ?? null;
  const fix = (d.fix ? `\n  = ${inertText(describeFix(d.fix, source))}` : "") + (page !== null ? `\n  = docs: ${inertLine(page)}` : "");
  if (source === undefined) return head + fix;
  const lines = source.split(/\r\n|\r|\n/);
  const text = lines[start.line - 1];
  if (text === undefined) return head + fix;
  const gutter = String(start.line).length;
  const shown = expandTabs(text);
  const from = expandTabs(text.slice(0, start.column - 1)).length;
  const lastColumn = end.line === start.line ? end.column - 1 : text.length;
  const to = Math.max(from + 1, expandTabs(text.slice(0, lastColumn)).length);
  const pad = " ".repeat(gutter);
  const carets = Math.min(to - from, Math.max(1, shown.length - from));
  const cut = cutAround(shown, from, carets);
  const frame = [`${String(start.line)} | ${cut.text}`, `${pad} | ${" ".repeat(cut.from)}${"^".repeat(cut.carets)}`];
  return [head, ...frame].join("\n") + fix;
}

/** Widest code line a frame prints; longer lines are cut around the span, with `…` where text was left out. */
export const FRAME_WIDTH = 100;

/**
 * Cuts a long line to about FRAME_WIDTH characters around the span `[from, from + carets)`, keeping some context
 * before it; a span wider than the frame is shown from its start and its carets end at the cut.
 */
function cutAround(line: string, from: number, carets: number): { text: string; from: number; carets: number } {
  if (line.length <= FRAME_WIDTH) return { text: line, from, carets };
  const context = 20;
  const start = Math.max(0, Math.min(from - context, line.length - FRAME_WIDTH));
  const end = Math.min(line.length, start + FRAME_WIDTH);
  const head = start > 0 ? "…" : "";
  const tail = end < line.length ? "…" : "";
  const shownCarets = Math.max(1, Math.min(carets, end - from));
  return { text: head + line.slice(start, end) + tail, from: head.length + from - start, carets: shownCarets };
}

/** A code line as the frame shows it: tabs as two spaces, control characters escaped (carets count the escapes). */
function expandTabs(text: string): string {
  return inertLine(text.replace(/\t/g, "  "));
}
