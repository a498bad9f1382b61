/** @module Diagnostics as plain data: a code from the catalog, a severity, a message and a source span. */

export type Severity = "error" | "warning" | "info";

/** A position in a source file. `line` and `column` are 1-based; `offset` is a 0-based UTF-16 index. */
export interface Position {
  offset: number;
  line: number;
  column: number;
}

/** A half-open source range `[start, end)` in one file. */
export interface Span {
  file: string;
  start: Position;
  end: Position;
}

export interface Diagnostic {
  /** Stable code from the catalog, e.g. `BOT001`, `SMS003`. Never reused. */
  code: string;
  severity: Severity;
  message: string;
  span: Span;
  /** Named values the message was built from (lint tests assert on these). */
  data?: Record<string, string | number>;
  /** A short suggestion for fixing the problem. */
  hint?: string;
  /** An edit that fixes the problem: the CLI prints it, an editor can apply it (an LSP code action). */
  fix?: DiagnosticFix;
}

/** Replacements in the diagnostic's own file; applying all of them fixes the problem and changes nothing else. */
export interface DiagnosticFix {
  /** What applying it does, in a few words ("Wrap the alternatives in ( )"). */
  title: string;
  /** Non-overlapping replacements, `[start, end)` replaced by `text` (an insertion when start equals end). */
  edits: { start: Position; end: Position; text: string }[];
}

/** A catalog entry: what a code means, independent of any occurrence. */
export interface CatalogEntry {
  code: string;
  /** Kebab-case name, subject first (`delay-missing-space`, `sms-segment-limit`). */
  name: string;
  severity: Severity;
  /** Message template; `{name}` placeholders are filled from `data`. */
  message: string;
  /** Why the problem matters, for docs/diagnostics. */
  description: string;
}

export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
}
