/** @module Outline (topics → triggers, definitions), workspace symbols and folding ranges. */
import type { Span } from "../compiler/diagnostics/types.ts";
import type { BotModel } from "./bot-model.ts";

export interface OutlineNode {
  name: string;
  detail: string;
  kind: "topic" | "trigger" | "definition" | "object" | "begin";
  span: Span;
  selection: Span;
  children: OutlineNode[];
}

/** Definitions and top-level triggers, then each topic block with its triggers, in file order. */
export function outlineOf(model: BotModel, path: string): OutlineNode[] {
  const symbols = model.symbols.get(path);
  if (!symbols) return [];
  const nodes: OutlineNode[] = [];
  for (const d of symbols.definitions) {
    nodes.push({
      name: d.name,
      detail: d.kind === "object" ? "object macro" : `! ${d.kind}`,
      kind: d.kind === "object" ? "object" : "definition",
      span: d.span,
      selection: d.span,
      children: [],
    });
  }
  const topics = symbols.topics.map((t) => ({
    node: { name: t.name, detail: "topic", kind: "topic" as const, span: t.span, selection: t.nameSpan, children: [] as OutlineNode[] },
    start: t.span.start.offset,
    end: t.span.end.offset,
  }));
  for (const t of topics) nodes.push(t.node);
  for (const trigger of symbols.triggers) {
    const node: OutlineNode = {
      name: `+ ${trigger.text}`,
      detail: trigger.node.previous ? `% ${trigger.node.previous.text}` : "",
      kind: "trigger",
      span: trigger.span,
      selection: trigger.patternSpan,
      children: [],
    };
    const inTopic = topics.find((t) => t.start <= trigger.span.start.offset && trigger.span.end.offset <= t.end);
    (inTopic ? inTopic.node.children : nodes).push(node);
  }
  return nodes.sort((a, b) => a.span.start.offset - b.span.start.offset);
}

/** Topics and triggers of a bot whose name contains `query` (case-insensitive), at most `limit`. */
export function workspaceSymbols(
  model: BotModel,
  query: string,
  limit: number,
): { name: string; kind: "topic" | "trigger"; container: string; path: string; span: Span }[] {
  const q = query.toLowerCase();
  const out: { name: string; kind: "topic" | "trigger"; container: string; path: string; span: Span }[] = [];
  for (const [path, symbols] of model.symbols) {
    for (const t of symbols.topics) if (t.name.toLowerCase().includes(q)) out.push({ name: t.name, kind: "topic", container: path, path, span: t.nameSpan });
    for (const t of symbols.triggers) {
      if (out.length >= limit) return out;
      if (t.text.toLowerCase().includes(q)) out.push({ name: `+ ${t.text}`, kind: "trigger", container: t.topic, path, span: t.patternSpan });
    }
  }
  return out.slice(0, limit);
}

/** Topic, trigger, object and comment blocks that span more than one line (0-based lines). */
export function foldingRanges(model: BotModel, path: string, text: string): { startLine: number; endLine: number; kind?: "comment" }[] {
  const symbols = model.symbols.get(path);
  const out: { startLine: number; endLine: number; kind?: "comment" }[] = [];
  const add = (span: Span, kind?: "comment"): void => {
    if (span.end.line > span.start.line) out.push({ startLine: span.start.line - 1, endLine: span.end.line - 1, ...(kind ? { kind } : {}) });
  };
  for (const t of symbols?.topics ?? []) add(t.span);
  for (const t of symbols?.triggers ?? []) add(t.span);
  for (const d of symbols?.definitions ?? []) if (d.kind === "object") add(d.span);
  // Block comments are not in the AST; find them in the text.
  let line = 0;
  let commentStart = -1;
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const s = raw.trimStart();
    if (commentStart < 0 && s.startsWith("/*") && !s.slice(2).includes("*/")) commentStart = line;
    else if (commentStart >= 0 && raw.includes("*/")) {
      out.push({ startLine: commentStart, endLine: line, kind: "comment" });
      commentStart = -1;
    }
    line++;
  }
  return out;
}
