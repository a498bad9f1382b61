/** @module The lint report the formatters render: diagnostics grouped by file, with counts. */
import type { Diagnostic } from "../../diagnostics/types.ts";
import { sortDiagnostics } from "../engine.ts";

export interface FileReport {
  file: string;
  diagnostics: Diagnostic[];
  errorCount: number;
  warningCount: number;
}

export interface LintReport {
  files: FileReport[];
  errorCount: number;
  warningCount: number;
  infoCount: number;
}

export function buildReport(diagnostics: readonly Diagnostic[]): LintReport {
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of sortDiagnostics([...diagnostics])) {
    const list = byFile.get(d.span.file) ?? [];
    list.push(d);
    byFile.set(d.span.file, list);
  }
  const count = (list: readonly Diagnostic[], severity: Diagnostic["severity"]): number => list.filter((d) => d.severity === severity).length;
  const files = [...byFile].map(([file, list]) => ({
    file,
    diagnostics: list,
    errorCount: count(list, "error"),
    warningCount: count(list, "warning"),
  }));
  return {
    files,
    errorCount: count(diagnostics, "error"),
    warningCount: count(diagnostics, "warning"),
    infoCount: count(diagnostics, "info"),
  };
}

export type Formatter = (report: LintReport) => string;
