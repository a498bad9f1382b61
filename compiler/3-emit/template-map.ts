/** @module Rebuilds a template bottom-up through every nested template (values, options, bodies, arguments). */
import type { Template, TemplatePart } from "../ir/types.ts";

/** Applies `fn` to every part, children first. `fn` returns the part to keep (possibly the same one). */
export function mapTemplate(template: Template, fn: (part: TemplatePart) => TemplatePart): Template {
  return template.map((p) => fn(mapChildren(p, fn)));
}

function mapChildren(p: TemplatePart, fn: (part: TemplatePart) => TemplatePart): TemplatePart {
  const m = (t: Template): Template => mapTemplate(t, fn);
  switch (p.type) {
    case "text":
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
      return p;
    case "set":
    case "botSet":
    case "envSet":
    case "math":
      return { ...p, value: m(p.value) };
    case "random":
      return { ...p, options: p.options.map(m) };
    case "format":
      return { ...p, body: m(p.body) };
    case "inlineRedirect":
      return { ...p, target: m(p.target) };
    case "call":
      return { ...p, args: m(p.args) };
    case "media":
      return { ...p, url: m(p.url) };
    case "buttons":
      return { ...p, labels: p.labels.map(m) };
    case "link":
      return { ...p, url: m(p.url), title: p.title ? m(p.title) : null };
    case "reminder":
      return { ...p, text: m(p.text), at: m(p.at) };
    default: {
      const _exhaustive: never = p;
      return _exhaustive;
    }
  }
}
