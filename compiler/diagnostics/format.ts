/** @module Renders a diagnostic for a terminal: `file:line:col CODE message` and a code frame with carets. */
import type { Diagnostic } from "./types.ts";
import { describeFix } from "./fix.ts";

/** `source` is the text of `d.span.file`; without it only the first line is printed. */
export function formatDiagnostic(d: Diagnostic, source?: string): string {
  const { file, start, end } = d.span;
  const head = `${file}:${start.line}:${start.column} ${d.code} ${d.message}`;
  const fix = d.fix ? `\n  = ${describeFix(d.fix, source)}` : "";
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
  const frame = [
    `${String(start.line)} | ${shown}`,
    `${pad} | ${" ".repeat(from)}${"^".repeat(Math.min(to - from, Math.max(1, shown.length - from)))}`,
  ];
  return [head, ...frame].join("\n") + fix;
}

function expandTabs(text: string): string {
  return text.replace(/\t/g, "  ");
}
