/** @module Semantic tokens: commands, comments, tags and shortcodes, names (topics, variables, arrays, macros), so colours are right without a grammar. */
import type { BotModel } from "./bot-model.ts";

export const tokenTypes = ["keyword", "comment", "macro", "variable", "namespace", "function", "string", "number"] as const;
export type TokenType = (typeof tokenTypes)[number];

const nameTypes: Record<string, TokenType> = {
  topic: "namespace",
  var: "variable",
  bot: "variable",
  env: "variable",
  array: "variable",
  object: "function",
  sub: "string",
  person: "string",
};

/** LSP's relative encoding (deltaLine, deltaStart, length, type, modifiers) of every token in the file, sorted. */
export function semanticTokens(model: BotModel | null, path: string, text: string): number[] {
  const tokens: { line: number; start: number; length: number; type: number }[] = [];
  const add = (line: number, start: number, length: number, type: TokenType): void => {
    if (length > 0) tokens.push({ line, start, length, type: tokenTypes.indexOf(type) });
  };
  const lines = text.split(/\r\n|\r|\n/);
  let inComment = false;
  let inObject = false;
  for (const [n, line] of lines.entries()) {
    const indent = line.length - line.trimStart().length;
    const s = line.slice(indent);
    if (inComment) {
      const close = line.indexOf("*/");
      add(n, 0, close < 0 ? line.length : close + 2, "comment");
      if (close >= 0) inComment = false;
      continue;
    }
    if (inObject) {
      if (/^<\s*object\b/.test(s)) {
        inObject = false;
        add(n, indent, 1, "keyword");
      }
      continue;
    }
    if (s.startsWith("/*")) {
      const close = s.indexOf("*/", 2);
      add(n, indent, close < 0 ? s.length : close + 2, "comment");
      if (close < 0) inComment = true;
      continue;
    }
    if (s.startsWith("//")) {
      add(n, indent, s.length, "comment");
      continue;
    }
    if (!s) continue;
    if (/^>\s*object\b/.test(s)) inObject = true;
    if (s.startsWith("#")) {
      add(n, indent, s.length, "keyword");
      continue;
    }
    if (!"!><+-%^@*$".includes(s.charAt(0))) continue;
    const comment = s.search(/(^|\s)\/\//);
    const body = comment > 0 ? s.slice(0, comment) : s;
    const shortcodeLine = /^\^[A-Za-z][A-Za-z0-9_]*\(/.test(s);
    if (!shortcodeLine) add(n, indent, 1, "keyword");
    for (const m of body.matchAll(/<\/?[A-Za-z@][A-Za-z0-9]*|\{\/?[A-Za-z@]+|\^[A-Za-z][A-Za-z0-9_]*(?=\()/g)) {
      const at = indent + (m.index ?? 0);
      if (m[0].startsWith("^") && at > indent && /[A-Za-z]/.test(line.charAt(at - 1))) continue;
      add(n, at, m[0].length, "macro");
    }
    if (comment > 0) add(n, indent + comment + 1, s.length - comment - 1, "comment");
  }
  // Names from the bot's index: they override the line-level colours where they overlap.
  const names = new Map<string, TokenType>();
  for (const o of model?.symbols.get(path)?.occurrences ?? []) {
    if (o.kind === "redirect" || o.span.start.line !== o.span.end.line) continue;
    names.set(`${o.span.start.line - 1}:${o.span.start.column - 1}`, nameTypes[o.kind] ?? "variable");
    add(o.span.start.line - 1, o.span.start.column - 1, o.span.end.column - o.span.start.column, nameTypes[o.kind] ?? "variable");
  }
  tokens.sort((a, b) => a.line - b.line || a.start - b.start || (names.has(`${b.line}:${b.start}`) ? 1 : 0) - (names.has(`${a.line}:${a.start}`) ? 1 : 0));
  const data: number[] = [];
  let lastLine = 0;
  let lastStart = 0;
  let lastEnd = -1;
  let lastEndLine = -1;
  for (const t of tokens) {
    // Tokens may not overlap: a later one inside an earlier one is dropped.
    if (t.line === lastEndLine && t.start < lastEnd) continue;
    data.push(t.line - lastLine, t.line === lastLine ? t.start - lastStart : t.start, t.length, t.type, 0);
    lastLine = t.line;
    lastStart = t.start;
    lastEnd = t.start + t.length;
    lastEndLine = t.line;
  }
  return data;
}
