/** @module Template walking: every nested template part, and the reply variants of a trigger. */
import { templateChildren } from "../ir/template-children.ts";
import type { Template, TemplatePart, TriggerIR, VariableName } from "../ir/types.ts";
import type { Span } from "../diagnostics/types.ts";
import type { ReplyVariant } from "./types.ts";

/** Calls `visit` for every part of `template`, depth first, nested templates included. */
export function walkTemplate(template: Template, visit: (part: TemplatePart) => void): void {
  for (const part of template) {
    visit(part);
    for (const child of templateChildren(part)) walkTemplate(child, visit);
  }
}

/** Every template a trigger holds: replies, conditions (both sides), redirect, HTTP URLs and options. */
export function triggerTemplates(trigger: TriggerIR): Template[] {
  const reply = trigger.reply;
  const out: Template[] = [];
  for (const call of reply.http) {
    out.push(call.url);
    if (call.options) out.push(call.options);
  }
  if (reply.redirect) out.push(reply.redirect);
  for (const c of reply.conditions) out.push(c.left, c.right, c.body);
  for (const r of reply.replies) out.push(r.body);
  return out;
}

/** The ways a trigger answers: each `-` reply, each condition body, and each reminder text inside them. */
export function replyVariants(trigger: TriggerIR): ReplyVariant[] {
  const direct: ReplyVariant[] = [
    ...trigger.reply.conditions.map((c) => ({ kind: "condition" as const, body: c.body, span: c.span, trigger })),
    ...trigger.reply.replies.map((r) => ({ kind: "reply" as const, body: r.body, span: r.span, trigger })),
  ];
  const reminders: ReplyVariant[] = [];
  for (const variant of direct) {
    walkTemplate(variant.body, (part) => {
      if (part.type === "reminder") {
        reminders.push({ kind: "reminder", body: part.text, span: part.span ?? variant.span, trigger });
      }
    });
  }
  return [...direct, ...reminders];
}

/** The span covering the parts that have one, else `fallback`. */
export function spanOfParts(parts: readonly TemplatePart[], fallback: Span): Span {
  const spans = parts.map((p) => p.span).filter((s): s is Span => s !== undefined);
  const first = spans[0];
  const last = spans[spans.length - 1];
  if (!first || !last) return fallback;
  return { file: first.file, start: first.start, end: last.end };
}

/** The text of a template made only of text parts, or null when anything is computed at run time. */
export function staticText(template: Template): string | null {
  let text = "";
  for (const part of template) {
    if (part.type !== "text") return null;
    text += part.value;
  }
  return text;
}

/** A variable name known before the bot runs, or null when tags nested in it build it at run time. */
export function staticName(name: VariableName): string | null {
  return typeof name === "string" ? name : null;
}
