/** @module `bot lsp --stdio`: the language server. Keeps one model per bot folder; I/O (files, the connection) stays here. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  CodeActionKind,
  CompletionItemKind,
  DocumentSymbol,
  InsertTextFormat,
  ProposedFeatures,
  SymbolKind,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type Location,
  type WorkspaceEdit,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { CompileOptions } from "../compiler/index.ts";
import { compileBot, lintBot, CONFIG_FILE, type BotModel, type BotSourceFile } from "./bot-model.ts";
import { probeBotFolder } from "../runtime/media/bot-folder.ts";
import { readReference } from "../sms/media/rule.ts";
import { fixesFor } from "./code-actions.ts";
import { completionsAt } from "./completion.ts";
import { toLspDiagnostic } from "./diagnostics.ts";
import { formatBot } from "./format.ts";
import { hoverAt } from "./hover.ts";
import { rangeOf, type BotLocation } from "./lsp-range.ts";
import { definitionAt, referencesAt, renameAt, renameTarget } from "./navigation.ts";
import { foldingRanges, outlineOf, workspaceSymbols, type OutlineNode } from "./outline.ts";
import { semanticTokens, tokenTypes } from "./semantic-tokens.ts";

/** A folder with more script files than this is read up to the limit, with a message saying so. */
const MAX_FILES = 2000;
const DEFAULT_DEBOUNCE_MS = 150;
const SCRIPT = /\.(bot|rive)$/;

interface Bot {
  /** Absolute folder, or the document URI for a document that is not a file. */
  key: string;
  root: string | null;
  model: BotModel | null;
  timer: NodeJS.Timeout | null;
  /** Counts analyses; a lint pass started for an older one is dropped. */
  generation: number;
  /** Parse results per file: an edit re-parses only the file it changed. */
  parseCache: NonNullable<CompileOptions["parseCache"]>;
  /** URIs diagnostics were last published for (cleared when a later run has none for them). */
  published: Set<string>;
}

export function startServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  // Nothing else may write to stdout: it is the protocol channel.
  console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(" "));
  console.warn = console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(" "));
  serve(connection);
  connection.listen();
}

