/** @module Compile errors as `bot chat` and `bot test` print them: paths shown from the current folder, with a code frame. */
import { formatDiagnostic } from "../../compiler/diagnostics/format.ts";
import { displayPath } from "../../compiler/diagnostics/paths.ts";
import type { Diagnostic } from "../../compiler/diagnostics/types.ts";
import { diagnosticDocsLink } from "./docs-link.ts";

/** Formats the error-severity diagnostics; `root` is the bot folder the spans' relative paths start from. */
export function formatErrors(diagnostics: Diagnostic[], sources: { path: string; text: string }[], root: string): string[] {
  const texts = new Map(sources.map((s) => [s.path, s.text]));
  const docs = diagnosticDocsLink();
  return diagnostics
    .filter((d) => d.severity === "error")
    .map((d) => {
      const file = d.span.file;
      return formatDiagnostic({ ...d, span: { ...d.span, file: displayPath(file, process.cwd(), root) } }, texts.get(file), docs);
    });
}
