/**
 * @module Replies as the brain keeps them: the IR's reply templates without source spans.
 * Spans serve lint and logs; a running bot does not need them, and they are most of a large IR's weight.
 */
import { withTemplateChildren } from "../compiler/ir/template-children.ts";
import type { ConditionIR, HttpCallIR, ReplyIR, Template, TemplatePart, WeightedReply } from "../compiler/ir/types.ts";

export type RuntimeHttpCall = Omit<HttpCallIR, "span">;
export type RuntimeCondition = Omit<ConditionIR, "span">;
export type RuntimeWeightedReply = Omit<WeightedReply, "span">;

export interface RuntimeReply {
  http: readonly RuntimeHttpCall[];
  redirect: Template | null;
  conditions: readonly RuntimeCondition[];
  replies: readonly RuntimeWeightedReply[];
}

/** Shared by every reply without HTTP calls or conditions (most of them). */
const NONE: readonly never[] = Object.freeze([]);

export function runtimeReply(reply: ReplyIR): RuntimeReply {
  return {
    http: reply.http.length === 0 ? NONE : reply.http.map(httpCallWithoutSpans),
    redirect: reply.redirect === null ? null : withoutSpans(reply.redirect),
    conditions: reply.conditions.length === 0 ? NONE : reply.conditions.map(conditionWithoutSpans),
    // `map` sizes the array exactly; a pushed-to array would reserve room for 16 more replies.
    replies: reply.replies.map(weightedWithoutSpans),
  };
}

/**
 * Plain text parts carry no span, so a text-only template (most reply bodies) is shared as it is rather
 * than copied. A value that is not a list of parts (a damaged IR) is kept as it is: it fails when that
 * reply is used, a step error the runtime logs, instead of stopping the whole bot from loading.
 */
export function withoutSpans(template: Template): Template {
  if (!Array.isArray(template)) return template;
  for (const part of template) if (part.type !== "text") return template.map(partWithoutSpan);
  return template;
}

function httpCallWithoutSpans(call: HttpCallIR): RuntimeHttpCall {
  return { method: call.method, name: call.name, url: withoutSpans(call.url), options: call.options === null ? null : withoutSpans(call.options) };
}

function weightedWithoutSpans(chosen: WeightedReply): RuntimeWeightedReply {
  return { weight: chosen.weight, body: withoutSpans(chosen.body) };
}

function conditionWithoutSpans(condition: ConditionIR): RuntimeCondition {
  return { left: withoutSpans(condition.left), op: condition.op, right: withoutSpans(condition.right), body: withoutSpans(condition.body) };
}

/**
 * The part without its span, with nested templates stripped too. Text parts are kept as they are (the
 * compiler gives plain text no span). `template`/`metadata` JSON values are shared, never walked: a key
 * named `span` there is the author's data.
 */
function partWithoutSpan(part: TemplatePart): TemplatePart {
  if (part.type === "text") return part;
  const { span: _span, ...rest } = part;
  // Without `span` (optional on every part) it is still a part of the same type.
  return withTemplateChildren(rest as TemplatePart, withoutSpans, undefined);
}
