/** @module Hover: tags and shortcodes from the language table, names (where set and read), triggers (sort position, shadowing), reply text (segments, encoding). */
import type { Span } from "../compiler/diagnostics/types.ts";
import { renderMessages } from "../compiler/lint/messages.ts";
import { replyVariants } from "../compiler/lint/walk.ts";
import { irTrigger, occurrenceAt, occurrencesOf, redirectTarget, triggerAt, type BotModel } from "./bot-model.ts";
import { entryFor } from "./language-table.ts";
import type { Occurrence } from "./symbols.ts";

export interface HoverResult {
  markdown: string;
  span: Span | null;
  /** When no span: the offsets of the hovered word in the current text. */
  range?: { start: number; end: number };
}

/** `text` is the file's current text, `offset` a position in it (the model was built from the same text). */
export function hoverAt(model: BotModel, path: string, text: string, offset: number): HoverResult | null {
  if (offset < 0 || offset > text.length) return null;
  const tag = tagAt(text, offset);
  if (tag) {
    const entry = entryFor(tag.name);
    if (entry) return { markdown: `**${entry.syntax}** — ${entry.kind}\n\n${entry.meaning}`, span: null, range: tag };
  }
  const occurrence = occurrenceAt(model, path, offset);
  if (occurrence) return { markdown: describeOccurrence(model, occurrence), span: occurrence.span };
  const trigger = triggerAt(model, path, offset);
  if (!trigger) return null;
  const ir = irTrigger(model, trigger);
  if (!ir) return null;
  if (offset >= trigger.patternSpan.start.offset - 2 && offset <= trigger.patternSpan.end.offset) {
    return { markdown: describeTrigger(model, ir), span: trigger.patternSpan };
  }
  const variant = replyVariants(ir).find((v) => v.span.start.offset <= offset && offset <= v.span.end.offset && v.span.file === path);
  if (!variant) return null;
  const messages = renderMessages(variant, model.compiled.ir, model.config.lint);
  if (messages.length === 0) return { markdown: "This reply sends no text.", span: variant.span };
  const lines = messages.map((m, i) => {
    const media = m.media.length ? `, ${m.media.length} media` : "";
    return `${messages.length > 1 ? `message ${i + 1}: ` : ""}**${m.segments} segment${m.segments === 1 ? "" : "s"}**, ${m.encoding}, ${m.length} characters${media}${m.at ? ` (sent after ${m.at} s)` : ""}`;
  });
  const note = messages.some((m) => m.worstText !== m.parts.map((p) => (p.type === "text" ? p.value : "")).join(""))
    ? `\n\nWorst case: each \`{random}\` at its longest option, each variable at ${model.config.lint.assumedVariableLength} characters.`
    : "";
  return { markdown: `${lines.join("  \n")}${note}`, span: variant.span };
}

/** A tag, brace tag or shortcode name under the cursor: `<delay …`, `{topic=…`, `^image(`. */
export function tagAt(text: string, offset: number): { name: string; start: number; end: number } | null {
  let lineStart = offset;
  while (lineStart > 0 && text.charCodeAt(lineStart - 1) !== 10 && text.charCodeAt(lineStart - 1) !== 13) lineStart--;
  let lineEnd = offset;
  while (lineEnd < text.length && text.charCodeAt(lineEnd) !== 10 && text.charCodeAt(lineEnd) !== 13) lineEnd++;
  const line = text.slice(lineStart, lineEnd);
  for (const m of line.matchAll(/<(\/?[A-Za-z][A-Za-z0-9]*|@)|\{(\/?[A-Za-z]+|@)|\^([A-Za-z][A-Za-z0-9_]*)\(/g)) {
    const start = lineStart + (m.index ?? 0);
    const name = m[1] ?? m[2] ?? m[3] ?? "";
    const end = start + 1 + name.length;
    if (offset >= start && offset <= end) return { name, start, end };
  }
  return null;
}

function describeOccurrence(model: BotModel, o: Occurrence): string {
  if (o.kind === "redirect") {
    const target = redirectTarget(model, o.target, o.topic);
    if (o.target === null) return "Redirects to the trigger that matches `<star>` (known only at run time).";
    return target
      ? `Redirects to \`+ ${target.text}\` (topic \`${target.topic}\`, ${target.span.file}:${target.span.start.line}).`
      : `No trigger in reach of topic \`${o.topic}\` matches \`${o.target}\`.`;
  }
  const all = occurrencesOf(model, o.kind, o.name);
  const count = (role: string): number => all.filter((x) => "role" in x && x.role === role).length;
  const what: Record<string, string> = {
    topic: "topic",
    var: "user variable",
    bot: "bot variable",
    env: "global",
    array: "array",
    object: "object macro",
    sub: "substitution",
    person: "person substitution",
  };
  const parts = [`**${what[o.kind] ?? o.kind}** \`${o.name}\``];
  if (o.kind === "topic") {
    const topic = model.compiled.ir.topics[o.name];
    if (topic) {
      parts.push(`${topic.triggers.length + topic.previous.length} triggers in match order`);
      if (topic.includes.length) parts.push(`includes ${topic.includes.map((t) => `\`${t}\``).join(", ")}`);
      if (topic.inherits.length) parts.push(`inherits ${topic.inherits.map((t) => `\`${t}\``).join(", ")}`);
      if (topic.isolated) parts.push("isolated");
    } else parts.push("not defined anywhere in this bot");
  } else if (o.kind === "array") {
    const items = model.compiled.ir.arrays[o.name];
    parts.push(items ? `${items.length} items: ${items.slice(0, 10).join(", ")}${items.length > 10 ? " …" : ""}` : "not defined (`! array`)");
  } else if (o.kind === "bot" || o.kind === "env") {
    const value = (o.kind === "bot" ? model.compiled.ir.vars : model.compiled.ir.globals)[o.name];
    parts.push(value === undefined ? "no initial value" : `initial value \`${value}\``);
  }
  parts.push(`defined/set in ${count("definition") + count("write")} place(s), read in ${count("read")}`);
  return parts.join(" — ");
}

function describeTrigger(model: BotModel, trigger: NonNullable<ReturnType<typeof irTrigger>>): string {
  const topic = model.compiled.ir.topics[trigger.topic];
  const list = trigger.previous ? topic?.previous : topic?.triggers;
  const position = list ? list.indexOf(trigger.id) : -1;
  const lines = [`**trigger** \`${trigger.text}\` in topic \`${trigger.topic}\``];
  if (list && position >= 0) lines.push(`Tried ${ordinal(position + 1)} of ${list.length}${trigger.previous ? " `%` triggers" : ""} in its topic.`);
  const here = `${trigger.span.file}:${trigger.span.start.line}`;
  for (const d of model.diagnostics) {
    if (d.code !== "BOT203") continue;
    if (d.span.file === trigger.pattern.span.file && d.span.start.offset === trigger.pattern.span.start.offset) lines.push(`Shadowed: ${d.message}`);
    else if (d.message.includes(` ${here} `)) lines.push(`Shadows \`${String(d.data?.["trigger"] ?? "")}\` (${d.span.file}:${d.span.start.line}).`);
  }
  return lines.join("\n\n");
}

function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? "th" : (({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th");
  return `${n}${suffix}`;
}
