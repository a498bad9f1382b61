/** @module Which template parts hold nested templates, and where: the one place the compiler, lint and runtime learn it. */
import type { Template, TemplatePart, VariableName } from "./types.ts";

/**
 * The templates nested directly inside one part, in source order. The switch is exhaustive so that a new
 * part type must say here whether it nests templates; otherwise emit, lint and the runtime would silently
 * skip what it holds.
 */
export function templateChildren(part: TemplatePart): Template[] {
  switch (part.type) {
    case "set":
    case "botSet":
    case "envSet":
    case "math":
      return typeof part.name === "string" ? [part.value] : [part.name, part.value];
    case "get":
    case "bot":
    case "env":
      return typeof part.name === "string" ? [] : [part.name];
    case "random":
      return part.options;
    case "format":
      return [part.body];
    case "inlineRedirect":
      return [part.target];
    case "call":
      return [part.args];
    case "media":
      return [part.url];
    case "buttons":
      return part.labels;
    case "link":
      return part.title === null ? [part.url] : [part.url, part.title];
    case "reminder":
      return [part.text, part.at];
    case "text":
    case "star":
    case "input":
    case "reply":
    case "id":
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
      return [];
    default: {
      const _exhaustive: never = part;
      return _exhaustive;
    }
  }
}

/**
 * A shallow copy of `part` with each nested template replaced by `map(template, context)`; a part without
 * nested templates is returned as it is, not copied. `template`/`metadata` JSON is the author's data and is
 * never walked. `context` is handed to `map` so a caller on a hot path (emit runs this for every part of
 * every trigger) can pass a plain function instead of allocating a closure per call.
 */
export function withTemplateChildren<C>(part: TemplatePart, map: (template: Template, context: C) => Template, context: C): TemplatePart {
  switch (part.type) {
    case "set":
    case "botSet":
    case "envSet":
    case "math":
      return { ...part, name: mapName(part.name, map, context), value: map(part.value, context) };
    case "get":
    case "bot":
    case "env":
      return typeof part.name === "string" ? part : { ...part, name: map(part.name, context) };
    case "random":
      return { ...part, options: part.options.map((t) => map(t, context)) };
    case "format":
      return { ...part, body: map(part.body, context) };
    case "inlineRedirect":
      return { ...part, target: map(part.target, context) };
    case "call":
      return { ...part, args: map(part.args, context) };
    case "media":
      return { ...part, url: map(part.url, context) };
    case "buttons":
      return { ...part, labels: part.labels.map((t) => map(t, context)) };
    case "link":
      return { ...part, url: map(part.url, context), title: part.title === null ? null : map(part.title, context) };
    case "reminder":
      return { ...part, text: map(part.text, context), at: map(part.at, context) };
    case "text":
    case "star":
    case "input":
    case "reply":
    case "id":
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
      return part;
    default: {
      const _exhaustive: never = part;
      return _exhaustive;
    }
  }
}

function mapName<C>(name: VariableName, map: (template: Template, context: C) => Template, context: C): VariableName {
  return typeof name === "string" ? name : map(name, context);
}
