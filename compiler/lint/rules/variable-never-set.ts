/** @module BOT207: `<get x>` for a user variable that nothing ever sets. */
import type { BotIR, PatternPart, Template } from "../../ir/types.ts";
import { createRule } from "../types.ts";
import { ruleMeta } from "../rule-meta.ts";
import { triggerTemplates, walkTemplate } from "../walk.ts";

/**
 * A test for "something sets this name": `<set>` or math tags anywhere, or the name quoted in macro code.
 * A setter whose name is built at run time (`<set fav<star>=…>`) may set any name of its shape, so
 * `favcolor` counts as set there; a `<get>` whose name is built at run time is never reported.
 */
function setterIndex(ir: BotIR): (name: string) => boolean {
  const names = new Set(["topic"]);
  const shapes: RegExp[] = [];
  for (const trigger of ir.triggers) {
    for (const template of triggerTemplates(trigger)) {
      walkTemplate(template, (part) => {
        if (part.type !== "set" && part.type !== "math") return;
        if (typeof part.name === "string") names.add(part.name);
        else shapes.push(nameShape(part.name));
      });
    }
  }
  // Macros can call setUservar(user, "name", …): a quoted name in their code counts as set.
  const macroCode = Object.values(ir.objects)
    .map((o) => o.code)
    .join("\n");
  return (name) => names.has(name) || shapes.some((shape) => shape.test(name)) || [`"${name}"`, `'${name}'`, `\`${name}\``].some((q) => macroCode.includes(q));
}

/** The names a run-time name can render to: its text as written, anything where a tag is. */
function nameShape(name: Template): RegExp {
  const source = name.map((p) => (p.type === "text" ? p.value.trim().replace(/[.*+?^${}()|[\]\\]/g, "\\$&") : "[^]*")).join("");
  return new RegExp(`^${source}$`, "u");
}

function patternGets(parts: readonly PatternPart[], out: string[]): void {
  for (const p of parts) {
    if (p.type === "get") out.push(p.name);
    if (p.type === "alternatives" || p.type === "optional") for (const o of p.options) patternGets(o, out);
  }
}

export default createRule({
  meta: ruleMeta("variable-never-set", "BOT207", "suggestion", { defaultOptions: {} }),
  create(ctx) {
    let index: ((name: string) => boolean) | null = null;
    const isSet = (name: string): boolean => name.startsWith("_") || (index ??= setterIndex(ctx.ir))(name);
    return {
      trigger(trigger) {
        const names: string[] = [];
        patternGets(trigger.pattern.parts, names);
        for (const name of names) {
          if (!isSet(name)) ctx.report({ span: trigger.pattern.span, messageId: "main", data: { name } });
        }
      },
      part(part, _trigger, fallback) {
        if (part.type === "get" && typeof part.name === "string" && !isSet(part.name)) {
          ctx.report({ span: part.span ?? fallback, messageId: "main", data: { name: part.name } });
        }
      },
    };
  },
});
