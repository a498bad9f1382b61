/** @module Builds a trigger node from its `+` line, `%` line and the reply lines under it. */
import type { Reporter } from "../diagnostics/report.ts";
import type { Span } from "../diagnostics/types.ts";
import type { ConditionNode, HttpNode, PatternNode, RedirectNode, ReplyNode, TriggerNode } from "./ast.ts";
import { exactArray } from "./exact-array.ts";
import type { Line, LineGroup } from "../../grammar/parser.ts";
import { joinedArgument, trimmedLength, type Concat } from "./line-text.ts";
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
  return spanAt(index, line.token.startOffset, last.startOffset + trimmedLength(last.image));
}

export function buildTrigger(group: Extract<LineGroup, { kind: "trigger" }>, ctx: TriggerContext): TriggerNode {
  const { index, concat, report } = ctx;
  const pattern = patternOf(group.trigger, ctx, "+");
  const previous = group.previous ? patternOf(group.previous, ctx, "%") : null;
  const span = spanAt(index, group.trigger.token.startOffset, lastOffset(group));
  const replies: ReplyNode[] = [];
  const conditions: ConditionNode[] = [];
  let redirect: RedirectNode | null = null;
  const http: HttpNode[] = [];
  for (const line of group.responses) {
    const command = line.token.image.charAt(0);
    const lineSpanned = lineSpan(index, line);
    const src = joinedArgument(index, line, concat, command === "-" || command === "*");
    if (command === "-") {
      const { template, weight } = parseTemplate(src, report);
      replies.push({ type: "Reply", weight: weight?.value ?? 1, body: template, span: lineSpanned });
    } else if (command === "*") {
      const condition = parseCondition(src, lineSpanned, report);
      if (condition) conditions.push(condition);
    } else if (command === "@") {
      redirect ??= parseRedirect(src, lineSpanned, report);
    } else {
      const call = parseHttp(src, lineSpanned, report);
      if (call) http.push(call);
    }
  }
  return {
    type: "Trigger",
    pattern,
    previous,
    replies: exactArray(replies),
    conditions: exactArray(conditions),
    redirect,
    http: exactArray(http),
    ignores: ctx.ignores,
    keepPunctuation: ctx.keepPunctuation,
    span,
  };
}

function patternOf(line: Line, ctx: TriggerContext, command: "+" | "%"): PatternNode {
  const src = joinedArgument(ctx.index, line, ctx.concat, false);
  const pattern = parsePattern(src, ctx.report);
  if (pattern.parts.length === 0) ctx.report.triggerEmpty(lineSpan(ctx.index, line), { command });
  return pattern;
}

function lastOffset(group: Extract<LineGroup, { kind: "trigger" }>): number {
  const last = group.responses[group.responses.length - 1] ?? group.previous ?? group.trigger;
  const token = last.continues[last.continues.length - 1] ?? last.token;
  return token.startOffset + trimmedLength(token.image);
}
