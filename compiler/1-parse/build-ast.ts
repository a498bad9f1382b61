/** @module Walks a file's line groups in order and builds its AST: blocks, directives, file-scoped options. */
import type { IToken } from "chevrotain";
import type { Reporter } from "../diagnostics/report.ts";
import type { Span } from "../diagnostics/types.ts";
import type { BeginNode, ScriptNode, Statement, TopicNode } from "./ast.ts";
import type { LineGroup } from "../../grammar/parser.ts";
import { parseDefinition } from "./definition.ts";
import { labelCloseKind, parseLabelOpen, parseObject } from "./labels.ts";
import { argumentOf, type Concat } from "./line-text.ts";
import { spanAt, spanOf, type LineIndex } from "./source.ts";
import { buildTrigger, lineSpan } from "./trigger.ts";

/** A file's AST under construction: `startScript`, then `visitGroup` for each statement in order, then `finishScript`. */
export interface ScriptBuilder {
  index: LineIndex;
  report: Reporter;
  top: Statement[];
  open: { node: TopicNode | BeginNode; kind: "topic" | "begin"; span: Span } | null;
  concat: Concat;
  keepPunctuation: boolean;
  ignores: { codes: string[]; span: Span } | null;
}

type State = ScriptBuilder;

export function startScript(index: LineIndex, report: Reporter): ScriptBuilder {
  return { index, report, top: [], open: null, concat: "none", keepPunctuation: false, ignores: null };
}

export function finishScript(state: ScriptBuilder): ScriptNode {
  const { index, report } = state;
  if (state.open) report.labelUnclosed(state.open.span, { label: state.open.kind });
  if (state.ignores) report.ignoreUnattached(state.ignores.span);
  return { type: "Script", file: index.file, body: state.top, span: spanAt(index, 0, index.length) };
}

function body(state: State): Statement[] {
  return state.open ? state.open.node.body : state.top;
}

export function visitGroup(state: State, group: LineGroup): void {
  const { index, report } = state;
  switch (group.kind) {
    case "trigger": {
      const ignores = state.ignores?.codes ?? [];
      state.ignores = null;
      body(state).push(buildTrigger(group, { index, report, concat: state.concat, ignores, keepPunctuation: state.keepPunctuation }));
      return;
    }
    case "definition": {
      const { node, concat } = parseDefinition(index, group.line, report);
      if (concat) state.concat = concat;
      if (node) body(state).push(node);
      return;
    }
    case "labelOpen":
      return openLabel(state, group.line);
    case "labelClose":
      return closeLabel(state, group.token);
    case "object": {
      const node = parseObject(index, group.token, report);
      if (node) body(state).push(node);
      return;
    }
    case "directive":
      return directive(state, group.token);
    case "stray":
      return stray(state, group.line.token);
    default: {
      const _exhaustive: never = group;
      return _exhaustive;
    }
  }
}

function openLabel(state: State, line: Extract<LineGroup, { kind: "labelOpen" }>["line"]): void {
  const span = lineSpan(state.index, line);
  endBlock(state);
  if (state.open) {
    state.report.labelUnclosed(state.open.span, { label: state.open.kind });
    state.open = null;
  }
  const header = parseLabelOpen(state.index, line, state.report);
  if (!header) return;
  const node: TopicNode | BeginNode = header.kind === "begin" ? { type: "Begin", body: [], span } : topicNode(header, span);
  state.top.push(node);
  state.open = { node, kind: header.kind, span };
}

function closeLabel(state: State, token: IToken): void {
  const kind = labelCloseKind(token);
  const span = spanAt(state.index, token.startOffset, token.startOffset + token.image.trimEnd().length);
  endBlock(state);
  if (!state.open || state.open.kind !== kind) {
    state.report.labelCloseUnmatched(span, { label: kind });
    return;
  }
  state.open.node.span = { ...state.open.node.span, end: span.end };
  state.open = null;
}

/** `# punc` and pending `# bot-ignore` end with their block. */
function endBlock(state: State): void {
  state.keepPunctuation = false;
  if (state.ignores) state.report.ignoreUnattached(state.ignores.span);
  state.ignores = null;
}

function directive(state: State, token: IToken): void {
  const src = argumentOf(state.index, token);
  const words = src.text.split(/\s+/).filter(Boolean);
  const [name, ...args] = words;
  const span = spanAt(state.index, token.startOffset, token.startOffset + token.image.trimEnd().length);
  if (name === "punc") {
    if (args.length === 1 && (args[0] === "nostrip" || args[0] === "strip")) state.keepPunctuation = args[0] === "nostrip";
    else state.report.directiveMalformed(span, { problem: "`# punc` takes `nostrip` or `strip`" });
  } else if (name === "bot-ignore") {
    const bad = args.find((code) => !/^[A-Z]+[0-9]+$/.test(code));
    if (args.length === 0 || bad !== undefined) {
      const problem = bad === undefined ? "`# bot-ignore` needs at least one code" : `\`${bad}\` is not a diagnostic code`;
      state.report.directiveMalformed(span, { problem });
    } else {
      // Appended in place: the codes of a run of directives are one array until a trigger takes them.
      if (!state.ignores) state.ignores = { codes: [], span };
      for (const code of args) state.ignores.codes.push(code);
    }
  } else {
    state.report.directiveUnknown(name ? spanOf(src, 0, name.length) : span, { directive: name ? ` ${name}` : "" });
  }
}

function stray(state: State, token: IToken): void {
  const command = token.image.charAt(0);
  const span = spanAt(state.index, token.startOffset, token.startOffset + token.image.trimEnd().length);
  if (command === "%") state.report.previousMisplaced(span);
  else if (command === "^") state.report.continuationWithoutLine(span);
  else if ("-*@$".includes(command)) state.report.replyWithoutTrigger(span, { command });
  else {
    const width = (token.image.codePointAt(0) ?? 0) > 0xffff ? 2 : 1;
    state.report.commandUnknown(spanAt(state.index, token.startOffset, token.startOffset + width), { char: printable(token.image) });
  }
}

function printable(image: string): string {
  const c = String.fromCodePoint(image.codePointAt(0) ?? 63);
  return /[\p{L}\p{N}\p{P}\p{S}]/u.test(c) ? c : `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

function topicNode(header: Extract<ReturnType<typeof parseLabelOpen>, { kind: "topic" }>, span: Span): TopicNode {
  const { name, includes, inherits, isolated } = header;
  return { type: "Topic", name, includes, inherits, isolated, body: [], span };
}
