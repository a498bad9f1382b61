/** @module BOT207: `<get x>` for a user variable that nothing ever sets. */
import type { BotIR, PatternPart } from "../../ir/types.ts";
import { createRule } from "../types.ts";
import { ruleMeta } from "../rule-meta.ts";
import { triggerTemplates, walkTemplate } from "../walk.ts";

/** A test for "something sets this name": `<set>` or math tags anywhere, or the name quoted in macro code. */
function setterIndex(ir: BotIR): (name: string) => boolean {
  const names = new Set(["topic"]);
  for (const trigger of ir.triggers) {
    for (const template of triggerTemplates(trigger)) {
      walkTemplate(template, (part) => {
        if (part.type === "set" || part.type === "math") names.add(part.name);
      });
    }
  }
  // Macros can call setUservar(user, "name", …): a quoted name in their code counts as set.
  const macroCode = Object.values(ir.objects).map((o) => o.code).join("\n");
  return (name) => names.has(name) || [`"${name}"`, `'${name}'`, `\`${name}\``].some((q) => macroCode.includes(q));
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
        if (part.type === "get" && !isSet(part.name)) {
          ctx.report({ span: part.span ?? fallback, messageId: "main", data: { name: part.name } });
        }
      },
    };
  },
});
