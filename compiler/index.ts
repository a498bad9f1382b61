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

export interface CompileOptions {
  /**
   * Parse results of earlier compiles, by path: a file whose text is unchanged is not parsed again (parsing
   * is each file on its own; only analysis needs the whole bot). The language server keeps one per bot.
   */
  parseCache?: Map<string, { text: string; parsed: ReturnType<typeof parse> }>;
  /**
   * For the IR's record of its inputs (`ir.sources`): files that shaped the build without being compiled
   * (bot.config.yaml), and whether `sources` is the whole bot folder. Sources are always recorded.
   */
  record?: { also?: { path: string; text: string }[]; folder?: boolean };
}

/** Compiles a bot's files (in load order; paths relative to the bot root). Never throws on any input. */
export function compile(sources: { path: string; text: string }[], options: CompileOptions = {}): CompileResult {
  const cache = options.parseCache;
  const parsed = sources.map((s) => {
    const hit = cache?.get(s.path);
    if (hit && hit.text === s.text) return hit.parsed;
    const result = parse(s.text, s.path);
    cache?.set(s.path, { text: s.text, parsed: result });
    return result;
  });
  if (cache) for (const path of cache.keys()) if (!sources.some((s) => s.path === path)) cache.delete(path);
  const ast = parsed.map((p) => p.ast);
  const analysis = analyze(ast);
  const ir = emit(analysis, { files: [...sources, ...(options.record?.also ?? [])], folder: options.record?.folder ?? false });
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
