/** @module BOT206: `<starN>`/`<botstarN>` past the number of captures of the trigger (or `%` line), when it has any. */
import { createRule } from "../types.ts";
import { ruleMeta } from "../rule-meta.ts";
import { captureCount } from "../patterns.ts";

export default createRule({
  meta: ruleMeta("star-index-out-of-range", "BOT206", "problem", { defaultOptions: {} }),
  create(ctx) {
    return {
      part(part, trigger, fallback) {
        if (part.type !== "star" || !trigger) return;
        const pattern = part.source === "user" ? trigger.pattern : trigger.previous;
        const count = pattern ? captureCount(pattern) : 0;
        // A pattern that captures nothing is BOT220's (a warning: rivescript renders `undefined` and goes on).
        if (part.index <= count || count === 0) return;
        const tag = part.source === "user" ? "star" : "botstar";
        ctx.report({ span: part.span ?? fallback, messageId: "main", data: { tag, index: part.index, count } });
      },
    };
  },
});
