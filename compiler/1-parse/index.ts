/** @module Phase 1: parse one `.bot` file into its AST, collecting syntax diagnostics. */
import { parseLines } from "../../grammar/parser.ts";
import { createReporter } from "../diagnostics/report.ts";
import type { Diagnostic } from "../diagnostics/types.ts";
import type { ScriptNode } from "./ast.ts";
import { buildScript } from "./build-ast.ts";
import { createLineIndex } from "./source.ts";
import { reportSyntaxErrors, reportUnterminatedComments } from "./syntax-errors.ts";

export type * from "./ast.ts";

export function parse(source: string, file: string): { ast: ScriptNode; diagnostics: Diagnostic[] } {
  const report = createReporter();
  const index = createLineIndex(file, source);
  const lines = parseLines(source);
  reportSyntaxErrors(index, lines.lexErrors, lines.parseErrors, report);
  reportUnterminatedComments(index, lines.comments, report);
  const ast = buildScript(index, lines.groups, report);
  const diagnostics = report.diagnostics.sort((a, b) => a.span.start.offset - b.span.start.offset);
  return { ast, diagnostics };
}
