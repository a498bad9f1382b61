/** @module Rebuilds a template bottom-up through every nested template (values, options, bodies, arguments). */
import type { Template, TemplatePart } from "../ir/types.ts";

/** Rewrites one part whose children are already rewritten; returns the part to keep (possibly the same one). */
export interface PartMapper<C> {
  (part: TemplatePart, context: C): TemplatePart;
}

/**
 * Applies `fn` to every part, children first, and returns a new array. `context` is passed through so
 * callers need no closure per call: this runs for every template of every trigger.
 */
export function mapTemplate<C>(template: Template, fn: PartMapper<C>, context: C): Template {
  return template.map((p) => fn(mapChildren(p, fn, context), context));
}

function mapChildren<C>(p: TemplatePart, fn: PartMapper<C>, context: C): TemplatePart {
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
      return { ...p, value: mapTemplate(p.value, fn, context) };
    case "random":
      return { ...p, options: mapAll(p.options, fn, context) };
    case "format":
      return { ...p, body: mapTemplate(p.body, fn, context) };
    case "inlineRedirect":
      return { ...p, target: mapTemplate(p.target, fn, context) };
    case "call":
      return { ...p, args: mapTemplate(p.args, fn, context) };
    case "media":
      return { ...p, url: mapTemplate(p.url, fn, context) };
    case "buttons":
      return { ...p, labels: mapAll(p.labels, fn, context) };
    case "link":
      return { ...p, url: mapTemplate(p.url, fn, context), title: p.title ? mapTemplate(p.title, fn, context) : null };
    case "reminder":
      return { ...p, text: mapTemplate(p.text, fn, context), at: mapTemplate(p.at, fn, context) };
    default: {
      const _exhaustive: never = p;
      return _exhaustive;
    }
  }
}

function mapAll<C>(templates: Template[], fn: PartMapper<C>, context: C): Template[] {
  return templates.map((t) => mapTemplate(t, fn, context));
}
