/** @module BOT209: `@name` or `(@name)` in a trigger or `%` pattern for an array no `! array` defines. */
import type { Pattern, PatternPart } from "../../ir/types.ts";
import { createRule } from "../types.ts";
import { ruleMeta } from "../rule-meta.ts";

function arrayNames(parts: readonly PatternPart[], out: Set<string>): Set<string> {
  for (const p of parts) {
    if (p.type === "array") out.add(p.name);
    if (p.type === "alternatives" || p.type === "optional") for (const o of p.options) arrayNames(o, out);
  }
  return out;
}

export default createRule({
  meta: ruleMeta("array-unknown", "BOT209", "problem", { defaultOptions: {} }),
  create(ctx) {
    const check = (pattern: Pattern): void => {
      for (const name of arrayNames(pattern.parts, new Set())) {
        if (!Object.hasOwn(ctx.ir.arrays, name)) ctx.report({ span: pattern.span, messageId: "main", data: { name } });
      }
    };
    return {
      trigger(trigger) {
        check(trigger.pattern);
        if (trigger.previous) check(trigger.previous);
      },
    };
  },
});
