/** @module One bot as the language server sees it: its sources compiled and linted together, with a symbol index per file. */
import { compile, type CompileOptions, type CompileResult } from "../compiler/index.ts";
import type { Diagnostic } from "../compiler/diagnostics/types.ts";
import { lint, parseConfig, defaultConfig, type BotConfig, type MediaInfo } from "../compiler/lint/index.ts";
import { firstMatch, normalizeMessage } from "../compiler/lint/patterns.ts";
import type { TriggerIR } from "../compiler/ir/types.ts";
import { fileSymbols, type FileSymbols, type Occurrence, type TriggerSymbol } from "./symbols.ts";

export const CONFIG_FILE = "bot.config.yaml";

export interface BotSourceFile {
  /** Relative to the bot root, `/`-separated (what the compiler's spans name). */
  path: string;
  text: string;
}

export interface BotModel {
  sources: BotSourceFile[];
  compiled: CompileResult;
  config: BotConfig;
  /** Compiler diagnostics, then config problems, then lint findings (spans name source paths or `bot.config.yaml`). */
  diagnostics: Diagnostic[];
  symbols: Map<string, FileSymbols>;
  /** False until the lint findings are in `diagnostics`. */
  linted: boolean;
}

export interface AnalyzeOptions {
  /** `bot.config.yaml` of the bot's folder, when there is one. */
  configText?: string | null;
  probeMedia?: (url: string) => MediaInfo | undefined;
  /** The previous model of the same bot: files whose text is unchanged keep their symbol index. */
  previous?: BotModel | null;
  /** Kept across analyses of one bot: files whose text is unchanged are not parsed again. */
  parseCache?: CompileOptions["parseCache"];
}

/** Compiles and lints a bot the way `bot lint` does. Pure and never throws on any text. */
export function analyzeBot(sources: BotSourceFile[], options: AnalyzeOptions = {}): BotModel {
  return lintBot(compileBot(sources, options), options);
}

/**
 * Phase one: compile, read the config, index the symbols. `diagnostics` holds the compiler's and the
 * config's; `lintBot` adds the lint findings. The server publishes after each phase, so a syntax error
 * shows as soon as the compiler has run, and the (slower) lint pass follows.
 */
export function compileBot(sources: BotSourceFile[], options: AnalyzeOptions = {}): BotModel {
  const compiled = compile(
    sources.map((s) => ({ path: s.path, text: s.text })),
    options.parseCache ? { parseCache: options.parseCache } : {},
  );
  const configResult = options.configText != null ? parseConfig(options.configText, CONFIG_FILE) : { config: defaultConfig(), diagnostics: [] };
  const symbols = new Map<string, FileSymbols>();
  for (const [i, source] of sources.entries()) {
    const old = options.previous?.sources.find((s) => s.path === source.path);
    const reused = old && old.text === source.text ? options.previous?.symbols.get(source.path) : undefined;
    const ast = compiled.ast[i];
    symbols.set(source.path, reused ?? (ast ? fileSymbols(ast, source.text) : { occurrences: [], triggers: [], topics: [], definitions: [] }));
  }
  return { sources, compiled, config: configResult.config, diagnostics: [...compiled.diagnostics, ...configResult.diagnostics], symbols, linted: false };
}

/** Phase two: the lint rules under the bot's config. Returns a new model; the input is not changed. */
export function lintBot(model: BotModel, options: Pick<AnalyzeOptions, "probeMedia"> = {}): BotModel {
  if (model.linted) return model;
  const findings = lint(model.compiled.ir, {
    config: model.config,
    sources: model.sources,
    ...(options.probeMedia ? { probeMedia: options.probeMedia } : {}),
  });
  return { ...model, diagnostics: [...model.diagnostics, ...findings], linted: true };
}

/** The occurrence whose span holds `offset` in `path` (the innermost when they nest). */
export function occurrenceAt(model: BotModel, path: string, offset: number): Occurrence | undefined {
  const list = model.symbols.get(path)?.occurrences ?? [];
  let found: Occurrence | undefined;
  for (const o of list) {
    if (o.span.start.offset > offset) break;
    if (offset <= o.span.end.offset && (!found || o.span.start.offset >= found.span.start.offset)) found = o;
  }
  return found;
}

/** Every occurrence of the same name and kind in every file of the bot. */
export function occurrencesOf(model: BotModel, kind: string, name: string): Occurrence[] {
  const out: Occurrence[] = [];
  for (const file of model.symbols.values()) for (const o of file.occurrences) if (o.kind === kind && "name" in o && o.name === name) out.push(o);
  return out;
}

/** The trigger a redirect's text reaches from its topic (what the engine would answer with), if it is static text. */
export function redirectTarget(model: BotModel, target: string | null, topic: string): TriggerIR | null {
  if (target === null) return null;
  return firstMatch(model.compiled.ir, topic, normalizeMessage(target));
}

/** The trigger block of `path` that holds `offset`. */
export function triggerAt(model: BotModel, path: string, offset: number): TriggerSymbol | undefined {
  const triggers = model.symbols.get(path)?.triggers ?? [];
  let lo = 0;
  let hi = triggers.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = triggers[mid]!;
    if (offset < t.span.start.offset) hi = mid - 1;
    else if (offset > t.span.end.offset) lo = mid + 1;
    else return t;
  }
  return undefined;
}

/** The IR trigger compiled from a trigger block (same file and start). */
export function irTrigger(model: BotModel, symbol: TriggerSymbol): TriggerIR | undefined {
  return model.compiled.ir.triggers.find((t) => t.span.file === symbol.span.file && t.span.start.offset === symbol.span.start.offset);
}
