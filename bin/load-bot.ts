/** @module Reads a bot from disk: a `.bot` (or `.rive`) file, a folder of them, or an IR `.json` written by `bot compile -o`. */
import { existsSync, readdirSync, readFileSync, statSync, type Dirent, type Stats } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { compile } from "../compiler/index.ts";
import { isSourceFile } from "../compiler/source-files.ts";
import type { Diagnostic, Span } from "../compiler/diagnostics/types.ts";
import type { BotIR } from "../compiler/ir/types.ts";
import { irVersionProblem, validateIR } from "../compiler/ir/validate.ts";
import { lint } from "../compiler/lint/index.ts";
import { CONFIG_FILE_NAME, loadConfig } from "../runtime/bot-config.ts";
import { includedFolders, otherProjectAt } from "./nested-projects.ts";
import type { IncludedFolders, OtherProject } from "./nested-projects.ts";

export type { OtherProject } from "./nested-projects.ts";

export interface BotSource {
  /** Relative to the bot root, `/`-separated. */
  path: string;
  text: string;
}

export interface LoadedBot {
  ir: BotIR;
  diagnostics: Diagnostic[];
  /** The folder relative media paths and source paths are resolved against. */
  root: string;
  /** Empty when the bot was loaded from compiled IR. */
  sources: BotSource[];
  /** Sub-folders left out because they are projects of their own (say so: `otherProjectNotes`). */
  otherProjects?: OtherProject[];
}

/** Thrown for problems with the path itself (missing, unreadable, invalid IR), not for problems in a script. */
export class BotLoadError extends Error {
  override name = "BotLoadError";
}

/**
 * A source file (root: its folder) or every `*.bot` and `*.rive` file under a folder, recursively, sorted by
 * path whatever the extension, so a RiveScript brain loads as it is, unrenamed, in the same order.
 */
export function readBotSources(path: string): { root: string; sources: BotSource[]; folder: boolean; otherProjects: OtherProject[] } {
  const full = resolve(path);
  const stat = statOrThrow(full, path);
  if (stat.isDirectory()) {
    const otherProjects: OtherProject[] = [];
    const files = listBotSourcePaths(full, otherProjects);
    if (files.length === 0) throw new BotLoadError(`${path}: no .bot or .rive files in this folder`);
    return { root: full, sources: files.map((f) => ({ path: f, text: readText(join(full, f)) })), folder: true, otherProjects };
  }
  return { root: dirname(full), sources: [{ path: basename(full), text: readText(full) }], folder: false, otherProjects: [] };
}

/**
 * The `.bot` and `.rive` files under a folder, relative to it, `/`-separated, sorted: what a folder compiles.
 * A sub-folder that is another project (./nested-projects.ts) is left out and, when `otherProjects` is given,
 * listed there.
 */
export function listBotSourcePaths(folder: string, otherProjects: OtherProject[] = []): string[] {
  const included = includedFolders(folder);
  return listBotFiles(folder, folder, included, otherProjects)
    .sort()
    .map((f) => toPosix(relative(folder, f)));
}

export function loadBot(path: string): LoadedBot {
  const full = resolve(path);
  if (full.endsWith(".json") && statOrThrow(full, path).isFile()) return loadIR(full, path);
  const { root, sources, folder, otherProjects } = readBotSources(path);
  // bot.config.yaml shapes the build (its lint settings decide what is an error), so the IR records it too.
  const configPath = join(root, CONFIG_FILE_NAME);
  const config = existsSync(configPath) ? [{ path: CONFIG_FILE_NAME, text: readText(configPath) }] : [];
  const { ir, diagnostics } = compile(sources, { record: { also: config, folder } });
  return { ir, diagnostics, root, sources, ...(otherProjects.length > 0 && { otherProjects }) };
}

/** `loadBot` for a command that reads a bot folder: a path that cannot be read is its usage error (exit 2), said through `fail`. */
export function loadBotOr(path: string, fail: (code: number, message: string) => number): LoadedBot | number {
  try {
    return loadBot(path);
  } catch (error) {
    if (error instanceof BotLoadError) return fail(2, error.message);
    throw error;
  }
}

