/** @module BOT208: no `+ *` catch-all in topic `default`, so unmatched messages get silence. */
import { createRule } from "../types.ts";
import { ruleMeta } from "../rule-meta.ts";

export default createRule({
  meta: ruleMeta("catch-all-missing", "BOT208", "suggestion", { defaultOptions: {} }),
  create(ctx) {
    return {
      bot(ir) {
        const topic = ir.topics.default;
        const file = ir.files[0];
        if (!topic || file === undefined) return;
        if (topic.triggers.some((id) => ir.triggers[id]?.pattern.catchAll)) return;
        const start = { offset: 0, line: 1, column: 1 };
        ctx.report({ span: topic.span ?? { file, start, end: start }, messageId: "main", data: {} });
      },
    };
  },
});