function serve(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const bots = new Map<string, Bot>();
  let folders: string[] = [];
  let debounceMs = DEFAULT_DEBOUNCE_MS;
  const docsBase = diagnosticsDocsBase();
  const warned = new Set<string>();

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    folders = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri)).filter((p): p is string => p !== null);
    if (folders.length === 0 && params.rootUri) {
      const root = uriToPath(params.rootUri);
      if (root) folders = [root];
    }
    const options = (params.initializationOptions ?? {}) as { debounceMs?: unknown };
    if (typeof options.debounceMs === "number" && options.debounceMs >= 0) debounceMs = options.debounceMs;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        completionProvider: { triggerCharacters: ["<", "{", "^", "=", " ", "@", "(", ">"], resolveProvider: false },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        foldingRangeProvider: true,
        documentFormattingProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        semanticTokensProvider: { legend: { tokenTypes: [...tokenTypes], tokenModifiers: [] }, full: true },
      },
      serverInfo: { name: "bot", version: packageVersion() },
    };
  });

  // === bots and their files ====================================================

  function botFor(uri: string): { bot: Bot; path: string } {
    const file = uriToPath(uri);
    const root = file ? botRoot(file, folders) : null;
    const key = root ?? uri;
    let bot = bots.get(key);
    if (!bot) {
      bot = { key, root, model: null, timer: null, generation: 0, parseCache: new Map(), published: new Set() };
      bots.set(key, bot);
    }
    return { bot, path: root && file ? toPosix(relative(root, file)) : fileName(uri) };
  }

  function sourcesOf(bot: Bot): BotSourceFile[] {
    if (!bot.root) {
      const doc = documents.get(bot.key);
      return doc ? [{ path: fileName(bot.key), text: doc.getText() }] : [];
    }
    const found = listScripts(bot.root, MAX_FILES + 1);
    if (found.length > MAX_FILES && !warned.has(bot.root)) {
      warned.add(bot.root);
      connection.window.showWarningMessage(`bot: ${bot.root} holds more than ${MAX_FILES} .bot/.rive files; only the first ${MAX_FILES} are checked together.`);
    }
    const byPath = new Map<string, string>();
    for (const file of found.slice(0, MAX_FILES)) {
      const text = readText(file);
      if (text !== null) byPath.set(toPosix(relative(bot.root, file)), text);
    }
    for (const doc of documents.all()) {
      const file = uriToPath(doc.uri);
      if (!file || !SCRIPT.test(file) || !isInside(bot.root, file)) continue;
      if (botRoot(file, folders) === bot.root) byPath.set(toPosix(relative(bot.root, file)), doc.getText());
    }
    return [...byPath.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([path, text]) => ({ path, text }));
  }

  function configTextOf(bot: Bot): string | null {
    if (!bot.root) return null;
    const file = join(bot.root, CONFIG_FILE);
    const open = documents.get(pathToFileURL(file).href);
    if (open) return open.getText();
    return existsSync(file) ? readText(file) : null;
  }

  function uriOf(bot: Bot, path: string): string {
    if (!bot.root) return bot.key;
    return pathToFileURL(resolve(bot.root, path)).href;
  }

  /**
   * Compiles the bot now and publishes; then, on a later turn of the event loop (so requests waiting
   * meanwhile are answered), lints it and publishes again. A change in between cancels the lint pass.
   */
  function analyze(bot: Bot): BotModel {
    if (bot.timer) clearTimeout(bot.timer);
    bot.timer = null;
    const generation = ++bot.generation;
    const started = Date.now();
    const probe = bot.root ? { probeMedia: localMediaProbe(bot.root) } : {};
    let model: BotModel;
    try {
      model = compileBot(sourcesOf(bot), { configText: configTextOf(bot), previous: bot.model, parseCache: bot.parseCache });
    } catch (error) {
      // The compiler never throws on text; anything here is a bug, reported and survived.
      connection.console.error(`bot: compiling ${bot.key} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return bot.model ?? compileBot([]);
    }
    bot.model = model;
    publish(bot, model);
    const compiledMs = Date.now() - started;
    setImmediate(() => {
      if (bot.generation !== generation || bot.model !== model) return;
      const lintStarted = Date.now();
      try {
        bot.model = lintBot(model, probe);
      } catch (error) {
        connection.console.error(`bot: linting ${bot.key} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return;
      }
      publish(bot, bot.model);
      connection.console.log(
        `bot: ${bot.key}: ${model.sources.length} file(s), ${bot.model.diagnostics.length} diagnostic(s); compile ${compiledMs} ms, lint ${Date.now() - lintStarted} ms`,
      );
    });
    return model;
  }

  /** Diagnostics of every file that has (or had) some, and of every open file of the bot (empty lists included). */
  function publish(bot: Bot, model: BotModel): void {
    const byUri = new Map<string, ReturnType<typeof toLspDiagnostic>[]>();
    // Every open file of the bot gets its list, empty ones included, so an editor sees problems go away.
    for (const doc of documents.all()) if (botFor(doc.uri).bot === bot) byUri.set(doc.uri, []);
    for (const d of model.diagnostics) {
      const uri = uriOf(bot, d.span.file);
      let list = byUri.get(uri);
      if (!list) byUri.set(uri, (list = []));
      list.push(toLspDiagnostic(d, model, docsBase, (p) => uriOf(bot, p)));
    }
    for (const uri of bot.published) if (!byUri.has(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
    for (const [uri, diagnostics] of byUri) void connection.sendDiagnostics({ uri, diagnostics });
    bot.published = new Set(byUri.keys());
  }

  function schedule(bot: Bot): void {
    if (bot.timer) clearTimeout(bot.timer);
    bot.timer = setTimeout(() => analyze(bot), debounceMs);
  }

  /** The bot's model, brought up to date first when a change is still waiting for its debounce. */
  function fresh(uri: string): { bot: Bot; path: string; model: BotModel; doc: TextDocument } | null {
    const doc = documents.get(uri);
    if (!doc) return null;
    const { bot, path } = botFor(uri);
    const model = bot.timer || !bot.model ? analyze(bot) : bot.model;
    return { bot, path, model, doc };
  }

  documents.onDidOpen((e) => schedule(botFor(e.document.uri).bot));
  documents.onDidChangeContent((e) => schedule(botFor(e.document.uri).bot));
  documents.onDidClose((e) => {
    const { bot } = botFor(e.document.uri);
    // A file that is not on disk (untitled) leaves with its diagnostics; files of a folder are re-read from disk.
    if (!bot.root) {
      void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
      bots.delete(bot.key);
    } else schedule(bot);
  });
  connection.onDidChangeWatchedFiles(() => {
    for (const bot of bots.values()) if (bot.root) schedule(bot);
  });
  // bot.config.yaml opened in the editor is a document too; its edits re-check the bot it configures.
  documents.onDidSave((e) => {
    if (e.document.uri.endsWith(`/${CONFIG_FILE}`))
      for (const bot of bots.values()) if (bot.root && e.document.uri === pathToFileURL(join(bot.root, CONFIG_FILE)).href) schedule(bot);
  });

  // === requests ==================================================================

  const offsetIn = (doc: TextDocument, position: { line: number; character: number }): number | null => {
    if (position.line < 0 || position.character < 0 || position.line >= doc.lineCount) return null;
    const offset = doc.offsetAt(position);
    // offsetAt clamps to the line's end; a character past it is outside the document.
    if (doc.positionAt(offset).character !== position.character) return null;
    return offset;
  };
  const toLocations = (bot: Bot, found: BotLocation[]): Location[] => found.map((l) => ({ uri: uriOf(bot, l.path), range: rangeOf(l.span) }));

  connection.onHover((params) => {
    const f = fresh(params.textDocument.uri);
    const offset = f && offsetIn(f.doc, params.position);
    if (!f || offset === null) return null;
    const h = hoverAt(f.model, f.path, f.doc.getText(), offset);
    if (!h) return null;
    const range = h.span ? rangeOf(h.span) : h.range ? { start: f.doc.positionAt(h.range.start), end: f.doc.positionAt(h.range.end) } : undefined;
    return { contents: { kind: "markdown", value: h.markdown }, ...(range ? { range } : {}) };
  });

  connection.onDefinition((params) => {
    const f = fresh(params.textDocument.uri);
    const offset = f && offsetIn(f.doc, params.position);
    if (!f || offset === null) return [];
    return toLocations(f.bot, definitionAt(f.model, f.path, offset));
  });

  connection.onReferences((params) => {
    const f = fresh(params.textDocument.uri);
    const offset = f && offsetIn(f.doc, params.position);
    if (!f || offset === null) return [];
    return toLocations(f.bot, referencesAt(f.model, f.path, offset, params.context.includeDeclaration));
  });

  connection.onPrepareRename((params) => {
    const f = fresh(params.textDocument.uri);
    const offset = f && offsetIn(f.doc, params.position);
    if (!f || offset === null) return null;
    const target = renameTarget(f.model, f.path, offset);
    return target ? { range: rangeOf(target.span), placeholder: target.name } : null;
  });

  connection.onRenameRequest((params): WorkspaceEdit | null => {
    const f = fresh(params.textDocument.uri);
    const offset = f && offsetIn(f.doc, params.position);
    if (!f || offset === null) return null;
    const result = renameAt(f.model, f.path, offset, params.newName);
    if (!result) return null;
    if ("error" in result) throw new Error(result.error);
    const changes: Record<string, { range: ReturnType<typeof rangeOf>; newText: string }[]> = {};
    for (const edit of result.edits) (changes[uriOf(f.bot, edit.path)] ??= []).push({ range: rangeOf(edit.span), newText: result.newName });
    return { changes };
  });

  connection.onCompletion((params) => {
    const doc = documents.get(params.textDocument.uri);
    const offset = doc && offsetIn(doc, params.position);
    if (!doc || offset === null || offset === undefined) return [];
    // Names come from the last model; the context is read from the text as it is now, so typing stays fast.
    const { bot } = botFor(params.textDocument.uri);
    const kinds = {
      tag: CompletionItemKind.Keyword,
      shortcode: CompletionItemKind.Function,
      topic: CompletionItemKind.Module,
      variable: CompletionItemKind.Variable,
      array: CompletionItemKind.Enum,
      macro: CompletionItemKind.Method,
      value: CompletionItemKind.Value,
    } as const;
    return completionsAt(bot.model, doc.getText(), offset, bot.root ? mediaFiles(bot.root) : []).map((c) => {
      const range = { start: doc.positionAt(c.replaceFrom), end: params.position };
      return {
        label: c.label,
        kind: kinds[c.kind],
        detail: c.detail,
        ...(c.documentation ? { documentation: { kind: "markdown" as const, value: c.documentation } } : {}),
        ...(c.snippet ? { insertTextFormat: InsertTextFormat.Snippet, textEdit: { range, newText: c.snippet } } : { textEdit: { range, newText: c.label } }),
      };
    });
  });

  connection.onDocumentSymbol((params) => {
    const f = fresh(params.textDocument.uri);
    if (!f) return [];
    const kinds = {
      topic: SymbolKind.Namespace,
      trigger: SymbolKind.Event,
      definition: SymbolKind.Variable,
      object: SymbolKind.Function,
      begin: SymbolKind.Namespace,
    } as const;
    const convert = (n: OutlineNode): DocumentSymbol =>
      DocumentSymbol.create(n.name || "(unnamed)", n.detail, kinds[n.kind], rangeOf(n.span), rangeOf(n.selection), n.children.map(convert));
    return outlineOf(f.model, f.path).map(convert);
  });

  connection.onWorkspaceSymbol((params) => {
    const out = [];
    for (const bot of bots.values()) {
      if (!bot.model) continue;
      for (const s of workspaceSymbols(bot.model, params.query, 500)) {
        out.push({
          name: s.name,
          kind: s.kind === "topic" ? SymbolKind.Namespace : SymbolKind.Event,
          containerName: s.container,
          location: { uri: uriOf(bot, s.path), range: rangeOf(s.span) },
        });
      }
    }
    return out.slice(0, 500);
  });

  connection.onFoldingRanges((params) => {
    const f = fresh(params.textDocument.uri);
    return f ? foldingRanges(f.model, f.path, f.doc.getText()) : [];
  });

  connection.languages.semanticTokens.on((params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return { data: [] };
    const { bot, path } = botFor(params.textDocument.uri);
    // Names are coloured from the model only while it matches the text; otherwise line-level colours alone.
    const model = bot.model && bot.model.sources.find((s) => s.path === path)?.text === doc.getText() ? bot.model : null;
    return { data: semanticTokens(model, path, doc.getText()) };
  });

  connection.onDocumentFormatting((params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const text = doc.getText();
    const formatted = formatBot(text);
    if (formatted === text) return [];
    return [{ range: { start: { line: 0, character: 0 }, end: doc.positionAt(text.length) }, newText: formatted }];
  });

  connection.onCodeAction((params) => {
    const f = fresh(params.textDocument.uri);
    if (!f) return [];
    const text = f.doc.getText();
    const actions = [];
    for (const d of params.context.diagnostics) {
      if (typeof d.code !== "string") continue;
      const fixes = fixesFor(
        {
          code: d.code,
          message: typeof d.message === "string" ? d.message : d.message.value,
          start: f.doc.offsetAt(d.range.start),
          end: f.doc.offsetAt(d.range.end),
          data: (d.data ?? undefined) as Record<string, unknown> | undefined,
        },
        text,
        f.model,
      );
      for (const fix of fixes) {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          isPreferred: fix.preferred,
          edit: {
            changes: {
              [params.textDocument.uri]: fix.edits.map((e) => ({ range: { start: f.doc.positionAt(e.start), end: f.doc.positionAt(e.end) }, newText: e.text })),
            },
          },
        });
      }
    }
    return actions;
  });

  documents.listen(connection);
}

