/** @module At most 200 errors listed per file; the rest are counted in one BOT028 at the first one left out. */
import { createReporter, type Reporter } from "../diagnostics/report.ts";
import type { Diagnostic, DiagnosticFix, Span } from "../diagnostics/types.ts";

// A file that is not a script at all (a binary, a CSV, a 5 MB log) gives an error on nearly every line:
// hundreds of thousands of diagnostics that nobody reads and that took seconds to build and print.
// The cap is on errors, in source order; warnings between them stay, and everything after the last
// listed error is counted instead of listed. The count keeps the file failing: it is itself an error.

export const maxErrorsPerFile = 200;

export interface DiagnosticCap {
  limit: number;
  /** How many diagnostics were cut so far. */
  cut: number;
  /** Span of the earliest of them in the file, where BOT028 is reported. */
  first: Span | null;
  /** Once a list was cut: the offset of its last listed error. A diagnostic reported later at or after it is cut too. */
  cutFrom: number | null;
  /** `trimWhenLong` trims once a list is longer than this. */
  trimAt: number;
}

export function createCap(limit: number = maxErrorsPerFile): DiagnosticCap {
  return { limit, cut: 0, first: null, cutFrom: null, trimAt: 2 * limit };
}

function countCut(cap: DiagnosticCap, span: Span, count: number): void {
  if (!cap.first || span.start.offset < cap.first.start.offset) cap.first = span;
  cap.cut += count;
}

/**
 * A reporter that counts, without building them, the diagnostics a trimmed list would cut anyway:
 * those at or after `cap.cutFrom`, which stable sorting puts after the last listed error.
 */
export function cappedReporter(inner: Reporter, cap: DiagnosticCap): Reporter {
  const helpers: Record<string, unknown> = { diagnostics: inner.diagnostics };
  for (const [name, helper] of Object.entries(inner)) {
    if (name === "diagnostics") continue;
    const report = helper as (span: Span, data?: Record<string, string | number>, fix?: DiagnosticFix) => void;
    helpers[name] = (span: Span, data?: Record<string, string | number>, fix?: DiagnosticFix): void => {
      if (cap.cutFrom !== null && span.start.offset >= cap.cutFrom) countCut(cap, span, 1);
      else report(span, data, fix);
    };
  }
  return helpers as Reporter;
}

/**
 * For a list still being reported to: trims when it has doubled since the last trim, so the sorting is
 * amortised constant work per diagnostic even when there is nothing to cut (many warnings, few errors).
 */
export function trimWhenLong(diagnostics: Diagnostic[], cap: DiagnosticCap): void {
  if (diagnostics.length <= cap.trimAt) return;
  trimToCap(diagnostics, cap);
  cap.trimAt = Math.max(2 * cap.limit, 2 * diagnostics.length);
}

function byOffset(a: Diagnostic, b: Diagnostic): number {
  return a.span.start.offset - b.span.start.offset;
}

/**
 * Sorts `diagnostics` in place by where they start (stable, so equal offsets keep their order) and cuts
 * it after its `limit`-th error, counting what it cut. Safe to call on part of a file's diagnostics while
 * they are still being reported: whatever it cuts would be cut from the whole list too.
 */
export function trimToCap(diagnostics: Diagnostic[], cap: DiagnosticCap): void {
  diagnostics.sort(byOffset);
  let errors = 0;
  let end = diagnostics.length;
  for (let i = 0; i < diagnostics.length; i++) {
    if (diagnostics[i]?.severity === "error" && ++errors === cap.limit) {
      end = i + 1;
      break;
    }
  }
  const firstCut = diagnostics[end];
  if (!firstCut) return;
  countCut(cap, firstCut.span, diagnostics.length - end);
  cap.cutFrom = diagnostics[end - 1]?.span.start.offset ?? null;
  diagnostics.length = end;
}

/** A file's final list: sorted, cut after the `limit`-th error, and BOT028 last when anything was cut. */
export function cappedDiagnostics(diagnostics: Diagnostic[], cap: DiagnosticCap): Diagnostic[] {
  trimToCap(diagnostics, cap);
  if (!cap.first) return diagnostics;
  const summary = createReporter(diagnostics);
  summary.diagnosticsSuppressed(cap.first, { count: cap.cut, limit: cap.limit });
  return diagnostics;
}
