/** @module `sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. */
import { catalog } from "../../diagnostics/catalog.ts";
import type { DiagnosticFix, Severity } from "../../diagnostics/types.ts";
import type { Formatter } from "./report.ts";

const level = (s: Severity): "error" | "warning" | "note" => (s === "info" ? "note" : s);

export const DOCS_BASE = "docs/diagnostics/";

export const sarif: Formatter = (report) => {
  const diagnostics = report.files.flatMap((f) => f.diagnostics);
  const codes = [...new Set(diagnostics.map((d) => d.code))].sort();
  const rules = codes.map((code) => {
    const entry = catalog.get(code);
    return {
      id: code,
      name: entry?.name ?? code,
      shortDescription: { text: entry?.name ?? code },
      fullDescription: { text: entry?.description ?? code },
      help: { text: `${entry?.description ?? code} See ${DOCS_BASE}${code}.md.` },
      defaultConfiguration: { level: level(entry?.severity ?? "warning") },
    };
  });
  const results = diagnostics.map((d) => ({
    ...(d.fix ? { fixes: [sarifFix(d.span.file, d.fix)] } : {}),
    ruleId: d.code,
    ruleIndex: codes.indexOf(d.code),
    level: level(d.severity),
    message: { text: d.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(d.span.file),
          region: {
            startLine: d.span.start.line,
            startColumn: d.span.start.column,
            endLine: d.span.end.line,
            endColumn: Math.max(d.span.end.column, 1),
          },
        },
      },
    ],
  }));
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [{ tool: { driver: { name: "bot lint", rules } }, results }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};

/**
 * Where a file is, as SARIF wants it: a relative URI reference (each segment percent-encoded) against
 * `%SRCROOT%`, the folder `bot lint` ran in, which is how the other formats show paths too. Code scanning
 * resolves it against the checkout when `bot lint` runs at the repository's root.
 */
function artifactLocation(file: string): { uri: string; uriBaseId: string } {
  return { uri: file.split("\\").join("/").split("/").map(encodeURIComponent).join("/"), uriBaseId: "%SRCROOT%" };
}

/** A SARIF 2.1.0 `fix`: the edits as replacements of regions of the diagnostic's file. */
function sarifFix(file: string, fix: DiagnosticFix) {
  return {
    description: { text: fix.title },
    artifactChanges: [
      {
        artifactLocation: artifactLocation(file),
        replacements: fix.edits.map((e) => ({
          deletedRegion: { startLine: e.start.line, startColumn: e.start.column, endLine: e.end.line, endColumn: e.end.column },
          insertedContent: { text: e.text },
        })),
      },
    ],
  };
}
