/** @module The language server over stdio, as an editor drives it: initialize, didOpen, didChange, requests, shutdown. */
import { mkdtempSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import type {
  CompletionItem,
  DocumentSymbol,
  Hover,
  Location,
  PublishDiagnosticsParams,
  TextEdit,
  WorkspaceEdit,
  CodeAction,
} from "vscode-languageserver-protocol";
import { startLsp, type LspSession } from "./lsp-client.ts";
import { commandLines, syntaxText } from "../compiler/arbitraries.ts";

const MENU = [
  "! version = 2.0",
  "",
  "+ hello",
  "- Hi! <delay seconds=2> Want the {topic=menu}menu?",
  "",
  "+ my name is *",
  "- <set name=<star>>Nice to meet you, <get name>.",
  "",
  "+ who am i",
  "- You are <get name>.",
  "",
  "+ *",
  "- Say hello.",
  "",
  "> topic menu",
  "+ soup",
  "- Tomato soup.{topic=default}",
  "",
  "+ back",
  "@ hello",
  "< topic",
  "",
].join("\n");

let dir: string;
let lsp: LspSession;
let version = 1;
const uri = (name: string): string => pathToFileURL(join(dir, name)).href;

/** Position of the `nth` occurrence of `needle` in `text` (plus `delta` characters). */
function at(text: string, needle: string, delta = 0, nth = 0): { line: number; character: number } {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(needle, offset + 1);
  if (offset < 0) throw new Error(`${needle} not in text`);
  const before = text.slice(0, offset + delta);
  const lines = before.split("\n");
  return { line: lines.length - 1, character: lines[lines.length - 1]!.length };
}

/** The server publishes twice per change: after compiling, then with the lint findings added. This waits for both. */
async function settled(name: string, since: number): Promise<PublishDiagnosticsParams> {
  const first = await lsp.diagnostics(uri(name), () => true, since);
  return lsp.diagnostics(uri(name), (p) => p !== first, lsp.published.indexOf(first) + 1);
}

async function open(name: string, text: string): Promise<PublishDiagnosticsParams> {
  const since = lsp.published.length;
  await lsp.connection.sendNotification("textDocument/didOpen", { textDocument: { uri: uri(name), languageId: "bot", version: version++, text } });
  return settled(name, since);
}

async function replaceAll(name: string, oldText: string, newText: string): Promise<PublishDiagnosticsParams> {
  const since = lsp.published.length;
  const lines = oldText.split("\n");
  await lsp.connection.sendNotification("textDocument/didChange", {
    textDocument: { uri: uri(name), version: version++ },
    contentChanges: [
      { range: { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1]!.length } }, text: newText },
    ],
  });
  return settled(name, since);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "bot-lsp-"));
  writeFileSync(join(dir, "menu.bot"), MENU);
  lsp = await startLsp(dir);
});

afterAll(async () => {
  if (lsp) expect(await lsp.close()).toBe(0);
});

