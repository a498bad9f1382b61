/** @module BOT203: a trigger sorted after one that matches everything it does (a duplicate, or a weighted catch-all). */
import type { TriggerIR } from "../../ir/types.ts";
import { createRule } from "../types.ts";
import { ruleMeta } from "../rule-meta.ts";

const keyOf = (t: TriggerIR): string => JSON.stringify([t.pattern.catchAll, t.pattern.parts, t.previous?.parts ?? null]);
const where = (t: TriggerIR): string => `${t.span.file}:${t.span.start.line}`;

export default createRule({
  meta: ruleMeta("trigger-shadowed", "BOT203", "suggestion", { defaultOptions: {} }),
  create(ctx) {
    return {
      topic(topic) {
        for (const list of [topic.previous, topic.triggers]) {
          const seen = new Map<string, TriggerIR>();
          let catchAll: TriggerIR | null = null;
          for (const id of list) {
            const t = ctx.ir.triggers[id];
            if (!t) continue;
            const own = t.topic === topic.name;
            const earlier = seen.get(keyOf(t));
            if (own && earlier && earlier.topic === topic.name) {
              ctx.report({
                span: t.pattern.span,
                messageId: "main",
                data: { trigger: t.text, reason: `the same trigger at ${where(earlier)} is tried first` },
              });
            } else if (own && catchAll && !t.pattern.catchAll) {
              ctx.report({ span: t.pattern.span, messageId: "main", data: { trigger: t.text, reason: `the catch-all at ${where(catchAll)} is tried first` } });
            }
            if (!earlier) seen.set(keyOf(t), t);
            if (!catchAll && t.pattern.catchAll && !t.previous && t.topic === topic.name) catchAll = t;
          }
        }
      },
    };
  },
});