/**
 * What `bot compile` accepts and `bot run`, `bot chat` and `bot test` run: the compiler's diagnostics plus
 * the error-class lint rules (a message over 1,600 characters, `{topic=}` to no topic, a redirect loop …)
 * under the bot's `bot.config.yaml`. The rules run even when the compiler found errors, so one run lists every
 * problem; only findings inside a trigger that already has a compile error are left out, since that trigger
 * was read in part and one mistake must not be reported twice. Compiled IR was checked when `bot compile -o`
 * wrote it.
 */
export function loadRunnableBot(path: string): LoadedBot {
  const loaded = loadBot(path);
  if (loaded.sources.length === 0) return loaded;
  const { config, diagnostics: configDiagnostics } = loadConfig(loaded.root);
  const broken = brokenTriggerSpans(loaded.ir, loaded.diagnostics);
  const lintFindings = lint(loaded.ir, { config, errorClassOnly: true, sources: loaded.sources }).filter((d) => !broken.some((span) => within(d.span, span)));
  return { ...loaded, diagnostics: [...loaded.diagnostics, ...configDiagnostics, ...lintFindings] };
}

/** The spans of the triggers that hold a compile error. */
function brokenTriggerSpans(ir: BotIR, diagnostics: readonly Diagnostic[]): Span[] {
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (errors.length === 0) return [];
  return ir.triggers.map((t) => t.span).filter((span) => errors.some((e) => within(e.span, span)));
}

function within(inner: Span, outer: Span): boolean {
  return inner.file === outer.file && inner.start.offset >= outer.start.offset && inner.start.offset < Math.max(outer.end.offset, outer.start.offset + 1);
}

function loadIR(full: string, shown: string): LoadedBot {
  let json: unknown;
  try {
    json = JSON.parse(readText(full));
  } catch (error) {
    throw new BotLoadError(`${shown}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const version = irVersionProblem(json);
  if (version !== null) throw new BotLoadError(`${shown}: cannot run this compiled bot: ${version}.`);
  const result = validateIR(json);
  if (!result.ok) {
    const shownErrors = result.errors.slice(0, 5).join("; ");
    throw new BotLoadError(`${shown}: not a compiled bot this version can run: ${shownErrors}. Recompile it with \`bot compile\`.`);
  }
  return { ir: json as BotIR, diagnostics: [], root: dirname(full), sources: [] };
}

/**
 * Folders the loader never reads: hidden ones (`.bot/` holds the runtime's database, `.git/` …) and node_modules.
 * A folder named `x.bot` is not a source: only files count as sources.
 */
export function isSkippedFolder(name: string): boolean {
  return name.startsWith(".") || name === "node_modules";
}

export function isBotSourceFile(entry: Dirent): boolean {
  return entry.isFile() && isSourceFile(entry.name);
}

function listBotFiles(dir: string, root: string, included: IncludedFolders, otherProjects: OtherProject[]): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory() && !isSkippedFolder(entry.name)) {
      const other = otherProjectAt(root, p, included);
      if (other !== null) otherProjects.push(other);
      else out.push(...listBotFiles(p, root, included, otherProjects));
    } else if (isBotSourceFile(entry)) out.push(p);
  }
  return out;
}

function statOrThrow(full: string, shown: string = full): Stats {
  try {
    return statSync(full);
  } catch (error) {
    throw new BotLoadError(`${shown}: ${describeFsError(error)}`);
  }
}

function readText(full: string): string {
  try {
    return readFileSync(full, "utf8");
  } catch (error) {
    throw new BotLoadError(`${full}: ${describeFsError(error)}`);
  }
}

function describeFsError(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === "ENOENT") return "no such file or folder";
  if (code === "EACCES") return "permission denied";
  if (code === "EISDIR") return "is a folder";
  return error instanceof Error ? error.message : String(error);
}

function toPosix(p: string): string {
  return p.split(sep).join("/");
}