// === the file system ============================================================

/**
 * The bot a file belongs to, as `bot lint FOLDER` sees it: the nearest folder up from the file that holds
 * bot.config.yaml; else the highest folder of an unbroken chain of folders holding scripts, not above
 * the workspace folder.
 */
export function botRoot(file: string, workspaceFolders: string[]): string {
  let dir = dirname(file);
  const limit = workspaceFolders.filter((f) => isInside(f, file)).sort((a, b) => b.length - a.length)[0] ?? null;
  let best = dir;
  for (;;) {
    if (existsSync(join(dir, CONFIG_FILE))) return dir;
    const parent = dirname(dir);
    if (parent === dir || !limit || !isInside(limit, parent) || !holdsScripts(parent)) break;
    dir = parent;
    best = dir;
  }
  return best;
}

function holdsScripts(dir: string): boolean {
  try {
    return readdirSync(dir, { withFileTypes: true }).some((e) => e.isFile() && (SCRIPT.test(e.name) || e.name === CONFIG_FILE));
  } catch {
    return false;
  }
}

/** `.bot`/`.rive` files under `root` (recursively, skipping dot folders and node_modules), at most `limit`. */
function listScripts(root: string, limit: number): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (out.length >= limit) return;
      const full = join(dir, e.name);
      if (e.isDirectory() && !e.name.startsWith(".") && e.name !== "node_modules") walk(full);
      else if (e.isFile() && SCRIPT.test(e.name)) out.push(full);
    }
  };
  walk(root);
  return out;
}

