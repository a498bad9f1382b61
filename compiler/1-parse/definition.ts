/** @module `!` definitions: `! TYPE NAME = VALUE`, with arrays split line by line. */
import type { Reporter } from "../diagnostics/report.ts";
import type { DefinitionKind, DefinitionNode } from "./ast.ts";
import type { Line } from "../../grammar/parser.ts";
import { argumentOf, type Concat } from "./line-text.ts";
import { spanAt, spanOf, type LineIndex, type SourceText } from "./source.ts";

const kinds = new Set<string>(["version", "local", "global", "var", "array", "sub", "person"]);

export interface DefinitionResult {
  node: DefinitionNode | null;
  /** Set when the line was `! local concat = …`. */
  concat?: Concat;
}

export function parseDefinition(index: LineIndex, line: Line, report: Reporter): DefinitionResult {
  const head = argumentOf(index, line.token);
  const lines = [head, ...line.continues.map((c) => argumentOf(index, c))];
  // Continuations of a definition join without a separator; arrays split each line on its own below.
  const text = lines.map((l) => l.text).join("");
  const last = line.continues[line.continues.length - 1] ?? line.token;
  const span = spanAt(index, line.token.startOffset, last.startOffset + last.image.trimEnd().length);
  const kindEnd = text.search(/[\s=]|$/);
  const kind = text.slice(0, kindEnd);
  if (!kinds.has(kind)) {
    if (kind) report.definitionTypeUnknown(spanOf(head, 0, kindEnd), { type: kind });
    else report.definitionMalformed(span, { problem: "expected `! TYPE NAME = VALUE`" });
    return { node: null };
  }
  const eq = text.indexOf("=");
  if (eq === -1) {
    report.definitionMalformed(span, { problem: `\`! ${kind}\` needs \`=\` and a value` });
    return { node: null };
  }
  const name = text.slice(kindEnd, eq).trim().replace(/\s+/g, " ");
  const raw = text.slice(eq + 1).trim();
  if (kind !== "version" && !name) {
    report.definitionMalformed(span, { problem: `\`! ${kind}\` needs a name before \`=\`` });
    return { node: null };
  }
  const node: DefinitionNode = {
    type: "Definition",
    kind: kind as DefinitionKind,
    name,
    value: raw === "<undef>" ? null : raw,
    items: kind === "array" ? arrayItems(lines, head).map((item) => item.toLowerCase()) : [],
    rawItems: kind === "array" ? arrayItems(lines, head, { name, report }) : [],
    span,
  };
  if (kind === "version" && !/^2(\.\d*)?$/.test(raw)) report.versionUnsupported(span, { version: raw });
  if (kind === "local" && name === "concat") {
    const concat = raw === "none" || raw === "space" || raw === "newline" ? raw : null;
    if (!concat) report.concatUnknown(span, { value: raw });
    return { node, concat: concat ?? "none" };
  }
  return { node };
}

/**
 * Each line splits on `|` if it has one, else on whitespace; `\s` is a space. Empty piped items are dropped, as
 * rivescript drops them, and reported (when `warn` is given) with the warning rivescript gives: BOT032 for a `|`
 * at a line's start or end, BOT033 for a blank between two `|`.
 */
function arrayItems(lines: SourceText[], head: SourceText, warn?: { name: string; report: Reporter }): string[] {
  const items: string[] = [];
  lines.forEach((l, n) => {
    const from = n === 0 ? head.text.indexOf("=") + 1 : 0;
    const text = l.text.slice(from);
    const piped = text.includes("|");
    const pieces = piped ? text.split("|") : text.split(/\s+/);
    let at = from;
    pieces.forEach((piece, k) => {
      const item = piece.replace(/\\s/g, " ").trim().replace(/\s+/g, " ");
      if (item) items.push(item);
      else if (piped && warn) reportBlank(l, at, piece.length, k, pieces.length, warn);
      at += piece.length + 1;
    });
  });
  return items;
}

/** The blank piece `k` of `count` starts at `at` and is `length` long: the span is its `|` (both, between two). */
function reportBlank(l: SourceText, at: number, length: number, k: number, count: number, warn: { name: string; report: Reporter }): void {
  if (k === 0) warn.report.arrayPipeEdge(spanOf(l, at + length, at + length + 1), { name: warn.name, edge: "begins" });
  else if (k === count - 1) warn.report.arrayPipeEdge(spanOf(l, at - 1, at), { name: warn.name, edge: "ends" });
  else warn.report.arrayItemBlank(spanOf(l, at - 1, at + length + 1), { name: warn.name });
}
