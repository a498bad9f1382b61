/** @module `json`: the stable machine-readable shape documented in docs/lint.md (version 1). */
import { catalog } from "../../diagnostics/catalog.ts";
import type { Formatter } from "./report.ts";

export const JSON_FORMAT_VERSION = 1;

export const json: Formatter = (report) =>
  `${JSON.stringify(
    {
      version: JSON_FORMAT_VERSION,
      errorCount: report.errorCount,
      warningCount: report.warningCount,
      infoCount: report.infoCount,
      files: report.files.map((f) => ({
        file: f.file,
        errorCount: f.errorCount,
        warningCount: f.warningCount,
        diagnostics: f.diagnostics.map((d) => ({
          code: d.code,
          name: catalog.get(d.code)?.name ?? null,
          severity: d.severity,
          message: d.message,
          line: d.span.start.line,
          column: d.span.start.column,
          endLine: d.span.end.line,
          endColumn: d.span.end.column,
          data: d.data ?? {},
          ...(d.hint ? { hint: d.hint } : {}),
          ...(d.fix
            ? {
                fix: {
                  title: d.fix.title,
                  edits: d.fix.edits.map((e) => ({ line: e.start.line, column: e.start.column, endLine: e.end.line, endColumn: e.end.column, text: e.text })),
                },
              }
            : {}),
        })),
      })),
    },
    null,
    2,
  )}\n`;
