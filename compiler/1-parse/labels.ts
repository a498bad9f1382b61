/** @module Label lines: `> topic NAME [includes …] [inherits …] [isolated]`, `> begin`, `> object`, `< …`. */
import type { IToken } from "chevrotain";
import type { Reporter } from "../diagnostics/report.ts";
import type { ObjectNode } from "./ast.ts";
import type { Line } from "../../grammar/parser.ts";
import { argumentOf } from "./line-text.ts";
import { spanAt, spanOf, type LineIndex } from "./source.ts";
import { lineSpan } from "./trigger.ts";

export type LabelHeader = { kind: "topic"; name: string; includes: string[]; inherits: string[]; isolated: boolean } | { kind: "begin" };

export function parseLabelOpen(index: LineIndex, line: Line, report: Reporter): LabelHeader | null {
  const src = argumentOf(index, line.token);
  const words = [src.text, ...line.continues.map((c) => argumentOf(index, c).text)].join(" ").split(/\s+/).filter(Boolean);
  const [kind, name, ...rest] = words;
  const span = lineSpan(index, line);
  if (kind === "begin") return { kind: "begin" };
  if (kind !== "topic") {
    report.labelUnknown(kind ? spanOf(src, 0, kind.length) : span, { label: kind ?? "" });
    return null;
  }
  if (!name) {
    report.labelNameMissing(span, { label: "topic", what: "a topic name" });
    return null;
  }
  const header = { kind: "topic" as const, name, includes: [] as string[], inherits: [] as string[], isolated: false };
  let mode: "includes" | "inherits" | null = null;
  for (const word of rest) {
    if (word === "includes" || word === "inherits") mode = word;
    else if (word === "isolated") header.isolated = true;
    else if (mode) header[mode].push(word);
  }
  return header;
}

/** The kind a `< …` line closes (`topic`, `begin`, `object`, or whatever else was written). */
export function labelCloseKind(token: IToken): string {
  return token.image.slice(1).trim().split(/\s+/)[0] ?? "";
}

export function parseObject(index: LineIndex, token: IToken, report: Reporter): ObjectNode | null {
  const image = token.image;
  const firstEnd = image.search(/\r|\n|$/);
  const header = image.slice(1, firstEnd).trim().split(/\s+/);
  const lines = image.split(/\r\n|\r|\n/);
  const closed = lines.length > 1 && /^\s*<\s*object(\s|$)/.test(lines[lines.length - 1] ?? "");
  const headSpan = spanAt(index, token.startOffset, token.startOffset + image.slice(0, firstEnd).trimEnd().length);
  if (!closed) report.labelUnclosed(headSpan, { label: "object" });
  const [, name, written] = header;
  if (!name) {
    report.labelNameMissing(headSpan, { label: "object", what: "a name (`> object NAME javascript`)" });
    return null;
  }
  // As rivescript: no language is JavaScript (with a warning), and the language is read case-insensitively.
  if (!written) report.objectLanguageMissing(headSpan, { name });
  const language = written ? written.toLowerCase() : "javascript";
  const code = (closed ? lines.slice(1, -1) : lines.slice(1)).join("\n");
  const node: ObjectNode = { type: "Object", name, language, code, span: spanAt(index, token.startOffset, token.startOffset + image.trimEnd().length) };
  if (language !== "javascript") report.objectLanguageUnsupported(headSpan, { name, language });
  return node;
}
