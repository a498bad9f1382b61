/** @module The compiler: `.bot` sources → AST → analysis → IR, with every diagnostic collected along the way. */
import { parse } from "./1-parse/index.ts";
import type { ScriptNode } from "./1-parse/ast.ts";
import { sliceSource, sourceText, createLineIndex } from "./1-parse/source.ts";
import { parseTemplate } from "./1-parse/template.ts";
import { analyze } from "./2-analyze/index.ts";
import { emit } from "./3-emit/index.ts";
import { createReporter } from "./diagnostics/report.ts";
import type { Diagnostic } from "./diagnostics/types.ts";
import type { BotIR, Template } from "./ir/types.ts";

export interface CompileResult {
  /** Best effort even when there are errors (so lint can run); never run a bot whose diagnostics have an error. */
  ir: BotIR;
  ast: ScriptNode[];
  diagnostics: Diagnostic[];
}

/** Compiles a bot's files (in load order; paths relative to the bot root). Never throws on any input. */
export function compile(sources: { path: string; text: string }[], _options: Record<string, never> = {}): CompileResult {
  const parsed = sources.map((s) => parse(s.text, s.path));
  const ast = parsed.map((p) => p.ast);
  const analysis = analyze(ast);
  const ir = emit(analysis);
  const diagnostics = [...parsed.flatMap((p) => p.diagnostics), ...analysis.diagnostics];
  return { ir, ast, diagnostics };
}

/** A reply body written without the leading `-` (broadcast bodies, reminder texts; docs/language.md "Broadcast bodies"). */
export function compileReply(text: string, file = "<reply>"): { template: Template; diagnostics: Diagnostic[] } {
  const report = createReporter();
  const index = createLineIndex(file, text);
  let from = 0;
  let to = text.length;
  while (from < to && /\s/.test(text.charAt(from))) from++;
  while (to > from && /\s/.test(text.charAt(to - 1))) to--;
  const { template } = parseTemplate(sliceSource(sourceText(index, text, 0), from, to), report);
  return { template, diagnostics: report.diagnostics };
}
