/** @module Completion: tags after `<`/`{`/`^` (snippets from the language table), topic, variable, array and macro names, shortcode arguments. */
import type { BotModel } from "./bot-model.ts";
import { languageTable } from "./language-table.ts";
import type { SymbolKind } from "./symbols.ts";
import { walkTemplate, triggerTemplates } from "../compiler/lint/walk.ts";

export interface CompletionEntry {
  label: string;
  kind: "tag" | "shortcode" | "topic" | "variable" | "array" | "macro" | "value";
  detail: string;
  documentation?: string;
  /** LSP snippet syntax; plain text when absent (the label). */
  snippet?: string;
  /** Offset where the typed prefix that this entry replaces starts (the cursor is its end). */
  replaceFrom: number;
}

type NameContext = { pattern: RegExp; kind: SymbolKind; entryKind: CompletionEntry["kind"]; detail: string };

const nameContexts: NameContext[] = [
  { pattern: /\{topic=([\w-]*)$/, kind: "topic", entryKind: "topic", detail: "topic" },
  { pattern: /<(?:get|set|add|sub|mult|div)\s+([\w.-]*)$/, kind: "var", entryKind: "variable", detail: "user variable" },
  { pattern: /<bot\s+([\w.-]*)$/, kind: "bot", entryKind: "variable", detail: "bot variable (! var)" },
  { pattern: /<env\s+([\w.-]*)$/, kind: "env", entryKind: "variable", detail: "global (! global)" },
  { pattern: /\(@([\w-]*)$/, kind: "array", entryKind: "array", detail: "array (! array)" },
  { pattern: /(?:^|\s)@([\w-]*)$/, kind: "array", entryKind: "array", detail: "array (! array)" },
  { pattern: /<call>\s*([\w-]*)$/, kind: "object", entryKind: "macro", detail: "object macro" },
];

/** Completions at `offset` of `text` (the current text of `path`), with names from the bot's last model. */
export function completionsAt(model: BotModel | null, text: string, offset: number, mediaFiles: readonly string[] = []): CompletionEntry[] {
  if (offset < 0 || offset > text.length) return [];
  let lineStart = offset;
  while (lineStart > 0 && text.charCodeAt(lineStart - 1) !== 10 && text.charCodeAt(lineStart - 1) !== 13) lineStart--;
  const before = text.slice(lineStart, offset);
  const command = before.trimStart().charAt(0);
  if (before.trimStart().startsWith("//")) return [];

  for (const context of nameContexts) {
    const m = context.pattern.exec(before);
    if (!m) continue;
    // `@name` without parentheses is an array only in a pattern (`+`/`%` lines); in replies `@` is text.
    if (context.pattern.source.startsWith("(?:^|\\s)@") && command !== "+" && command !== "%") continue;
    const prefix = m[1] ?? "";
    return namesOf(model, context.kind).map((name) => ({ label: name, kind: context.entryKind, detail: context.detail, replaceFrom: offset - prefix.length }));
  }

  // Media shortcodes take a URL or a path relative to the bot's folder: offer the folder's media files.
  const media = /\^(?:image|file|video|audio)\(\s*"?([^",)]*)$/.exec(before);
  if (media) {
    return mediaFiles.map((file) => ({
      label: file,
      kind: "value" as const,
      detail: "file in the bot's folder",
      replaceFrom: offset - (media[1] ?? "").length,
    }));
  }

  const reminder = /\^reminderCancel\(\s*([\w-]*)$/.exec(before);
  if (reminder) {
    return reminderNames(model).map((name) => ({ label: name, kind: "value", detail: "reminder", replaceFrom: offset - (reminder[1] ?? "").length }));
  }

  const opener = /(<|\{|\^)(\/?[A-Za-z@]*)$/.exec(before);
  if (!opener) return [];
  const char = opener[1] as "<" | "{" | "^";
  // `^` starts a shortcode at the line's start or after a non-letter (`x^2(y)` is text).
  if (char === "^" && /[A-Za-z]$/.test(before.slice(0, before.length - opener[0].length))) return [];
  const prefix = opener[2] ?? "";
  const out: CompletionEntry[] = [];
  for (const entry of languageTable) {
    for (const c of entry.completions) {
      if (c.opener !== char) continue;
      out.push({
        label: c.label,
        kind: entry.kind === "shortcode" ? "shortcode" : "tag",
        detail: entry.syntax.replace(/`/g, ""),
        documentation: entry.meaning,
        snippet: c.snippet,
        replaceFrom: offset - prefix.length,
      });
    }
  }
  return out;
}

function namesOf(model: BotModel | null, kind: SymbolKind): string[] {
  if (!model) return [];
  const names = new Set<string>();
  if (kind === "topic") for (const name of Object.keys(model.compiled.ir.topics)) if (name !== "__begin__") names.add(name);
  for (const file of model.symbols.values()) for (const o of file.occurrences) if (o.kind === kind && "name" in o) names.add(o.name);
  return [...names].sort();
}

function reminderNames(model: BotModel | null): string[] {
  if (!model) return [];
  const names = new Set<string>();
  for (const trigger of model.compiled.ir.triggers) {
    for (const t of triggerTemplates(trigger)) walkTemplate(t, (part) => void (part.type === "reminder" && names.add(part.name)));
  }
  return [...names].sort();
}