/** Media files under a bot's folder that the media rule lets through (relative, `/`-separated), for `^image(` … completion; at most 200. */
function mediaFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > 3 || out.length >= 200) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (out.length >= 200) return;
      if (e.isDirectory() && !e.name.startsWith(".") && e.name !== "node_modules") walk(join(dir, e.name), depth + 1);
      else if (e.isFile()) {
        const path = toPosix(relative(root, join(dir, e.name)));
        if (readReference(path).kind === "file") out.push(path);
      }
    }
  };
  walk(root, 0);
  return out.sort();
}

/** One analysis pass's probe: every media rule asks about each reference, so each file is looked at once per pass. */
function localMediaProbe(root: string) {
  const seen = new Map<string, ReturnType<typeof probeBotFolder>>();
  return (url: string) => {
    if (!seen.has(url)) seen.set(url, probeBotFolder(root, url));
    return seen.get(url);
  };
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

function uriToPath(uri: string): string | null {
  if (!uri.startsWith("file:")) return null;
  try {
    return fileURLToPath(uri);
  } catch {
    return null;
  }
}

function fileName(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf("/") + 1)) || "untitled.bot";
}

function isInside(folder: string, file: string): boolean {
  const r = relative(folder, file);
  return r === "" || (!r.startsWith("..") && !r.startsWith(sep) && !/^[A-Za-z]:/.test(r));
}

function toPosix(p: string): string {
  return p.split(sep).join("/");
}

// The package's own folder, by its name: the same lookup from the sources (editor/) and from the build (dist/editor/).
function packageRoot(): string | null {
  try {
    return dirname(createRequire(import.meta.url).resolve("dexter-bot/package.json"));
  } catch {
    return null;
  }
}

/** docs/diagnostics/ of this installation, as a file URL, when it is there. */
function diagnosticsDocsBase(): string | null {
  const root = packageRoot();
  const dir = root ? join(root, "docs", "diagnostics") : null;
  return dir && existsSync(dir) ? `${pathToFileURL(dir).href}/` : null;
}

function packageVersion(): string {
  const root = packageRoot();
  try {
    return root ? (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version : "0.0.0";
  } catch {
    return "0.0.0";
  }
}
