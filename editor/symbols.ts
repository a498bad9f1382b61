/** @module Where each name of a bot is defined, written and read: topics, variables, arrays, macros, substitutions, redirects. */
import type { ScriptNode, Statement, TriggerNode, PatternElement } from "../compiler/1-parse/ast.ts";
import type { Span } from "../compiler/diagnostics/types.ts";
import type { Template, VariableName } from "../compiler/ir/types.ts";
import { walkTemplate, staticText } from "../compiler/lint/walk.ts";

/** What a name names. `var` is a user variable (`<get>`/`<set>`), `bot` a bot variable, `env` a global. */
export type SymbolKind = "topic" | "var" | "bot" | "env" | "array" | "object" | "sub" | "person";

export type Occurrence =
  | { kind: SymbolKind; name: string; role: "definition" | "write" | "read"; span: Span }
  /** `@ text`, `{@ text}`, `<@>`: resolved to a trigger on request (matching needs the whole bot). */
  | { kind: "redirect"; target: string | null; topic: string; span: Span };

export interface TriggerSymbol {
  topic: string;
  text: string;
  /** The whole trigger block (`+` line to its last reply line). */
  span: Span;
  /** The `+` line's pattern. */
  patternSpan: Span;
  node: TriggerNode;
}

export interface TopicSymbol {
  name: string;
  /** The `> topic … < topic` block. */
  span: Span;
  /** The topic name on the `> topic` line. */
  nameSpan: Span;
}

export interface FileSymbols {
  /** Sorted by start offset. */
  occurrences: Occurrence[];
  triggers: TriggerSymbol[];
  topics: TopicSymbol[];
  /** `! var`, `! array` … lines, for the outline. */
  definitions: { kind: string; name: string; span: Span }[];
}

const definitionKinds: Record<string, SymbolKind | undefined> = { var: "bot", global: "env", array: "array", sub: "sub", person: "person" };

/** Every occurrence in one parsed file. `text` is the file's text (name positions are found in it). */
export function fileSymbols(ast: ScriptNode, text: string): FileSymbols {
  const out: FileSymbols = { occurrences: [], triggers: [], topics: [], definitions: [] };
  visitStatements(ast.body, "default", text, out);
  out.occurrences.sort((a, b) => a.span.start.offset - b.span.start.offset);
  return out;
}

function visitStatements(body: Statement[], topic: string, text: string, out: FileSymbols): void {
  for (const statement of body) {
    switch (statement.type) {
      case "Definition": {
        const kind = definitionKinds[statement.kind];
        const nameSpan = findName(text, statement.span, statement.name, statement.kind.length + 1);
        if (statement.name) out.definitions.push({ kind: statement.kind, name: statement.name, span: statement.span });
        if (kind && statement.name) out.occurrences.push({ kind, name: statement.name, role: "definition", span: nameSpan });
        break;
      }
      case "Topic": {
        const name = canonical(statement.name);
        const header = lineOf(text, statement.span);
        const words = wordsOf(text, header);
        const nameWord = words.find((w, i) => i > 0 && w.text === statement.name) ?? words[1];
        const nameSpan = nameWord?.span ?? header;
        out.topics.push({ name, span: statement.span, nameSpan });
        out.occurrences.push({ kind: "topic", name, role: "definition", span: nameSpan });
        for (const word of words.slice(2)) {
          if ((statement.includes.includes(word.text) || statement.inherits.includes(word.text)) && word.text !== statement.name) {
            out.occurrences.push({ kind: "topic", name: canonical(word.text), role: "read", span: word.span });
          }
        }
        visitStatements(statement.body, name, text, out);
        break;
      }
      case "Begin":
        visitStatements(statement.body, "__begin__", text, out);
        break;
      case "Object":
        out.occurrences.push({ kind: "object", name: statement.name, role: "definition", span: findName(text, statement.span, statement.name, 1) });
        out.definitions.push({ kind: "object", name: statement.name, span: statement.span });
        break;
      case "Trigger":
        visitTrigger(statement, topic, text, out);
        break;
      default: {
        const _exhaustive: never = statement;
        return _exhaustive;
      }
    }
  }
}

