/** @module One analysed trigger → TriggerIR: pattern, reply parts, HTTP result names and topic aliases resolved. */
import type { Template, TemplatePart, TriggerIR } from "../ir/types.ts";
import type { AnalyzedTrigger } from "../2-analyze/types.ts";
import { canonicalTopic } from "../2-analyze/types.ts";
import { expandArrayPick } from "./array-pick.ts";
import { emitPattern } from "./pattern.ts";
import { mapTemplate } from "./template-map.ts";

interface Names {
  /** Names of this trigger's `$ METHOD:name` calls. */
  calls: ReadonlySet<string>;
  arrayTexts: Record<string, string[]>;
}

const noCalls: ReadonlySet<string> = new Set();

export function emitTrigger(t: AnalyzedTrigger, arrayTexts: Record<string, string[]>): TriggerIR {
  const { node } = t;
  const names: Names = { calls: node.http.length === 0 ? noCalls : callNames(node.http), arrayTexts };
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
        url: resolve(h.url, names),
        options: h.options ? resolve(h.options, names) : null,
        span: h.span,
      })),
      redirect: node.redirect ? resolve(node.redirect.target, names) : null,
      conditions: node.conditions.map((c) => ({
        left: resolve(c.left, names),
        op: c.op,
        right: resolve(c.right, names),
        body: resolve(c.body, names),
        span: c.span,
      })),
      replies: node.replies.map((r) => ({ weight: r.weight, body: resolve(r.body, names), span: r.span })),
    },
    ignores: node.ignores,
    span: node.span,
  };
}

function callNames(http: AnalyzedTrigger["node"]["http"]): ReadonlySet<string> {
  const calls = new Set<string>();
  for (const h of http) if (h.name) calls.add(h.name);
  return calls;
}

function resolve(template: Template, names: Names): Template {
  return mapTemplate(template, resolvePart, names);
}

/**
 * `${{name.path}}` reads the named call when the trigger has a `$ METHOD:name`; `{topic=random}` is
 * `default`; `(@name)` of a defined array picks one of its items.
 */
function resolvePart(p: TemplatePart, names: Names): TemplatePart {
  if (p.type === "arrayPick") return expandArrayPick(p, Object.hasOwn(names.arrayTexts, p.name) ? names.arrayTexts[p.name] : undefined);
  if (p.type === "httpValue" && p.call === null && p.path.length > 1 && names.calls.has(p.path[0] ?? "")) {
    return { ...p, call: p.path[0] ?? null, path: p.path.slice(1) };
  }
  if (p.type === "topic") return { ...p, name: canonicalTopic(p.name) };
  return p;
}
