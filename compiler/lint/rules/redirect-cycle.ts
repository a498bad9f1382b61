/** @module BOT205: unconditional redirects that lead back to where they started. */
import type { TriggerIR } from "../../ir/types.ts";
import { createRule } from "../types.ts";
import { ruleMeta } from "../rule-meta.ts";
import { firstMatch } from "../patterns.ts";
import { spanOfParts, staticText } from "../walk.ts";
import { findLine } from "../locate.ts";

export default createRule({
  meta: ruleMeta("redirect-cycle", "BOT205", "problem", { defaultOptions: {} }),
  create(ctx) {
    return {
      bot(ir) {
        // An `@` redirect with no conditions always fires; its static text picks one trigger.
        const next = new Map<number, TriggerIR>();
        for (const t of ir.triggers) {
          if (!t.reply.redirect || t.reply.conditions.length > 0) continue;
          const text = staticText(t.reply.redirect);
          const target = text === null ? null : firstMatch(ir, t.topic, text);
          if (target) next.set(t.id, target);
        }
        const state = new Map<number, "active" | "done">();
        const reported = new Set<string>();
        for (const start of next.keys()) {
          const path: TriggerIR[] = [];
          let id: number | undefined = start;
          while (id !== undefined && state.get(id) === undefined) {
            state.set(id, "active");
            const t: TriggerIR | undefined = ir.triggers[id];
            if (t) path.push(t);
            id = next.get(id)?.id;
          }
          if (id !== undefined && state.get(id) === "active") {
            const loop = path.slice(path.findIndex((t) => t.id === id));
            const first = loop.reduce((a, b) => (b.id < a.id ? b : a));
            const key = loop.map((t) => t.id).sort().join(",");
            if (!reported.has(key)) {
              reported.add(key);
              const at = loop.indexOf(first);
              const ordered = [...loop.slice(at), ...loop.slice(0, at), first];
              const redirect = first.reply.redirect ?? [];
              ctx.report({
                span: findLine(/^\s*@/, first.span, ctx.env.sources) ?? spanOfParts(redirect, first.span),
                messageId: "main",
                data: { cycle: ordered.map((t) => `"${t.text}"`).join(" → ") },
              });
            }
          }
          for (const t of path) state.set(t.id, "done");
        }
      },
    };
  },
});
