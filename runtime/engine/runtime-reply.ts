/**
 * @module Replies as the brain keeps them: the IR's reply templates without source spans.
 * Spans serve lint and logs; a running bot does not need them, and they are most of a large IR's weight.
 */
import type { ConditionIR, HttpCallIR, ReplyIR, Template, TemplatePart, WeightedReply } from "../../compiler/ir/types.ts";

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

function partWithoutSpan(part: TemplatePart): TemplatePart {
  switch (part.type) {
    case "text":
      return part;
    case "set":
    case "botSet":
    case "envSet":
    case "math":
      return omitSpan(part, { value: withoutSpans(part.value) });
    case "random":
      return omitSpan(part, { options: part.options.map(withoutSpans) });
    case "format":
      return omitSpan(part, { body: withoutSpans(part.body) });
    case "inlineRedirect":
      return omitSpan(part, { target: withoutSpans(part.target) });
    case "call":
      return omitSpan(part, { args: withoutSpans(part.args) });
    case "media":
      return omitSpan(part, { url: withoutSpans(part.url) });
    case "buttons":
      return omitSpan(part, { labels: part.labels.map(withoutSpans) });
    case "link":
      return omitSpan(part, { url: withoutSpans(part.url), title: part.title === null ? null : withoutSpans(part.title) });
    case "reminder":
      return omitSpan(part, { text: withoutSpans(part.text), at: withoutSpans(part.at) });
    case "star":
    case "input":
    case "reply":
    case "id":
    case "get":
    case "bot":
    case "env":
    case "arrayPick":
    case "httpValue":
    case "topic":
    case "ok":
    case "send":
    case "delay":
    case "noReply":
    case "reminderCancel":
    case "template":
    case "metadata":
    case "notifyAgent":
      return omitSpan(part);
    default: {
      const _exhaustive: never = part;
      return _exhaustive;
    }
  }
}

/**
 * The part without its span, with nested templates replaced. `template`/`metadata` JSON values are shared,
 * never walked: a key named `span` there is the author's data.
 */
function omitSpan<P extends TemplatePart>(part: P, nested: Partial<P> = {}): P {
  const { span: _span, ...rest } = part;
  // Without `span` (optional on every part) and with templates of the same type, it is still a P.
  return { ...rest, ...nested } as P;
}
