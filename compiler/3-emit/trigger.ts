/** @module One analysed trigger → TriggerIR: pattern, reply parts, HTTP result names and topic aliases resolved. */
import type { Template, TemplatePart, TriggerIR } from "../ir/types.ts";
import type { AnalyzedTrigger } from "../2-analyze/types.ts";
import { canonicalTopic } from "../2-analyze/types.ts";
import { expandArrayPick } from "./array-pick.ts";
import { emitPattern } from "./pattern.ts";
import { mapTemplate } from "./template-map.ts";

export function emitTrigger(t: AnalyzedTrigger, arrayTexts: Record<string, string[]>): TriggerIR {
  const { node } = t;
  const names = new Set(node.http.flatMap((h) => (h.name ? [h.name] : [])));
  const resolve = (template: Template): Template => mapTemplate(template, (p) => resolvePart(p, names, arrayTexts));
  return {
    id: t.id,
    topic: t.topic,
    text: node.pattern.text,
    pattern: emitPattern(node.pattern),
    previous: node.previous ? emitPattern(node.previous) : null,
    weight: node.pattern.weight,
    keepPunctuation: node.keepPunctuation,
    reply: {
      http: node.http.map((h) => ({
        method: h.method,
        name: h.name,
        url: resolve(h.url),
        options: h.options ? resolve(h.options) : null,
        span: h.span,
      })),
      redirect: node.redirect ? resolve(node.redirect.target) : null,
      conditions: node.conditions.map((c) => ({
        left: resolve(c.left),
        op: c.op,
        right: resolve(c.right),
        body: resolve(c.body),
        span: c.span,
      })),
      replies: node.replies.map((r) => ({ weight: r.weight, body: resolve(r.body), span: r.span })),
    },
    ignores: node.ignores,
    span: node.span,
  };
}

/**
 * `${{name.path}}` reads the named call when the trigger has a `$ METHOD:name`; `{topic=random}` is
 * `default`; `(@name)` of a defined array picks one of its items.
 */
function resolvePart(p: TemplatePart, names: Set<string>, arrayTexts: Record<string, string[]>): TemplatePart {
  if (p.type === "arrayPick") return expandArrayPick(p, Object.hasOwn(arrayTexts, p.name) ? arrayTexts[p.name] : undefined);
  if (p.type === "httpValue" && p.call === null && p.path.length > 1 && names.has(p.path[0] ?? "")) {
    return { ...p, call: p.path[0] ?? null, path: p.path.slice(1) };
  }
  if (p.type === "topic") return { ...p, name: canonicalTopic(p.name) };
  return p;
}