describe("bot lsp --stdio", () => {
  it("announces hover, definition, references, rename, completion, symbols, formatting, folding, semantic tokens and code actions", () => {
    const c = lsp.capabilities;
    expect(c.hoverProvider).toBe(true);
    expect(c.definitionProvider).toBe(true);
    expect(c.referencesProvider).toBe(true);
    expect(c.renameProvider).toMatchObject({ prepareProvider: true });
    expect(c.completionProvider?.triggerCharacters).toEqual(expect.arrayContaining(["<", "{", "^"]));
    expect(c.documentSymbolProvider).toBe(true);
    expect(c.workspaceSymbolProvider).toBe(true);
    expect(c.documentFormattingProvider).toBe(true);
    expect(c.foldingRangeProvider).toBe(true);
    expect(c.semanticTokensProvider).toBeTruthy();
    expect(c.textDocumentSync).toMatchObject({ openClose: true, change: 2 });
  });

  it("publishes diagnostics with code, docs link, severity and exact range on open, and clears them after the fix", async () => {
    const broken = MENU.replace("+ who am i", "+ Who am i");
    const first = await open("menu.bot", broken);
    const d = first.diagnostics.find((x) => x.code === "BOT013");
    expect(d).toBeDefined();
    expect(d!.severity).toBe(1);
    expect(d!.range.start.line).toBe(at(broken, "+ Who").line);
    expect(d!.codeDescription?.href).toMatch(/docs\/diagnostics\/BOT013\.md$/);
    const fixed = await replaceAll("menu.bot", broken, MENU);
    expect(fixed.diagnostics.filter((x) => x.severity === 1).map((x) => `${x.code} ${x.message}`)).toEqual([]);
  });

  it("hover on <delay explains it from the language table", async () => {
    const hover = await lsp.connection.sendRequest<Hover | null>("textDocument/hover", {
      textDocument: { uri: uri("menu.bot") },
      position: at(MENU, "<delay", 2),
    });
    expect(JSON.stringify(hover?.contents)).toContain("wait N seconds");
  });

  it("hover on a trigger tells its place in the match order; on reply text its segments and encoding", async () => {
    const trigger = await lsp.connection.sendRequest<Hover | null>("textDocument/hover", {
      textDocument: { uri: uri("menu.bot") },
      position: at(MENU, "+ hello", 3),
    });
    expect(JSON.stringify(trigger?.contents)).toMatch(/Tried \d+(st|nd|rd|th) of 4/);
    const text = await lsp.connection.sendRequest<Hover | null>("textDocument/hover", {
      textDocument: { uri: uri("menu.bot") },
      position: at(MENU, "Say hello", 2),
    });
    expect(JSON.stringify(text?.contents)).toContain("1 segment");
    expect(JSON.stringify(text?.contents)).toContain("GSM-7");
  });

  it("goes from {topic=menu} to > topic menu, and from a redirect to the trigger it reaches", async () => {
    const defs = await lsp.connection.sendRequest<Location[]>("textDocument/definition", {
      textDocument: { uri: uri("menu.bot") },
      position: at(MENU, "{topic=menu}", 8),
    });
    expect(defs).toEqual([{ uri: uri("menu.bot"), range: { start: at(MENU, "> topic menu", 8), end: at(MENU, "> topic menu", 12) } }]);
    const redirect = await lsp.connection.sendRequest<Location[]>("textDocument/definition", {
      textDocument: { uri: uri("menu.bot") },
      position: at(MENU, "@ hello", 3),
    });
    expect(redirect.map((l) => l.range.start)).toEqual([at(MENU, "+ hello", 2)]);
  });

  it("finds the references of a variable and renames it in every place", async () => {
    const refs = await lsp.connection.sendRequest<Location[]>("textDocument/references", {
      textDocument: { uri: uri("menu.bot") },
      position: at(MENU, "<get name>", 6),
      context: { includeDeclaration: true },
    });
    expect(refs).toHaveLength(3);
    const edit = await lsp.connection.sendRequest<WorkspaceEdit>("textDocument/rename", {
      textDocument: { uri: uri("menu.bot") },
      position: at(MENU, "<set name", 6),
      newName: "first_name",
    });
    const edits = edit.changes?.[uri("menu.bot")] ?? [];
    expect(edits).toHaveLength(3);
    expect(edits.every((e) => e.newText === "first_name" && e.range.end.character - e.range.start.character === 4)).toBe(true);
  });

  it("completes tags after <, topic names after {topic=, variables after <get ", async () => {
    const text = `${MENU}\n+ test\n- <`;
    await replaceAll("menu.bot", MENU, text);
    const end = { line: text.split("\n").length - 1, character: 3 };
    const tags = await lsp.connection.sendRequest<CompletionItem[]>("textDocument/completion", { textDocument: { uri: uri("menu.bot") }, position: end });
    expect(tags.map((c) => c.label)).toEqual(expect.arrayContaining(["set", "get", "delay", "star"]));
    expect(tags.find((c) => c.label === "set")?.textEdit).toMatchObject({ newText: "set ${1:name}=${2:value}>" });
    const withTopic = `${MENU}\n+ test\n- {topic=`;
    await replaceAll("menu.bot", text, withTopic);
    const topics = await lsp.connection.sendRequest<CompletionItem[]>("textDocument/completion", {
      textDocument: { uri: uri("menu.bot") },
      position: { line: end.line, character: 9 },
    });
    expect(topics.map((c) => c.label)).toEqual(expect.arrayContaining(["default", "menu"]));
    const withGet = `${MENU}\n+ test\n- <get `;
    await replaceAll("menu.bot", withTopic, withGet);
    const vars = await lsp.connection.sendRequest<CompletionItem[]>("textDocument/completion", {
      textDocument: { uri: uri("menu.bot") },
      position: { line: end.line, character: 7 },
    });
    expect(vars.map((c) => c.label)).toEqual(["name"]);
    await replaceAll("menu.bot", withGet, MENU);
  });

  it("outlines topics with their triggers", async () => {
    const symbols = await lsp.connection.sendRequest<DocumentSymbol[]>("textDocument/documentSymbol", { textDocument: { uri: uri("menu.bot") } });
    const names = symbols.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(["+ hello", "+ my name is *", "+ who am i", "+ *", "menu"]));
    expect(symbols.find((s) => s.name === "menu")?.children?.map((c) => c.name)).toEqual(["+ soup", "+ back"]);
    const found = await lsp.connection.sendRequest<{ name: string }[]>("workspace/symbol", { query: "soup" });
    expect(found.map((s) => s.name)).toEqual(["+ soup"]);
  });

  it("formats with the same formatter as bot fmt, folds blocks and colours tokens", async () => {
    const messy = MENU.replace("+ hello", "   +hello").replace("- Say hello.", "-    Say hello.   ");
    await replaceAll("menu.bot", MENU, messy);
    const edits = await lsp.connection.sendRequest<TextEdit[]>("textDocument/formatting", {
      textDocument: { uri: uri("menu.bot") },
      options: { tabSize: 2, insertSpaces: true },
    });
    expect(edits).toHaveLength(1);
    expect(edits[0]!.newText).toBe(MENU);
    await replaceAll("menu.bot", messy, MENU);
    const folds = await lsp.connection.sendRequest<{ startLine: number; endLine: number }[]>("textDocument/foldingRange", {
      textDocument: { uri: uri("menu.bot") },
    });
    expect(folds).toContainEqual(expect.objectContaining({ startLine: at(MENU, "> topic").line, endLine: at(MENU, "< topic").line }));
    const tokens = await lsp.connection.sendRequest<{ data: number[] }>("textDocument/semanticTokens/full", { textDocument: { uri: uri("menu.bot") } });
    expect(tokens.data.length % 5).toBe(0);
    expect(tokens.data.length).toBeGreaterThan(50);
  });

  it("offers the GSM-7 look-alike for a curly quote and a close topic name for a misspelled one", async () => {
    const text = MENU.replace("- Say hello.", "- Say hello, it’s free.").replace("{topic=default}", "{topic=menuu}");
    const published = await replaceAll("menu.bot", MENU, text);
    const quote = published.diagnostics.find((d) => d.code === "SMS002");
    const topic = published.diagnostics.find((d) => d.code === "BOT201");
    expect(quote && topic).toBeTruthy();
    const actions = await lsp.connection.sendRequest<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri: uri("menu.bot") },
      range: quote!.range,
      context: { diagnostics: [quote!, topic!] },
    });
    const edits = actions.flatMap((a) => a.edit?.changes?.[uri("menu.bot")] ?? []);
    expect(edits.map((e) => e.newText)).toEqual(["'", "menu"]);
    await replaceAll("menu.bot", text, MENU);
  });

  it("refreshes diagnostics of every open file of the bot when another file changes", async () => {
    const other = "+ go\n- Going.{topic=extra}\n";
    const extra = "> topic extra\n+ *\n- In extra.{topic=default}\n< topic\n";
    await open("extra.bot", extra);
    const clean = await open("other.bot", other);
    expect(clean.diagnostics.filter((d) => d.code === "BOT201")).toEqual([]);
    const since = lsp.published.length;
    await replaceAll("extra.bot", extra, "+ nothing\n- here\n");
    const refreshed = await lsp.diagnostics(uri("other.bot"), (p) => p.diagnostics.some((d) => d.code === "BOT201"), since);
    expect(refreshed.diagnostics.find((d) => d.code === "BOT201")?.message).toContain("extra");
  });

  it("answers requests for positions outside the document with empty results", async () => {
    const far = { line: 999, character: 0 };
    const wide = { line: 0, character: 500 };
    for (const position of [far, wide, { line: -1, character: 0 }]) {
      const doc = { textDocument: { uri: uri("menu.bot") }, position };
      expect(await lsp.connection.sendRequest("textDocument/hover", doc)).toBeNull();
      expect(await lsp.connection.sendRequest("textDocument/definition", doc)).toEqual([]);
      expect(await lsp.connection.sendRequest("textDocument/references", { ...doc, context: { includeDeclaration: true } })).toEqual([]);
      expect(await lsp.connection.sendRequest("textDocument/completion", doc)).toEqual([]);
      expect(await lsp.connection.sendRequest("textDocument/prepareRename", doc)).toBeNull();
    }
    expect(
      await lsp.connection.sendRequest("textDocument/hover", { textDocument: { uri: uri("not-open.bot") }, position: { line: 0, character: 0 } }),
    ).toBeNull();
  });

  it("survives any text through didChange: generated lines and syntax soup, then still answers (fast-check, 60 runs)", async () => {
    let current = MENU;
    await fc.assert(
      fc.asyncProperty(fc.oneof(commandLines, syntaxText), fc.nat(40), async (text, line) => {
        const since = lsp.published.length;
        await replaceAll("menu.bot", current, text);
        current = text;
        expect(lsp.published.length).toBeGreaterThan(since);
        const position = { line, character: line % 7 };
        await lsp.connection.sendRequest("textDocument/hover", { textDocument: { uri: uri("menu.bot") }, position });
        await lsp.connection.sendRequest("textDocument/completion", { textDocument: { uri: uri("menu.bot") }, position });
        await lsp.connection.sendRequest("textDocument/documentSymbol", { textDocument: { uri: uri("menu.bot") } });
        await lsp.connection.sendRequest("textDocument/semanticTokens/full", { textDocument: { uri: uri("menu.bot") } });
        await lsp.connection.sendRequest("textDocument/formatting", { textDocument: { uri: uri("menu.bot") }, options: { tabSize: 2, insertSpaces: true } });
      }),
      { seed: 20261201, numRuns: 60 },
    );
    expect(lsp.process.exitCode).toBeNull();
    expect(lsp.stderr()).toBe("");
    await replaceAll("menu.bot", current, MENU);
  }, 180_000);

  it("applies bot.config.yaml of the bot's folder, and reports a broken one", async () => {
    const sub = join(dir, "configured");
    mkdirSync(sub);
    writeFileSync(join(sub, "bot.config.yaml"), "lint:\n  rules:\n    catch-all-missing: off\n");
    const noCatchAll = await open("configured/a.bot", "+ hi\n- Hello.\n");
    expect(noCatchAll.diagnostics.map((d) => d.code)).not.toContain("BOT208");
    const broken = join(dir, "broken");
    mkdirSync(broken);
    writeFileSync(join(broken, "bot.config.yaml"), "lint: [unclosed\n");
    const since = lsp.published.length;
    await lsp.connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri: uri("broken/a.bot"), languageId: "bot", version: version++, text: "+ hi\n- Hello.\n" },
    });
    const config = await lsp.diagnostics(uri("broken/bot.config.yaml"), () => true, since);
    expect(config.diagnostics[0]?.code).toBe("BOT290");
  });
});
