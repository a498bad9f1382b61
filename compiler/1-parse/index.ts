/** @module Phase 1: parse one `.bot` file into its AST, collecting syntax diagnostics. */
import { parseLines } from "../../grammar/parser.ts";
import { createReporter } from "../diagnostics/report.ts";
import type { Diagnostic } from "../diagnostics/types.ts";
import type { ScriptNode } from "./ast.ts";
import { finishScript, startScript, visitGroup } from "./build-ast.ts";
import { createLineIndex } from "./source.ts";
import { reportSyntaxErrors, reportUnterminatedComments } from "./syntax-errors.ts";

export type * from "./ast.ts";

export function parse(source: string, file: string): { ast: ScriptNode; diagnostics: Diagnostic[] } {
  const report = createReporter();
  const index = createLineIndex(file, source);
  // The AST is built statement by statement while the parser runs; its diagnostics come after the
  // line-level ones below, as they always did, so that equal offsets keep their order in the sort.
  const astReport = createReporter();
  const builder = startScript(index, astReport);
  const lines = parseLines(source, (group) => visitGroup(builder, group));
  const ast = finishScript(builder);
  reportSyntaxErrors(index, lines.lexErrors, lines.parseErrors, report);
  reportUnterminatedComments(index, lines.comments, report);
  const diagnostics = [...report.diagnostics, ...astReport.diagnostics].sort((a, b) => a.span.start.offset - b.span.start.offset);
  return { ast, diagnostics };
}
