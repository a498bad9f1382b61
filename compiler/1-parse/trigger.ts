/** @module Builds a trigger node from its `+` line, `%` line and the reply lines under it. */
import type { Reporter } from "../diagnostics/report.ts";
import type { Span } from "../diagnostics/types.ts";
import type { PatternNode, TriggerNode } from "./ast.ts";
import type { Line, LineGroup } from "../../grammar/parser.ts";
import { joinedArgument, type Concat } from "./line-text.ts";
import { parsePattern } from "./pattern.ts";
import { parseCondition, parseHttp, parseRedirect } from "./response.ts";
import { spanAt, type LineIndex } from "./source.ts";
import { parseTemplate } from "./template.ts";

export interface TriggerContext {
  index: LineIndex;
  concat: Concat;
  report: Reporter;
  ignores: string[];
  keepPunctuation: boolean;
}

export function lineSpan(index: LineIndex, line: Line): Span {
  const last = line.continues[line.continues.length - 1] ?? line.token;
  return spanAt(index, line.token.startOffset, last.startOffset + last.image.trimEnd().length);
}

export function buildTrigger(group: Extract<LineGroup, { kind: "trigger" }>, ctx: TriggerContext): TriggerNode {
  const { index, concat, report } = ctx;
  const pattern = patternOf(group.trigger, ctx, "+");
  const previous = group.previous ? patternOf(group.previous, ctx, "%") : null;
  const node: TriggerNode = {
    type: "Trigger",
    pattern,
    previous,
    replies: [],
    conditions: [],
    redirect: null,
    http: [],
    ignores: ctx.ignores,
    keepPunctuation: ctx.keepPunctuation,
    span: spanAt(index, group.trigger.token.startOffset, lastOffset(group)),
  };
  for (const line of group.responses) {
    const command = line.token.image.charAt(0);
    const span = lineSpan(index, line);
    const src = joinedArgument(index, line, concat, command === "-" || command === "*");
    if (command === "-") {
      const { template, weight } = parseTemplate(src, report);
      node.replies.push({ type: "Reply", weight: weight?.value ?? 1, body: template, span });
    } else if (command === "*") {
      const condition = parseCondition(src, span, report);
      if (condition) node.conditions.push(condition);
    } else if (command === "@") {
      node.redirect ??= parseRedirect(src, span, report);
    } else {
      const call = parseHttp(src, span, report);
      if (call) node.http.push(call);
    }
  }
  return node;
}

function patternOf(line: Line, ctx: TriggerContext, command: "+" | "%"): PatternNode {
  const src = joinedArgument(ctx.index, line, ctx.concat, false);
  const pattern = parsePattern(src, ctx.report);
  if (pattern.parts.length === 0) ctx.report.triggerEmpty(lineSpan(ctx.index, line), { command });
  return pattern;
}

function lastOffset(group: Extract<LineGroup, { kind: "trigger" }>): number {
  const lines = [group.trigger, ...(group.previous ? [group.previous] : []), ...group.responses];
  const last = lines[lines.length - 1] ?? group.trigger;
  const token = last.continues[last.continues.length - 1] ?? last.token;
  return token.startOffset + token.image.trimEnd().length;
}