function visitTrigger(node: TriggerNode, topic: string, text: string, out: FileSymbols): void {
  out.triggers.push({ topic, text: node.pattern.text, span: node.span, patternSpan: node.pattern.span, node });
  const firstOccurrence = out.occurrences.length;
  const arraysSeen = new Set<number>();
  const visitPattern = (parts: PatternElement[]): void => {
    for (const part of parts) {
      if (part.type === "ArrayRef") {
        arraysSeen.add(part.span.start.offset);
        out.occurrences.push({ kind: "array", name: part.name, role: "read", span: findName(text, part.span, part.name, 0) });
      } else if (part.type === "PatternTag") {
        out.occurrences.push({ kind: part.tag === "get" ? "var" : "bot", name: part.name, role: "read", span: findName(text, part.span, part.name, 1) });
      } else if (part.type === "Alternatives" || part.type === "Optional") {
        for (const option of part.options) visitPattern(option);
      }
    }
  };
  visitPattern(node.pattern.parts);
  if (node.previous) visitPattern(node.previous.parts);
  const templates: Template[] = [];
  for (const call of node.http) templates.push(call.url, ...(call.options ? [call.options] : []));
  for (const c of node.conditions) templates.push(c.left, c.right, c.body);
  for (const r of node.replies) templates.push(r.body);
  for (const template of templates) visitTemplate(template, topic, text, out);
  if (node.redirect) {
    out.occurrences.push({ kind: "redirect", target: staticText(node.redirect.target), topic, span: node.redirect.span });
  }
  // `(@name)` in replies of a defined array is expanded into a random pick, so it is found in the text
  // (an undefined one stays an array part, already recorded).
  for (let i = firstOccurrence; i < out.occurrences.length; i++) {
    const o = out.occurrences[i]!;
    if (o.kind === "array") arraysSeen.add(o.span.start.offset - 2);
  }
  const block = text.slice(node.span.start.offset, node.span.end.offset);
  for (const match of block.matchAll(/\(@([A-Za-z0-9_-]+)\)/g)) {
    const at = node.span.start.offset + (match.index ?? 0);
    if (arraysSeen.has(at)) continue;
    out.occurrences.push({ kind: "array", name: match[1]!.toLowerCase(), role: "read", span: spanIn(node.span, text, at + 2, at + 2 + match[1]!.length) });
  }
}

function visitTemplate(template: Template, topic: string, text: string, out: FileSymbols): void {
  walkTemplate(template, (part) => {
    const span = part.span;
    if (!span) return;
    // A name built at run time (`<get <star>_count>`) names no one variable; its nested tags are visited on their own.
    const add = (kind: SymbolKind, name: VariableName, role: "write" | "read", skip: number): void => {
      if (typeof name === "string") out.occurrences.push({ kind, name, role, span: findName(text, span, name, skip) });
    };
    switch (part.type) {
      case "get":
        return add("var", part.name, "read", 1);
      case "set":
      case "math":
        return add("var", part.name, "write", 1);
      case "bot":
        return add("bot", part.name, "read", 1);
      case "botSet":
        return add("bot", part.name, "write", 1);
      case "env":
        return add("env", part.name, "read", 1);
      case "envSet":
        return add("env", part.name, "write", 1);
      case "topic":
        return add("topic", canonical(part.name), "read", 7);
      case "call":
        return add("object", part.name, "read", 6);
      case "arrayPick":
        return add("array", part.name, "read", 2);
      case "inlineRedirect": {
        const star = text.slice(span.start.offset, span.end.offset) === "<@>";
        out.occurrences.push({ kind: "redirect", target: star ? null : staticText(part.target), topic, span });
        return;
      }
      default:
        return;
    }
  });
}

export function canonical(topic: string): string {
  return topic === "random" ? "default" : topic;
}

/** The span of `name` inside `span`, searched from `skip` characters in past the first blank/`=`/`>`; the whole span when not found. */
function findName(text: string, span: Span, name: string, skip: number): Span {
  if (!name) return span;
  const from = span.start.offset;
  const region = text.slice(from, span.end.offset);
  let start = skip;
  const separator = region.slice(skip).search(/[\s=>@]/);
  if (skip > 0 && separator >= 0 && region.slice(skip, skip + separator).toLowerCase() !== name.toLowerCase()) start = skip + separator + 1;
  let at = region.indexOf(name, start);
  if (at < 0) at = region.toLowerCase().indexOf(name.toLowerCase(), start);
  if (at < 0) return span;
  return spanIn(span, text, from + at, from + at + name.length);
}

/** A span inside `outer` (same file) from offsets; line and column computed from the text. */
export function spanIn(outer: Span, text: string, start: number, end: number): Span {
  return { file: outer.file, start: positionOf(text, start), end: positionOf(text, end) };
}

// Positions are looked up for every occurrence of a file in turn; the line starts of the last text are kept.
let cachedText: string | null = null;
let cachedStarts: number[] = [];

function positionOf(text: string, offset: number): Span["start"] {
  if (text !== cachedText) {
    cachedStarts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) cachedStarts.push(i + 1);
    }
    cachedText = text;
  }
  let lo = 0;
  let hi = cachedStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (cachedStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { offset, line: lo + 1, column: offset - cachedStarts[lo]! + 1 };
}

/** The first line of a span. */
function lineOf(text: string, span: Span): Span {
  let end = span.start.offset;
  while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
  return spanIn(span, text, span.start.offset, end);
}

/** Blank-separated words of a line (comment cut), with their spans; the command character is word 0's prefix. */
function wordsOf(text: string, line: Span): { text: string; span: Span }[] {
  const image = text.slice(line.start.offset, line.end.offset);
  const comment = image.search(/(^|\s)\/\//);
  const body = comment >= 0 ? image.slice(0, comment) : image;
  const words: { text: string; span: Span }[] = [];
  for (const m of body.slice(1).matchAll(/\S+/g)) {
    const at = line.start.offset + 1 + (m.index ?? 0);
    words.push({ text: m[0], span: spanIn(line, text, at, at + m[0].length) });
  }
  return words;
}
