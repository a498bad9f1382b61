/** @module Applying a diagnostic's fix to source text: what `bot compile` shows as the fixed line, what editors apply. */
import type { DiagnosticFix } from "./types.ts";

/** `source` with every edit of `fix` applied (edits are non-overlapping; applied from the last one back). */
export function applyFix(source: string, fix: DiagnosticFix): string {
  const edits = [...fix.edits].sort((a, b) => b.start.offset - a.start.offset);
  let text = source;
  for (const edit of edits) text = text.slice(0, edit.start.offset) + edit.text + text.slice(edit.end.offset);
  return text;
}

/** `fix: TITLE: LINE` with the line as the fix leaves it, when every edit is on one line; else just the title. */
export function describeFix(fix: DiagnosticFix, source: string | undefined): string {
  const line = fix.edits[0]?.start.line;
  const oneLine = line !== undefined && fix.edits.every((e) => e.start.line === line && e.end.line === line);
  if (source === undefined || !oneLine) return `fix: ${fix.title}`;
  const fixed = applyFix(source, fix).split(/\r\n|\r|\n/)[line - 1];
  return fixed === undefined ? `fix: ${fix.title}` : `fix: ${fix.title}: ${fixed.trim()}`;
}
