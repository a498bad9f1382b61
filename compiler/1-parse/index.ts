/** @module Phase 1: parse one `.bot` file into its AST, collecting syntax diagnostics. */
import { parseLines } from "../../grammar/parser.ts";
import { createReporter } from "../diagnostics/report.ts";
import type { Diagnostic } from "../diagnostics/types.ts";
import type { ScriptNode } from "./ast.ts";
import { finishScript, startScript, visitGroup } from "./build-ast.ts";
import { cappedDiagnostics, cappedReporter, createCap, trimWhenLong } from "./diagnostic-cap.ts";
import { createLineIndex, spanAt } from "./source.ts";
import { notTextProblem } from "./not-text.ts";
import { reportSyntaxErrors, reportUnterminatedComments } from "./syntax-errors.ts";

export type * from "./ast.ts";

export function parse(source: string, file: string): { ast: ScriptNode; diagnostics: Diagnostic[] } {
  const report = createReporter();
  const index = createLineIndex(file, source);
  // The AST is built statement by statement while the parser runs; its diagnostics come after the
  // line-level ones below, as they always did, so that equal offsets keep their order in the sort.
  const astReport = createReporter();
  const cap = createCap();
  const builder = startScript(index, cappedReporter(astReport, cap));
  // A binary or non-UTF-8 file: one diagnostic and an empty script, instead of an error per line of garbage.
  const notText = notTextProblem(source);
  if (notText !== null) {
    report.notUtf8Text(spanAt(index, notText.offset, notText.offset + 1), { reason: notText.reason });
    return { ast: finishScript(builder), diagnostics: report.diagnostics };
  }
  const lines = parseLines(source, (group) => {
    visitGroup(builder, group);
    // Cut as we go, so a file of garbage never holds more than a few hundred diagnostics at once.
    trimWhenLong(astReport.diagnostics, cap);
  });
  const ast = finishScript(builder);
  reportSyntaxErrors(index, lines.lexErrors, lines.parseErrors, report);
  reportUnterminatedComments(index, lines.comments, report);
  return { ast, diagnostics: cappedDiagnostics([...report.diagnostics, ...astReport.diagnostics], cap) };
}
